/**
 * Swedish personal identity numbers (personnummer and samordningsnummer) in anything a person
 * sends: card fields, command arguments, chat. One guard for all of it.
 */
import Personnummer from 'personnummer';
import { decodeHTML } from 'entities';

/** What a refused number is replaced with wherever the person's text is shown back. */
export const PERSONAL_NUMBER_MASK = '[personnummer borttaget]';

/** Text as a person sent it. Teams' chat text is HTML; card fields are plain text. */
export type TextFormat = 'plain' | 'html';

/**
 * The text the matcher reads, with where each of its characters came from in the original, so a
 * number found in the normalised text can be masked where it was written.
 */
interface Normalised {
  text: string;
  /** For each character of `text`: the original span [from, to). */
  from: number[];
  to: number[];
}

// Invisible characters: format characters (zero-width space and joiners, soft hyphen, BOM, bidi marks) vanish.
const INVISIBLE = /^\p{Cf}$/u;
// Characters that look like nothing but are letters or symbols: they separate, like a space.
const BLANK_LOOKALIKE = /^[\u115f\u1160\u3164\uffa0\u2800]$/u;
const SPACE = /^[\s\p{Z}\p{Cc}]$/u;
// Every dash, hyphen and minus sign: Unicode's dash punctuation plus the minus signs it files elsewhere.
const DASH = /^[\p{Pd}\u2212\u2796\u02d7\u2043\ufe63\uff0d\u207b\u208b\u2e3a\u2e3b]$/u;
const DIGIT = /^\p{Nd}$/u;

/**
 * The ASCII digit a decimal digit of any script stands for. Unicode keeps each script's digits
 * together, 0 to 9, in order, so the digit's value is its distance from the start of its run.
 */
function asciiDigit(ch: string): string {
  let cp = ch.codePointAt(0)!;
  if (cp <= 0x39) return ch;
  let start = cp;
  while (DIGIT.test(String.fromCodePoint(start - 1))) start--;
  cp = (cp - start) % 10;
  return String(cp);
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

/**
 * What the matcher reads: escapes decoded, NFKC, digits of any script as ASCII, every dash as "-",
 * every run of whitespace (line breaks and look-alike blanks included) as one space, invisible
 * characters gone.
 */
function normalise(text: string): Normalised {
  const out: Normalised = { text: '', from: [], to: [] };
  const emit = (ch: string, from: number, to: number): void => {
    if (ch === ' ' && out.text.endsWith(' ')) {
      out.to[out.to.length - 1] = to;
      return;
    }
    out.text += ch;
    out.from.push(from);
    out.to.push(to);
  };
  const feed = (chars: string, from: number, to: number): void => {
    for (const raw of chars) {
      if (INVISIBLE.test(raw)) continue;
      for (const ch of raw.normalize('NFKC')) {
        if (INVISIBLE.test(ch)) continue;
        if (DIGIT.test(ch)) emit(asciiDigit(ch), from, to);
        else if (SPACE.test(ch) || BLANK_LOOKALIKE.test(ch)) emit(' ', from, to);
        else if (DASH.test(ch)) emit('-', from, to);
        else emit(ch, from, to);
      }
    }
  };
  let i = 0;
  while (i < text.length) {
    const escaped = decodedAt(text, i);
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

/**
 * Teams' chat HTML as text: tags dropped (the entities are decoded by normalise). Tags are tried
 * both removed and as a space, so neither `<b>1912</b>1212…` nor a `<div>` between the parts hides
 * a number.
 */
function htmlReadings(html: string): string[] {
  const tag = /<\/?[a-z!][^>]*>/gi;
  return [html.replace(tag, ''), html.replace(tag, ' ')];
}

// Separators a writer puts between the parts (century, year, month, day, last four): a few spaces or dashes.
// The century is limited to 19 and 20 because any other twelve-digit run is far likelier not to be a person.
const SEP = '[ -]{0,3}';
const LAST_SEP = '[ +-]{0,3}';
// Four digits followed by a hyphen and more digits are the year of a date (2026-10-04 – 2026-04-25), not a number's end.
const END = '(?!\\d|-\\d)';
const SHAPES = [
  new RegExp(`(?:19|20)${SEP}\\d\\d${SEP}\\d\\d${SEP}\\d\\d${LAST_SEP}\\d{4}${END}`, 'y'),
  new RegExp(`\\d\\d${SEP}\\d\\d${SEP}\\d\\d${LAST_SEP}\\d{4}${END}`, 'y'),
];

// Coordination numbers are issued to people who are not registered in Sweden and identify them just as well.
// Interim numbers contain letters and never match the shapes anyway.
const OPTIONS = { allowCoordinationNumber: true, allowInterimNumber: false };

function isValid(candidate: string): boolean {
  // The written separator is dropped. In the ten-digit form it only says whether the person is 100 or older, and a
  // writer who got that wrong (e.g. 000229+… for someone born on 29 February 2000) still wrote a person's number.
  return Personnummer.valid(candidate.replace(/\D/g, ''), OPTIONS);
}

/** Spans [start, end) of the normalised text holding a checksum-valid number. */
function spansIn(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let i = 0;
  while (i < text.length) {
    // A number starts at a digit that does not continue a longer digit run (an account or card number).
    if (!/\d/.test(text[i]!) || (i > 0 && /\d/.test(text[i - 1]!))) {
      i++;
      continue;
    }
    let end = -1;
    for (const shape of SHAPES) {
      shape.lastIndex = i;
      const m = shape.exec(text);
      if (m && isValid(m[0])) {
        end = i + m[0].length;
        break;
      }
    }
    if (end > 0) {
      spans.push([i, end]);
      i = end;
    } else {
      i++;
    }
  }
  return spans;
}

/** Swedish personnummer or samordningsnummer in a text (checksum-valid), as they were written. */
export function findPersonalIdentityNumbers(text: string, format: TextFormat = 'plain'): string[] {
  if (format === 'html') {
    const found = htmlReadings(text).map((reading) => findPersonalIdentityNumbers(reading));
    return found.find((f) => f.length > 0) ?? [];
  }
  const n = normalise(text);
  return spansIn(n.text).map(([start, end]) => text.slice(n.from[start], n.to[end - 1]));
}

export function containsPersonalIdentityNumber(text: string, format: TextFormat = 'plain'): boolean {
  return findPersonalIdentityNumbers(text, format).length > 0;
}

/** The text with every number replaced by PERSONAL_NUMBER_MASK; the rest of what the person wrote is kept. */
export function maskPersonalIdentityNumbers(text: string): { text: string; masked: number } {
  const n = normalise(text);
  const spans = spansIn(n.text);
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    out += text.slice(at, n.from[start]) + PERSONAL_NUMBER_MASK;
    at = n.to[end - 1]!;
  }
  return { text: out + text.slice(at), masked: spans.length };
}
