import type { Milestone, Plan, PlanDate } from '../../src/domain/plan';

/**
 * General checks of a plan file against the plan document it is read from. Each names a class of
 * error, not a case: the plan says something the document does not, or leaves out what it says.
 */

export type ProblemClass =
  | 'citat' // a source quote that is not the document's words
  | 'datum' // a date text that is neither the document's words nor marked as the tool's reading
  | 'åtagande' // a milestone that is neither the document's commitment nor marked as the tool's reading
  | 'uppföljning' // a follow-up date turned into an end, or shown as one
  | 'löpande' // ongoing work given a deadline
  | 'start' // a start date applied to work it does not name
  | 'utelämnat'; // a sentence of the document the plan leaves out, not listed as deliberate

export interface Problem {
  kind: ProblemClass;
  where: string;
  detail: string;
}

export const fold = (s: string): string => s.replace(/\s+/g, ' ').trim();
const lower = (s: string): string => fold(s).toLowerCase();

/** An expected effect ("möjliggör", "kan på sikt leda till"): the document hopes for it, it does not commit to it. */
const EFFECT = /\b(möjliggör|kan på sikt|leda till|bedömer att)\b/i;
/** Words that say the work goes on: such a date has no deadline. */
const ONGOING = /(?<!\p{L})(pågå|pågår|pågående|löpande)(?!\p{L})/iu;
/** A date that is a follow-up of the work, not its end: "Arbetet följs upp december 2026". */
const FOLLOW_UP = /\bfölj(s|as) (\p{L}+ )?upp\b/iu;
const followUpOf = (quote: string, date: string): boolean =>
  new RegExp(`\\bfölj(s|as) (\\p{L}+ )?upp ${date.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'iu').test(quote);
/** "arbeta med att utveckla": a commitment to work on something, not to its result. */
const WORK_ON = /\barbeta(t)? med att\b/i;

/** The document as the checks read it: folded text, its sentences, and each recommendation's start and end sections. */
export interface Seed {
  text: string;
  sentences: string[];
  starts: string[];
  ends: string[];
}

const HEADINGS = ['Åtgärd', 'Aktiviteter', 'Barnenheten', 'Familjehemsenheten', 'Ansvarig', 'Avslutning'];

export function readSeed(raw: string): Seed {
  const text = fold(raw);
  // Paragraphs are separated by blank lines; a fragment without a full stop is a heading.
  const sentences = raw
    .split(/\n\s*\n/)
    .flatMap((p) => fold(p).split(/(?<!\bbl\.a\.)(?<=\.)\s+/))
    .filter((s) => s.endsWith('.') && !/^Sida \d/.test(s))
    .map((s) => {
      for (const h of HEADINGS)
        if (s.startsWith(`${h} `) && /^[A-ZÅÄÖ]/.test(s.slice(h.length + 1))) return s.slice(h.length + 1);
      return s;
    })
    .filter((s) => s.split(' ').length >= 3);
  const sections = [...text.matchAll(/Startdatum (.*?) Slutdatum (.*?)(?= \d\. Säkerställa| Avslutning|$)/g)];
  return { text, sentences, starts: sections.map((m) => m[1]!), ends: sections.map((m) => m[2]!) };
}

/** Words of six letters or more: what carries a sentence's meaning, so a paraphrase keeps them. */
const contentWords = (s: string): string[] => lower(s).match(/[\p{L}\d][\p{L}\d-]{5,}/gu) ?? [];

/** Every string a reader of the plan sees, one per field: the quotes are the file's evidence, not shown. */
function planTexts(plan: Plan): string[] {
  const out: string[] = [plan.title, plan.qualitySystem, plan.closing ?? ''];
  for (const r of plan.recommendations) {
    out.push(r.title, r.measure, r.responsible, r.start.text, r.end.text);
    for (const a of r.activities) {
      out.push(a.title, a.description, a.start.text, a.end.text);
      for (const m of a.milestones) out.push(m.title);
    }
  }
  return out.filter((t) => t !== '');
}

/** Whether one field of the plan holds every content word of the sentence. */
export function covered(sentence: string, texts: readonly string[]): boolean {
  const words = contentWords(sentence);
  return texts.some((t) => {
    const have = new Set(contentWords(t));
    return words.every((w) => have.has(w));
  });
}

function milestoneProblems(where: string, m: Milestone, seed: Seed): Problem[] {
  const out: Problem[] = [];
  const add = (kind: ProblemClass, detail: string) => out.push({ kind, where: `${where} ${m.id}`, detail });
  for (const q of [m.source, m.reached?.source]) {
    if (q !== undefined && !seed.text.includes(fold(q))) add('citat', `”${q}” står inte i dokumentet`);
  }
  if (m.source === undefined && m.reading !== 'verktyget') {
    add('åtagande', 'milstolpen citerar inte dokumentets åtagande (source) och är inte märkt reading: verktyget');
  }
  if (m.source !== undefined && EFFECT.test(m.source)) {
    add('åtagande', `källan är en väntad effekt, inget åtagande: ”${m.source}”`);
  }
  if (m.source !== undefined && WORK_ON.test(m.source) && !/(?<!\p{L})arbet(a|at|e|et)(?!\p{L})/iu.test(m.title)) {
    add('åtagande', `dokumentet åtar sig att arbeta med något, rubriken ”${m.title}” gör det till ett resultat`);
  }
  const dated: Array<[string, PlanDate, string | undefined]> = [
    ['due', m.due, m.source],
    ...(m.reached ? [['reached', m.reached.when, m.reached.source] as [string, PlanDate, string]] : []),
  ];
  for (const [field, d, quote] of dated) {
    if (d.reading !== 'verktyget' && !(quote !== undefined && lower(quote).includes(lower(d.text)))) {
      add('datum', `${field} ”${d.text}” står inte i milstolpens citat och är inte märkt reading: verktyget`);
    }
    if (ONGOING.test(d.text) && d.to !== undefined)
      add('löpande', `”${d.text}” är löpande men har ett slutdatum ${d.to}`);
    if (followUpOf(fold(quote ?? ''), fold(d.text)) && d.kind !== 'uppföljning') {
      add('uppföljning', `”${d.text}” är en uppföljning enligt citatet men inte märkt kind: uppföljning`);
    }
    if (d.kind === 'uppföljning' && !/uppfölj/i.test(m.title)) {
      add('uppföljning', `milstolpen vid uppföljningen ”${m.title}” säger inte att den är en uppföljning`);
    }
  }
  return out;
}

/** Every problem of the plan against the document, except the sentences listed as deliberate omissions. */
export function fidelityProblems(plan: Plan, seed: Seed, omissions: ReadonlyMap<string, string>): Problem[] {
  const out: Problem[] = [];
  plan.recommendations.forEach((r, i) => {
    const start = seed.starts[i] ?? '';
    const end = seed.ends[i] ?? '';
    if (lower(r.start.text) !== lower(start))
      add('datum', r.id, `start ”${r.start.text}” är inte dokumentets ”${start}”`);
    if (lower(r.end.text) !== lower(end)) add('datum', r.id, `slut ”${r.end.text}” är inte dokumentets ”${end}”`);
    const followedUp = FOLLOW_UP.test(end);
    if (followedUp && r.end.kind !== 'uppföljning') add('uppföljning', r.id, `”${end}” är en uppföljning, inget slut`);
    const startSentences = start.split(/(?<=\.)\s+/);
    for (const a of r.activities) {
      const at = `${r.id} ${a.id}`;
      if (a.start.reading !== 'verktyget' && !lower(start).includes(lower(a.start.text))) {
        add('datum', at, `start ”${a.start.text}” står inte i dokumentets startdatum`);
      }
      if (a.end.reading !== 'verktyget' && !lower(end).includes(lower(a.end.text))) {
        add('datum', at, `slut ”${a.end.text}” står inte i dokumentets slutdatum`);
      }
      if (followedUp && a.end.kind !== 'uppföljning')
        add('uppföljning', at, `”${a.end.text}” är en uppföljning, inget slut`);
      // Where the document dates the work of several units, an activity's start is the whole sentence for its own unit.
      if (startSentences.length > 1) {
        const own = startSentences.find((s) => lower(s).includes(lower(a.unit).replace(/en$/, 'ens')));
        if (!own || lower(own) !== lower(a.start.text)) {
          add(
            'start',
            at,
            `start ”${a.start.text}” säger inte vilket arbete den gäller (dokumentet: ”${own ?? start}”)`,
          );
        }
      }
      for (const m of a.milestones) out.push(...milestoneProblems(at, m, seed));
    }
  });
  const texts = planTexts(plan);
  for (const s of seed.sentences) {
    if (!covered(s, texts) && !omissions.has(s)) add('utelämnat', 'planen', `”${s}”`);
  }
  return out;

  function add(kind: ProblemClass, where: string, detail: string): void {
    out.push({ kind, where, detail });
  }
}

/** The omissions that are no longer true: the sentence is not in the document, or the plan holds it after all. */
export function staleOmissions(plan: Plan, seed: Seed, omissions: ReadonlyMap<string, string>): string[] {
  const texts = planTexts(plan);
  return [...omissions.keys()].filter((s) => !seed.sentences.includes(s) || covered(s, texts));
}
