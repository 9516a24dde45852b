/**
 * Ways people write a personnummer, careless or pasted, and ordinary status texts that must pass.
 * Shared by the guard's unit tests and the tests through the bot's HTTP endpoint.
 */

/** 19121212-1212 (Skatteverket's example) and a samordningsnummer, 701063-2391. */
export const IDENTITIES = [
  { century: '19', date: '121212', last: '1212' },
  { century: '19', date: '701063', last: '2391' },
] as const;

export type Identity = (typeof IDENTITIES)[number];

const digitsIn = (zero: number, text: string): string =>
  text.replace(/\d/g, (d) => String.fromCodePoint(zero + Number(d)));

/** At least 40 spellings of one number, each named so a failure says which. */
export function spellings(id: Identity): Array<[string, string]> {
  const { century: c, date: d, last: l } = id;
  const [yy, mm, dd] = [d.slice(0, 2), d.slice(2, 4), d.slice(4, 6)];
  const full = `${c}${d}`;
  const sep = (s: string): string => `${full}${s}${l}`;
  return [
    ['hyphen', sep('-')],
    ['no separator', `${full}${l}`],
    ['space', sep(' ')],
    ['ten digits, hyphen', `${d}-${l}`],
    ['ten digits', `${d}${l}`],
    ['ten digits, plus', `${d}+${l}`],
    ['ten digits, space', `${d} ${l}`],
    ['em dash', sep('\u2014')],
    ['en dash', sep('\u2013')],
    ['horizontal bar U+2015', sep('\u2015')],
    ['full-width hyphen', sep('\uff0d')],
    ['soft hyphen', sep('\u00ad')],
    ['minus sign', sep('\u2212')],
    ['hyphen U+2010', sep('\u2010')],
    ['non-breaking hyphen', sep('\u2011')],
    ['figure dash', sep('\u2012')],
    ['small hyphen-minus', sep('\ufe63')],
    ['superscript minus', sep('\u207b')],
    ['zero-width space', sep('\u200b')],
    ['zero-width spaces between all digits', `${full}${l}`.split('').join('\u200b')],
    ['tab', sep('\t')],
    ['thin space', sep('\u2009')],
    ['two spaces', sep('  ')],
    ['no-break space', sep('\u00a0')],
    ['narrow no-break space', sep('\u202f')],
    ['ideographic space', sep('\u3000')],
    ['spaced hyphen', `${d} - ${l}`],
    ['date with hyphens', `${c}${yy}-${mm}-${dd}-${l}`],
    ['date with spaces', `${yy} ${mm} ${dd}-${l}`],
    ['all parts spaced', `${c}${yy} ${mm} ${dd} ${l}`],
    ['full-width digits', digitsIn(0xff10, sep('-'))],
    ['Arabic-Indic digits', digitsIn(0x0660, sep('-'))],
    ['Eastern Arabic-Indic digits', digitsIn(0x06f0, `${d}-${l}`)],
    ['Devanagari digits', digitsIn(0x0966, sep('-'))],
    ['mathematical bold digits', digitsIn(0x1d7ce, `${d}-${l}`)],
    ['line break', sep('\n')],
    ['CRLF', sep('\r\n')],
    ['line separator U+2028', sep('\u2028')],
    ['percent-encoded hyphen', sep('%2D')],
    ['percent-encoded digits', `${d}-${l}`.replace(/\d/g, (x) => `%3${x}`)],
    ['HTML entity U+2011', sep('&#8209;')],
    ['HTML entity nbsp', sep('&nbsp;')],
    ['byte order mark', sep('\ufeff')],
    ['word joiner', sep('\u2060')],
    ['Hangul filler', sep('\u3164')],
    ['full-width digits, em dash', digitsIn(0xff10, sep('\u2014'))],
  ];
}

/** Teams' chat HTML around a number. */
export function htmlSpellings(id: Identity): Array<[string, string]> {
  const { century: c, date: d, last: l } = id;
  return [
    ['bold date', `<strong>${c}${d}</strong>-${l}`],
    ['entity hyphen', `<p>${c}${d}&#8209;${l}</p>`],
    ['nbsp', `<p>${c}${d}&nbsp;${l}</p>`],
    ['div split', `<div>${c}${d}</div><div>${l}</div>`],
    ['span inside', `<p>${c}${d.slice(0, 3)}<span>${d.slice(3)}</span>-${l}</p>`],
  ];
}

/** A small seeded generator: the corpus is the same on every run, so a failure can be reproduced. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** True when the first six digits are a date (YYMMDD, or day + 60): such a run is not an "ordinary" number. */
function looksLikeDate(digits: string): boolean {
  const mm = Number(digits.slice(2, 4));
  const dd = Number(digits.slice(4, 6));
  return mm >= 1 && mm <= 12 && ((dd >= 1 && dd <= 31) || (dd >= 61 && dd <= 91));
}

/** At least 1,000 ordinary status texts: dates, times, phones, case numbers, org numbers, amounts, OCR, invoices. */
export function ordinaryTexts(count = 1200): string[] {
  const random = mulberry32(20261201);
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const digits = (n: number): string => Array.from({ length: n }, () => int(0, 9)).join('');
  const notDate = (n: number): string => {
    for (;;) {
      const x = digits(n);
      if (!looksLikeDate(x) && !looksLikeDate(x.slice(2))) return x;
    }
  };
  const date = (): string => `${int(2024, 2027)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`;
  const time = (): string => `${pad(int(7, 18), 2)}:${pad(int(0, 59), 2)}`;
  const makers: Array<() => string> = [
    () => `Möte med gruppen ${date()} kl ${time()}, rutinen gås igenom.`,
    () => `Planeringsdag ${date()} ${time()}–${pad(int(12, 17), 2)}:00 i Älvsjö.`,
    () => `Klart ${int(1, 28)}/${int(1, 12)} ${int(2025, 2027)}; uppföljning v. ${int(1, 52)}.`,
    () => `Ring ${pad(int(1, 99), 2)}-${int(100, 999)} ${pad(int(0, 99), 2)} ${pad(int(0, 99), 2)} för frågor.`,
    () =>
      `Kontakt via växeln 08-508 ${pad(int(0, 999), 3)} ${pad(int(0, 99), 2)} eller 070-${int(100, 999)} ${pad(int(0, 99), 2)} ${pad(int(0, 99), 2)}.`,
    () => `Tel +46 ${int(7, 76)} ${int(100, 999)} ${pad(int(0, 99), 2)} ${pad(int(0, 99), 2)}`,
    () => `Mobil 07${int(0, 9)}${digits(7)}`,
    () => `Ärendet har dnr HÄ ${int(2024, 2026)}-${pad(int(1, 9999), 4)}.`,
    () => `Diarienummer ${int(2024, 2026)}/${int(1, 9999)}, beslut fattat.`,
    () => `Dnr ${pad(int(1, 99), 2)}-${int(2024, 2026)}-${pad(int(1, 9999), 4)}`,
    () => `Avtal med leverantör org.nr ${pad(int(55, 99), 2)}${pad(int(20, 99), 2)}${digits(2)}-${digits(4)}.`,
    () => `Stiftelsen ${int(80, 89)}${pad(int(20, 99), 2)}${digits(2)}-${digits(4)} anlitas för utbildning.`,
    () =>
      `Kostnad ${int(1, 999)} ${pad(int(0, 999), 3)} kr, budget ${int(1, 9)} ${pad(int(0, 999), 3)} ${pad(int(0, 999), 3)} kr.`,
    () => `Beloppet ${int(1000, 999999)},${pad(int(0, 99), 2)} SEK är attesterat.`,
    () => `Faktura ${notDate(10)} betald, OCR ${notDate(int(8, 16))}.`,
    () => `Fakturanummer ${notDate(int(6, 12))} avser handledning.`,
    () => `OCR-nummer: ${notDate(10)}`,
    () => `Bankgiro ${int(100, 9999)}-${digits(4)}, plusgiro ${int(10000, 9999999)}-${int(0, 9)}`,
    () => `${int(3, 40)} av ${int(40, 120)} familjehem har fått utbildning (${int(5, 95)} %).`,
    () => `Period ${date()} – ${date()}, ${int(1, 30)} ärenden granskade.`,
    () =>
      `Rutin version ${int(1, 5)}.${int(0, 9)} antagen ${date()}, se avsnitt ${int(1, 9)}.${int(1, 9)}.${int(1, 9)}.`,
    () =>
      `Kontrollerna för ${int(2024, 2026)}–${int(2026, 2028)} är dokumenterade i ${int(10, 99)} av ${int(100, 140)} akter.`,
    () =>
      `Vecka ${int(1, 52)}: ${int(1, 20)} placeringar, ${int(1, 20)} uppföljningar, kl. ${int(8, 16)}.${pad(int(0, 59), 2)}.`,
    () => `Mötet flyttas från ${pad(int(1, 28), 2)}.${pad(int(1, 12), 2)}.${int(2025, 2027)} till ${date()}.`,
  ];
  return Array.from({ length: count }, (_, i) => makers[i % makers.length]!());
}
