/**
 * The words and marks every text the bot shows uses, each chosen once: replies.ts and the card
 * views read them from here, and test/teams/glossary.test.ts fails on a word this file rules out.
 */
export const WORDS = {
  /** A dated step of an activity: never "delmål". */
  milestone: 'milstolpe',
  milestones: 'milstolpar',
  /** The person who answers for an activity: never "ägare". */
  responsible: 'ansvarig',
  responsibles: 'ansvariga',
} as const;

/** One mark a meaning: overdue milestones, and a field (or a thing) to fix. */
export const MARK = {
  overdue: '⏰',
  fix: '⚠️',
} as const;

/** Words a person never reads, with the glossary's word to use instead. */
export const RULED_OUT: ReadonlyArray<{ pattern: RegExp; use: string }> = [
  { pattern: /(?<!\p{L})delmål(?:et|en|ets)?(?!\p{L})/iu, use: WORDS.milestone },
  { pattern: /(?<!\p{L})ägar(?:e|en|na|es|ens)(?!\p{L})/iu, use: WORDS.responsible },
];

/** The words ruled out that a text uses, as "delmål (skriv milstolpe)". */
export function ruledOutWords(text: string): string[] {
  return RULED_OUT.flatMap(({ pattern, use }) => {
    const hit = pattern.exec(text);
    return hit ? [`${hit[0]} (skriv ${use})`] : [];
  });
}

/**
 * The one greeting: "Hej Karin!" with the first name the deployment or Teams gives, a plain "Hej!"
 * when neither gives one.
 */
export function hello(name: string | undefined, unnamed?: string): string {
  const first = name?.trim().split(/\s+/)[0];
  return first && first !== unnamed ? `Hej ${first}!` : 'Hej!';
}
