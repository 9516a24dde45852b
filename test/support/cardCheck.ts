import { officialCardValidator } from './cardSchema';
import { vocabularyProblems } from './vocabulary';

/**
 * Every card the bot sends in a test is checked here: the local connector hands over each card it
 * receives and postActivity each card an invoke answers with. What is wrong is kept until the
 * test ends, when test/support/setupCardCheck.ts fails the test with it.
 */
const problems: string[] = [];

/** Paths of properties whose value is null (the schema allows none the bot uses). */
export function nullProperties(node: unknown, path = ''): string[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => nullProperties(n, `${path}/${i}`));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    value === null ? [`${path}/${key}`] : nullProperties(value, `${path}/${key}`),
  );
}

/**
 * What is wrong with a card: unbound template fields, null properties, (with the schema) the
 * schema's errors, and what breaks the glossary (src/teams/glossary.ts).
 */
export function cardProblems(card: unknown): string[] {
  // Dates only in the fixture corpus (test/teams/glossary.test.ts): over HTTP a card quotes what people
  // typed, and "Möte 2027-02-08" in an owner's comment is theirs to write.
  const found: string[] = [...vocabularyProblems(card, { dates: false })];
  if (JSON.stringify(card).includes('${')) found.push('an unbound ${…} is left in the card');
  found.push(...nullProperties(card).map((p) => `${p} is null`));
  found.push(...(officialCardValidator()?.problems(card) ?? []));
  return found;
}

export function checkSentCard(card: unknown, where: string): void {
  const found = cardProblems(card);
  if (found.length > 0)
    problems.push(`${where}:\n  ${found.join('\n  ')}\n  card: ${JSON.stringify(card).slice(0, 400)}`);
}

export function takeCardProblems(): string[] {
  return problems.splice(0);
}
