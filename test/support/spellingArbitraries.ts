/**
 * Generators for the personnummer guard's property tests: any valid number, written in any grouping
 * a person types, with characters drawn from Unicode's own classes (by property, over every code
 * point) inserted anywhere. Shared by the guard's unit tests and the tests through the bot.
 */
import fc from 'fast-check';
import { getNumericValue } from 'unicode-properties';

/**
 * The guard's classes, each drawn from Unicode's own properties over every code point, not from a
 * list: whatever a reader does not see, every way to write a digit, everything that separates.
 */
const ALL = Array.from({ length: 0x110000 }, (_, cp) => cp);
const members = (test: (ch: string) => boolean): string[] => ALL.map((cp) => String.fromCodePoint(cp)).filter(test);
const is = (re: RegExp) => (ch: string) => re.test(ch);

export const INVISIBLE_CLASSES: Record<string, string[]> = {
  'default-ignorable': members(is(/^\p{Default_Ignorable_Code_Point}$/u)),
  'combining mark (Mn)': members(is(/^\p{Mn}$/u)),
  'enclosing mark (Me)': members(is(/^\p{Me}$/u)),
  'format character (Cf)': members(is(/^\p{Cf}$/u)),
  'variation selector': members(is(/^\p{Variation_Selector}$/u)),
  'bidi control': members(is(/^\p{Bidi_Control}$/u)),
  // Drawn from one half each, so two inserted next to each other never make a pair.
  'lone high surrogate': Array.from({ length: 0x400 }, (_, i) => String.fromCharCode(0xd800 + i)),
  'lone low surrogate': Array.from({ length: 0x400 }, (_, i) => String.fromCharCode(0xdc00 + i)),
  'private use': members(is(/^\p{Co}$/u)),
  'control character (not a blank)': members((ch) => /^\p{Cc}$/u.test(ch) && !/^\s$/u.test(ch)),
};

/** Every character that reads as one digit: decimal digits of every script and compatibility digits. */
export const DIGIT_FORMS: string[][] = Array.from({ length: 10 }, () => []);
for (const cp of ALL) {
  const ch = String.fromCodePoint(cp);
  if (/^[\p{Cs}]$/u.test(ch)) continue;
  const nfkc = ch.normalize('NFKC');
  if (/^[0-9]$/.test(nfkc)) DIGIT_FORMS[Number(nfkc)]!.push(ch);
  else if (/^[\p{Nd}\p{No}]$/u.test(nfkc)) {
    const v = getNumericValue(nfkc.codePointAt(0)!);
    if (v !== null && Number.isInteger(v) && v >= 0 && v <= 9) DIGIT_FORMS[v]!.push(ch);
  }
}
// Keycaps: the digit, VS16 and the combining enclosing keycap.
for (let d = 0; d <= 9; d++) DIGIT_FORMS[d]!.push(`${d}\ufe0f\u20e3`);

/** Characters a reader takes for neither a letter nor a digit, not even after NFKC (℡ reads "TEL"). */
export const SEPARATORS = members(
  (ch) =>
    /^[\p{P}\p{S}\p{Z}\t\n\r]$/u.test(ch) &&
    !/[\p{L}\p{N}\p{M}]/u.test(ch.normalize('NFKC')) &&
    !/^\p{Default_Ignorable_Code_Point}$/u.test(ch),
);

// Computed here rather than taken from the package, so the test does not check the package against itself.
export function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i++) {
    let v = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (v > 9) v -= 9;
    sum += v;
  }
  return (10 - (sum % 10)) % 10;
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** Any valid personnummer or samordningsnummer, as its twelve digits. */
export const aNumber = fc
  .record({
    day: fc.integer({ min: 0, max: 45_000 }),
    serial: fc.integer({ min: 1, max: 999 }),
    coordination: fc.boolean(),
  })
  .map(({ day, serial, coordination }) => {
    const born = new Date(Date.UTC(1905, 0, 1) + day * 86_400_000);
    const yy = pad(born.getUTCFullYear() % 100, 2);
    const date = `${yy}${pad(born.getUTCMonth() + 1, 2)}${pad(born.getUTCDate() + (coordination ? 60 : 0), 2)}`;
    const s = pad(serial, 3);
    return `${Math.floor(born.getUTCFullYear() / 100)}${date}${s}${luhnCheckDigit(date + s)}`;
  });

/** The groupings a person types, as the lengths of the groups of the twelve or ten digits. */
export const GROUPINGS: number[][] = [
  [6, 4],
  [8, 4],
  [2, 2, 2, 4],
  [4, 2, 2, 4],
  [6, 2, 2],
  [8, 2, 2],
  [2, 2, 2, 2, 2],
  [4, 2, 2, 2, 2],
  [10],
  [12],
  [1, 1, 1, 1, 1, 1, 4],
];

/** One of many (too many to spread into fc.constantFrom). */
export const oneOf = (klass: string[]) => fc.nat({ max: klass.length - 1 }).map((i) => klass[i]!);

export const aSeparator = fc.array(oneOf(SEPARATORS), { minLength: 1, maxLength: 4 }).map((chars) => chars.join(''));

/** The number written in a grouping, separators drawn from the class, digits in any form. */
export const aSpelling = fc
  .record({
    digits: aNumber,
    grouping: fc.constantFrom(...GROUPINGS),
    separators: fc.array(aSeparator, { minLength: 6, maxLength: 6 }),
    forms: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
    plainDigits: fc.boolean(),
  })
  .map(({ digits, grouping, separators, forms, plainDigits }) => {
    const total = grouping.reduce((a, b) => a + b, 0);
    const written = digits.slice(12 - total);
    let out = '';
    let at = 0;
    grouping.forEach((len, g) => {
      for (let k = at; k < at + len; k++) {
        const d = Number(written[k]);
        const choices = DIGIT_FORMS[d]!;
        out += plainDigits ? String(d) : choices[forms[k]! % choices.length];
      }
      at += len;
      if (g < grouping.length - 1) out += separators[g];
    });
    return out;
  });

/** Characters of one class inserted at any positions (between code points, so a pair stays a pair). */
export const withInserted = (klass: string[]) =>
  fc
    .record({
      spelling: aSpelling,
      inserts: fc.array(fc.record({ at: fc.nat(), ch: oneOf(klass) }), { minLength: 1, maxLength: 8 }),
    })
    .map(({ spelling, inserts }) => {
      const chars = [...spelling];
      for (const { at, ch } of inserts) chars.splice(at % (chars.length + 1), 0, ch);
      return chars.join('');
    });

/** A number in any typed grouping, plain or with characters of any one invisible class inserted. */
export const aDisguisedNumber = fc.oneof(aSpelling, ...Object.values(INVISIBLE_CLASSES).map(withInserted));
