/** What a person sees of a text: its characters as they count them, and whether there is anything at all. */

// Format characters (zero-width space, joiners, soft hyphen, BOM) and letters that draw nothing (Hangul fillers,
// the blank Braille pattern) leave a field that looks empty.
const INVISIBLE = /[\p{Cf}\p{Z}\s\u115f\u1160\u3164\uffa0\u2800]/gu;

/** True when nothing visible is left: "", spaces, or only invisible characters. */
export function isBlank(text: string): boolean {
  return text.replace(INVISIBLE, '') === '';
}

const segmenter = new Intl.Segmenter('sv', { granularity: 'grapheme' });

/** Characters as a person counts them (grapheme clusters): a family emoji or "å" written as a+ring is one. */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

/** The first `max` characters (grapheme clusters), with "…" when something was cut. */
export function truncateText(text: string, max: number): string {
  const parts = Array.from(segmenter.segment(text), (s) => s.segment);
  return parts.length <= max ? text : `${parts.slice(0, max - 1).join('')}…`;
}

/**
 * Free text as it may be stored: control characters (C0, DEL and C1, but tab and line feed) and
 * lone surrogates removed, CR LF and a lone CR read as a line feed. Nothing a reader sees changes.
 */
export function cleanFreeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[^\P{Cc}\t\n]|\p{Cs}/gu, '');
}

/**
 * A finished record (CSV, Markdown, the XML of a .docx) without control characters (but tab and
 * line breaks) or lone surrogates, whenever its answers were stored: the edge removes them now,
 * and nothing stored before that may reach the record.
 */
export function withoutControlCharacters(text: string): string {
  return text.replace(/[^\P{Cc}\t\n\r]|\p{Cs}/gu, '');
}
