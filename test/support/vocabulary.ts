import { ruledOutWords } from '../../src/teams/glossary';

/** Every Input.Date and Input.Text of a card, however deep. */
export function textInputsOf(node: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(node)) return node.flatMap(textInputsOf);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const self = typeof o.type === 'string' && /^Input\.(Date|Text)$/.test(o.type) ? [o] : [];
  return [...self, ...Object.values(o).flatMap(textInputsOf)];
}

/** The lines a person reads on a card: texts, titles, facts, labels and placeholders (not an input's value). */
function readLines(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => readLines(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const isInput = typeof o.type === 'string' && o.type.startsWith('Input.');
    for (const key of ['text', 'title', 'label', 'placeholder', ...(isInput ? [] : ['value'])]) {
      if (typeof o[key] === 'string') out.push(...(o[key] as string).split('\n'));
    }
    // A refresh action is never shown (Teams runs it by itself), and data is not read.
    Object.entries(o).forEach(([key, value]) => key !== 'refresh' && key !== 'data' && readLines(value, out));
  }
  return out;
}

const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;
/** Teams' own placeholder for dates ("Select a date…"), and other English a Swedish card must not show. */
const ENGLISH = /\b(select|enter|type|date|choose)\b/i;

/**
 * What breaks the glossary on a card: a word it rules out, an ISO date in the text a person reads
 * (a command as typed, "/frånvaro 2027-07-01–…", is what its parser reads and is left), and an
 * Input.Date or Input.Text without a Swedish placeholder.
 */
export function vocabularyProblems(card: unknown, options: { dates?: boolean } = {}): string[] {
  const lines = readLines(card);
  const words = ruledOutWords(lines.join('\n')).map((w) => `a word outside the glossary: ${w}`);
  const dates = (options.dates === false ? [] : lines)
    .filter((line) => !line.trimStart().startsWith('/') && ISO_DATE.test(line))
    .map((line) => `an ISO date in visible text: ${line.slice(0, 120)}`);
  const inputs = textInputsOf(card)
    .filter((i) => typeof i.placeholder !== 'string' || i.placeholder.length === 0 || ENGLISH.test(i.placeholder))
    .map((i) => `input ${String(i.id)} has no Swedish placeholder`);
  return [...words, ...dates, ...inputs];
}
