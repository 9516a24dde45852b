/**
 * Swedish personal identity numbers (personnummer and samordningsnummer) in anything a person
 * sends: card fields, command arguments, chat. One guard for all of it.
 *
 * The guard reads the text as a reader sees it, not as a list of known tricks: whatever draws
 * nothing is dropped, every digit of any script is a digit, and everything else that is not a
 * letter separates. Only then is the number looked for, in every grouping a person types.
 */
import Personnummer from 'personnummer';
import { decodeHTML } from 'entities';
import { getNumericValue } from 'unicode-properties';

/** What a refused number is replaced with wherever the person's text is shown back. */
export const PERSONAL_NUMBER_MASK = '[personnummer borttaget]';

/** Text as a person sent it. Teams' chat text is HTML; card fields are plain text. */
export type TextFormat = 'plain' | 'html';

/**
 * The reader's view, with where each of its characters came from in the original, so a number
 * found in the view can be masked where it was written. The view holds ASCII digits, letters, and
 * one separator per run of anything else: " " when the run holds a blank (a space, a line break),
 * "-" when it does not (811218-9876, 811218.9876, 811218/9876).
 */
interface ReaderView {
  text: string;
  /** For each character of `text`: the original span [from, to). */
  from: number[];
  to: number[];
}

/**
 * What a reader does not see: default-ignorable code points (zero-width characters, joiners,
 * Hangul fillers, variation selectors), combining marks (U+034F, U+0332, keycap U+20E3), format
 * and bidi controls, lone surrogates, private-use and unassigned code points.
 */
const UNSEEN =
  /^[\p{Default_Ignorable_Code_Point}\p{Mn}\p{Me}\p{Cf}\p{Variation_Selector}\p{Bidi_Control}\p{Cs}\p{Co}\p{Cn}]$/u;
/** Control characters draw nothing either, except the blanks among them (tab, line breaks). */
const CONTROL = /^\p{Cc}$/u;
const BLANK = /^[\s\p{Z}]$/u;
const DECIMAL_DIGIT = /^\p{Nd}$/u;
const OTHER_NUMBER = /^\p{No}$/u;
const LETTER = /^\p{L}$/u;

/**
 * The ASCII digit a decimal digit of any script stands for. Unicode keeps each script's digits
 * together, 0 to 9, in order, so the digit's value is its distance from the start of its run
 * (read from the runtime's own Unicode tables, so new scripts count as soon as Node knows them).
 */
function decimalValue(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp <= 0x39) return ch;
  let start = cp;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return String((cp - start) % 10);
}

/**
 * What a compatibility digit that NFKC leaves alone reads as: dingbat, negative and double
 * circled digits (❶, ➀, ⓵, ⓫), Ethiopic digits. Whole numbers up to 20 only; a fraction or a
 * larger number sign is a symbol, and separates.
 */
function otherNumberValue(ch: string): string | undefined {
  const value = getNumericValue(ch.codePointAt(0)!);
  return value !== null && Number.isInteger(value) && value >= 0 && value <= 20 ? String(value) : undefined;
}

/** %-escapes, decoded as UTF-8; a run that is not valid UTF-8 is kept as written. */
const PERCENT_RUN = /(?:%[0-9a-f]{2})+/giy;
/** HTML character references (&#8209;, &#x2011;, &nbsp;, &shy;). */
const CHARACTER_REFERENCE = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/giy;

function decodedAt(text: string, i: number): { decoded: string; end: number } | undefined {
  if (text[i] === '%') {
    PERCENT_RUN.lastIndex = i;
    const m = PERCENT_RUN.exec(text);
    if (m) {
      try {
        return { decoded: decodeURIComponent(m[0]), end: i + m[0].length };
      } catch {
        return undefined;
      }
    }
  } else if (text[i] === '&') {
    CHARACTER_REFERENCE.lastIndex = i;
    const m = CHARACTER_REFERENCE.exec(text);
    if (m) {
      const decoded = decodeHTML(m[0]);
      if (decoded !== m[0]) return { decoded, end: i + m[0].length };
    }
  }
  return undefined;
}

type Seen = { kind: 'digits'; digits: string } | { kind: 'letter'; ch: string } | { kind: 'separator'; blank: boolean };

/** What a reader sees of one character after NFKC: nothing, digits, a letter, or a separator. */
function seen(ch: string): Seen | undefined {
  if (UNSEEN.test(ch)) return undefined;
  if (CONTROL.test(ch)) return BLANK.test(ch) ? { kind: 'separator', blank: true } : undefined;
  if (DECIMAL_DIGIT.test(ch)) return { kind: 'digits', digits: decimalValue(ch) };
  if (OTHER_NUMBER.test(ch)) {
    const digits = otherNumberValue(ch);
    if (digits !== undefined) return { kind: 'digits', digits };
  }
  if (LETTER.test(ch)) return { kind: 'letter', ch };
  return { kind: 'separator', blank: BLANK.test(ch) };
}

/**
 * The reader's view of a plain text: NFKC, then each character as `seen` reads it; with `decode`,
 * %-escapes and character references first read as what they stand for.
 */
function readerView(text: string, decode = true): ReaderView {
  const out: ReaderView = { text: '', from: [], to: [] };
  const push = (ch: string, from: number, to: number): void => {
    out.text += ch;
    out.from.push(from);
    out.to.push(to);
  };
  const feed = (chars: string, from: number, to: number): void => {
    for (const raw of chars) {
      if (UNSEEN.test(raw)) continue;
      for (const ch of raw.normalize('NFKC')) {
        const s = seen(ch);
        if (!s) continue;
        if (s.kind === 'digits') for (const d of s.digits) push(d, from, to);
        else if (s.kind === 'letter') push(s.ch, from, to);
        else {
          const last = out.text.length - 1;
          if (last >= 0 && (out.text[last] === ' ' || out.text[last] === '-')) {
            // A run of separators is one; a blank anywhere in it makes it a blank.
            if (s.blank) out.text = `${out.text.slice(0, last)} `;
            out.to[last] = to;
          } else push(s.blank ? ' ' : '-', from, to);
        }
      }
    }
  };
  let i = 0;
  while (i < text.length) {
    const escaped = decode ? decodedAt(text, i) : undefined;
    if (escaped) {
      feed(escaped.decoded, i, escaped.end);
      i = escaped.end;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    feed(text.slice(i, i + width), i, i + width);
    i += width;
  }
  return out;
}

/** The text a reader sees, as the guard reads it (for tests and for explaining a refusal). */
export const readersView = (text: string): string => readerView(text).text;

/**
 * Teams' chat HTML as text: tags dropped (the entities are decoded by readerView). Tags are tried
 * both removed and as a space, so neither `<b>1912</b>1212…` nor a `<div>` between the parts hides
 * a number. What a tag carries for a reader (alt and title texts, link targets, comments) is read
 * as a third text.
 */
function htmlReadings(html: string): string[] {
  const tag = /<!--[\s\S]*?(?:-->|$)|<\/?[a-z!?][^>]*>/gi;
  const carried = /\b(?:alt|title|href|aria-label)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))|<!--([\s\S]*?)(?:-->|$)/gi;
  const inTags = [...html.matchAll(carried)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').join(' ');
  return [html.replace(tag, ''), html.replace(tag, ' '), inTags];
}

/**
 * Markup-free text from Teams' chat HTML: comments and tags gone (a block tag leaves a space),
 * character references decoded. What a reply may quote back from a chat message starts here.
 */
export function textOfHtml(html: string): string {
  return decodeHTML(
    html
      .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
      .replace(/<\/?(?:p|div|br|li|ul|ol|tr|td|th|h[1-6]|blockquote)\b[^>]*>/gi, ' ')
      .replace(/<\/?[a-z!?][^>]*>/gi, ''),
  );
}

// Coordination numbers are issued to people who are not registered in Sweden and identify them just as well.
// Interim numbers contain letters and never match the shapes anyway.
const OPTIONS = { allowCoordinationNumber: true, allowInterimNumber: false };

function isValid(digits: string): boolean {
  // The written separator is not passed on. In the ten-digit form it only says whether the person is 100 or older, and
  // a writer who got that wrong (e.g. 000229+… for someone born on 29 February 2000) still wrote a person's number.
  return Personnummer.valid(digits, OPTIONS);
}

/** One run of digits in the reader's view, and the separator that follows it ("" at the end of a chain). */
interface Group {
  start: number;
  end: number;
  after: '' | ' ' | '-';
}

/**
 * The groupings a person types: the date as 6 or 8 digits, in pairs (811218, 81 12 18, 1981 12 18,
 * 19 81 12 18) or one digit at a time, then the last four whole, in pairs (98 76) or one at a time.
 */
function typedGrouping(written: number[], total: number): boolean {
  // Written together with the date (8112189876, 19811218 9876): the last four are the end of the last group.
  const last = written[written.length - 1]!;
  const lengths = last > 4 ? [...written.slice(0, -1), last - 4, 4] : written;
  let at = 0;
  let split = -1;
  for (let k = 0; k < lengths.length; k++) {
    at += lengths[k]!;
    if (at === total - 4) split = k + 1;
  }
  if (split <= 0) return false;
  const inPairsOrSingly = (part: number[]): boolean => part.every((n) => n % 2 === 0) || part.every((n) => n === 1);
  return inPairsOrSingly(lengths.slice(0, split)) && inPairsOrSingly(lengths.slice(split));
}

/**
 * Spans [start, end) of the view holding a checksum-valid number. A chain is digit groups joined
 * by separators only (a letter ends it). A number is whole groups of a chain, 10 or 12 digits in a
 * typed grouping, that starts and ends the chain or is set off from the rest by a blank: in
 * "2026-10-04–2026-04-25" no ten digits stand alone, so a date range is no number.
 */
function spansIn(view: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const chain of view.matchAll(/\d+(?:[ -]\d+)*/g)) {
    const groups: Group[] = [];
    for (const g of chain[0].matchAll(/\d+/g)) {
      const start = chain.index + g.index;
      const end = start + g[0].length;
      groups.push({ start, end, after: (view[end] as ' ' | '-' | undefined) ?? '' });
    }
    groups[groups.length - 1]!.after = '';
    let i = 0;
    while (i < groups.length) {
      let best = -1;
      if (i === 0 || groups[i - 1]!.after === ' ') {
        let digits = '';
        for (let j = i; j < groups.length; j++) {
          digits += view.slice(groups[j]!.start, groups[j]!.end);
          if (digits.length > 12) break;
          const setOff = groups[j]!.after !== '-';
          const lengths = groups.slice(i, j + 1).map((g) => g.end - g.start);
          const total = digits.length;
          // The century is limited to 19 and 20 because any other twelve-digit run is far likelier not to be a person.
          const century = total === 10 || /^(?:19|20)/.test(digits);
          if ((total === 10 || total === 12) && setOff && century && typedGrouping(lengths, total) && isValid(digits)) {
            best = j;
          }
        }
      }
      if (best >= 0) {
        spans.push([groups[i]!.start, groups[best]!.end]);
        i = best + 1;
      } else i++;
    }
  }
  return spans;
}

/**
 * Where numbers were written, as spans [from, to) of the original text, in order, overlaps merged.
 * The text is read twice, with escapes decoded (a link's "%31%39…") and as written (a "%" between
 * the parts that happens to start an escape, 811218%1987…), and a number in either counts.
 */
function writtenSpans(text: string): Array<[number, number]> {
  if (tooFewDigits(text)) return [];
  const found: Array<[number, number]> = [];
  for (const decode of [true, false]) {
    const view = readerView(text, decode);
    for (const [start, end] of spansIn(view.text)) found.push([view.from[start]!, view.to[end - 1]!]);
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const span of found) {
    const last = merged[merged.length - 1];
    if (last && span[0] < last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

/**
 * A quick answer for most texts (ids, short words): after NFKC, no character stands for more than
 * two digits (⑳), so fewer than five number characters cannot make ten digits. Escapes can hide
 * digits (&sup1;, %31), so a text with them is always read in full.
 */
function tooFewDigits(text: string): boolean {
  if (text.includes('%') || text.includes('&')) return false;
  let numbers = 0;
  for (const _ of text.normalize('NFKC').matchAll(/\p{N}/gu)) if (++numbers >= 5) return false;
  return true;
}

/** Swedish personnummer or samordningsnummer in a text (checksum-valid), as they were written. */
export function findPersonalIdentityNumbers(text: string, format: TextFormat = 'plain'): string[] {
  if (format === 'html') {
    const found = htmlReadings(text).map((reading) => findPersonalIdentityNumbers(reading));
    return found.find((f) => f.length > 0) ?? [];
  }
  return writtenSpans(text).map(([from, to]) => text.slice(from, to));
}

export function containsPersonalIdentityNumber(text: string, format: TextFormat = 'plain'): boolean {
  return findPersonalIdentityNumbers(text, format).length > 0;
}

/** The text with every number replaced by PERSONAL_NUMBER_MASK; the rest of what the person wrote is kept. */
export function maskPersonalIdentityNumbers(text: string): { text: string; masked: number } {
  const spans = writtenSpans(text);
  let out = '';
  let at = 0;
  for (const [from, to] of spans) {
    out += text.slice(at, from) + PERSONAL_NUMBER_MASK;
    at = to;
  }
  return { text: out + text.slice(at), masked: spans.length };
}
