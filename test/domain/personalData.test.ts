import {
  PERSONAL_NUMBER_MASK,
  containsPersonalIdentityNumber,
  findPersonalIdentityNumbers,
  maskPersonalIdentityNumbers,
} from '../../src/domain/personalData';
import { IDENTITIES, htmlSpellings, mulberry32, ordinaryTexts, spellings } from '../support/personnummerCorpus';

// Computed here rather than taken from the package, so the test does not check the package against itself.
function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i++) {
    let v = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (v > 9) v -= 9;
    sum += v;
  }
  return (10 - (sum % 10)) % 10;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

interface Identity {
  century: string;
  date: string; // YYMMDD, day + 60 for a samordningsnummer
  serial: string;
  check: string;
}

function identity(year: number, month: number, day: number, serial: number): Identity {
  const date = `${pad(year % 100, 2)}${pad(month, 2)}${pad(day, 2)}`;
  const s = pad(serial, 3);
  return { century: pad(Math.floor(year / 100), 2), date, serial: s, check: String(luhnCheckDigit(date + s)) };
}

const FIRST_DAY = Date.UTC(1900, 0, 1);
const LAST_DAY = Date.UTC(2025, 11, 31);

function randomIdentity(random: () => number, coordination: boolean): Identity {
  const born = new Date(FIRST_DAY + Math.floor(random() * ((LAST_DAY - FIRST_DAY) / 86_400_000 + 1)) * 86_400_000);
  // Serial 000 is never issued, and the package rightly rejects it.
  const serial = 1 + Math.floor(random() * 999);
  const day = born.getUTCDate() + (coordination ? 60 : 0);
  return identity(born.getUTCFullYear(), born.getUTCMonth() + 1, day, serial);
}

/** Every way the number is written in practice: with or without century, and each separator. */
function renderings(id: Identity): string[] {
  const last = `${id.serial}${id.check}`;
  const long = `${id.century}${id.date}`;
  return [
    `${long}-${last}`,
    `${long}${last}`,
    `${long} ${last}`,
    `${id.date}-${last}`,
    `${id.date}+${last}`,
    `${id.date}${last}`,
    `${id.date} ${last}`,
  ];
}

const SENTENCES: ((n: string) => string)[] = [
  (n) => `Kontakt med ${n} om placeringen`,
  (n) => `${n} har flyttat till nytt familjehem.`,
  (n) => `Barnets personnummer: ${n}.`,
  (n) => `Uppgifter om barnet (${n}) ska inte stå i åtgärdsplanen`,
  (n) => `pnr:${n}, samordningsnummer saknas`,
  (n) => `Samtal med vårdnadshavare\n${n}\nom umgänge`,
];

function corpus(seed: number, count: number, coordination: boolean): Identity[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => randomIdentity(random, coordination));
}

const PERSONNUMMER = corpus(20260315, 300, false);
const SAMORDNINGSNUMMER = corpus(19701003, 300, true);

/** The renderings (in a sentence) for which the finder did not return exactly that rendering. */
function missed(ids: Identity[]): string[] {
  const misses: string[] = [];
  ids.forEach((id, i) => {
    for (const written of renderings(id)) {
      const sentence = SENTENCES[i % SENTENCES.length]!(written);
      const found = findPersonalIdentityNumbers(sentence);
      if (found.length !== 1 || found[0] !== written) misses.push(sentence);
    }
  });
  return misses;
}

function withCheckDigit(written: string, check: number): string {
  return written.slice(0, -1) + String(check);
}

describe('findPersonalIdentityNumbers', () => {
  it('a valid personnummer in any format is found, as it was written', () => {
    expect(missed(PERSONNUMMER)).toEqual([]);
  });

  it('a valid samordningsnummer in any format is found, as it was written', () => {
    expect(missed(SAMORDNINGSNUMMER)).toEqual([]);
  });

  it('a number with any other check digit is not found', () => {
    const flagged: string[] = [];
    for (const id of [...PERSONNUMMER, ...SAMORDNINGSNUMMER]) {
      for (const written of renderings(id)) {
        for (let check = 0; check <= 9; check++) {
          if (String(check) === id.check) continue;
          const sentence = `Kontakt med ${withCheckDigit(written, check)} om placeringen`;
          if (findPersonalIdentityNumbers(sentence).length > 0) flagged.push(sentence);
        }
      }
    }
    expect(flagged).toEqual([]);
  });

  it.each([
    '19121212-1212',
    '191212121212',
    '19121212 1212',
    '121212-1212',
    '1212121212',
    '121212+1212',
    '121212 1212',
    '701063-2391',
    '197010632391',
  ])('the documented example %s is found', (written) => {
    expect(findPersonalIdentityNumbers(`Kontakt med ${written} om placeringen`)).toEqual([written]);
  });

  it('every number in a text is found, in the order written', () => {
    const text = 'Syskonen 19121212-1212 och 701063-2391 placeras i samma familjehem; 121212+1212 är kontaktperson.';
    expect(findPersonalIdentityNumbers(text)).toEqual(['19121212-1212', '701063-2391', '121212+1212']);
  });

  it('a number written with the century separator that does not fit its age is still found', () => {
    // 29 February exists in 2000 but not in 1900, so only one of the two centuries makes this a valid date.
    const leapDay = identity(2000, 2, 29, 123);
    const written = `${leapDay.date}+${leapDay.serial}${leapDay.check}`;
    expect(findPersonalIdentityNumbers(`Kontakt med ${written}`)).toEqual([written]);
  });

  it('separators from pasted Word or Outlook text are accepted', () => {
    for (const sep of ['\u00a0', '\u202f', '\u2011', '\u2013', '\u2212']) {
      const written = `121212${sep}1212`;
      expect(findPersonalIdentityNumbers(`Kontakt med ${written} om placeringen`)).toEqual([written]);
    }
  });

  it('a valid number inside a longer digit run is not found', () => {
    for (const text of [
      '9191212121212',
      '1912121212125',
      '91212121212',
      '12121212125',
      '0191212121212 1',
      'x 121212-12120',
    ]) {
      expect(findPersonalIdentityNumbers(text)).toEqual([]);
    }
  });

  it('a twelve-digit number whose first two digits are no century of living people is not found', () => {
    const id = identity(1812, 12, 12, 121);
    expect(findPersonalIdentityNumbers(`${id.century}${id.date}-${id.serial}${id.check}`)).toEqual([]);
  });

  it.each([
    '3 av 12 familjehem',
    '2026-03-15',
    '15/3 2026',
    'Planeringsdag 2026-01-15 kl 09:00',
    'Möte 15 mars 2026 kl. 13.00–15.00',
    '08-508 000 00',
    'Tel. 08-508 25 000',
    '070-123 45 67',
    '0701234567',
    '+46 8 508 000 00',
    '+46 70 123 45 67',
    '2025–2026',
    'Åtgärdsplan 2025-2026',
    'ärende 2025/1234',
    'Dnr HSN 2025-1234',
    'Rutin v. 2.3',
    'Åtgärd 4.2.1 ska vara klar 2026-06-30',
    'Kostnad 12 345 kr per månad',
    'Placeringar 2024: 121, 2025: 134',
    '1234567890123456',
    '12345678901',
    'IBAN SE45 5000 0000 0583 9825 7466',
    'Stockholms stad, org.nr 212000-0142',
    'Bankgiro 5050-1055',
    '121212-1213',
    '19121212-1213',
    '121312-1212',
    '',
  ])('ordinary text %p yields nothing', (text) => {
    expect(findPersonalIdentityNumbers(text)).toEqual([]);
  });
});

describe('containsPersonalIdentityNumber', () => {
  it('is true when the text holds a valid number', () => {
    expect(containsPersonalIdentityNumber('Kontakt med 19121212-1212 om placeringen')).toBe(true);
    expect(containsPersonalIdentityNumber('Samordningsnummer 701063-2391')).toBe(true);
  });

  it('is false for ordinary text and for numbers that fail the checksum', () => {
    expect(containsPersonalIdentityNumber('Planeringsdag 2026-01-15 kl 09:00, 3 av 12 familjehem')).toBe(false);
    expect(containsPersonalIdentityNumber('Kontakt med 19121212-1213 om placeringen')).toBe(false);
  });
});

describe('the guard normalises before it matches', () => {
  describe.each(IDENTITIES)('the number $century$date-$last', (id) => {
    it.each(spellings(id))('written with %s, it is found where it was written', (_name, written) => {
      const sentence = `Kontakt med ${written} om placeringen`;
      expect(findPersonalIdentityNumbers(sentence)).toEqual([written]);
      expect(maskPersonalIdentityNumbers(sentence)).toEqual({
        text: `Kontakt med ${PERSONAL_NUMBER_MASK} om placeringen`,
        masked: 1,
      });
    });

    it.each(htmlSpellings(id))('in Teams chat HTML (%s), it is found', (_name, html) => {
      expect(containsPersonalIdentityNumber(html, 'html')).toBe(true);
    });
  });

  it('the corpus holds at least 40 spellings', () => {
    expect(spellings(IDENTITIES[0]).length).toBeGreaterThanOrEqual(40);
  });

  it('with a wrong check digit, no spelling is found', () => {
    const wrong = { century: '19', date: '121212', last: '1213' } as unknown as (typeof IDENTITIES)[number];
    const flagged = spellings(wrong).filter(([, written]) => containsPersonalIdentityNumber(written));
    expect(flagged).toEqual([]);
  });

  it('masking keeps the rest of the text, also around several numbers', () => {
    expect(maskPersonalIdentityNumbers('A 121212–1212, B 701063 2391; klart').text).toBe(
      `A ${PERSONAL_NUMBER_MASK}, B ${PERSONAL_NUMBER_MASK}; klart`,
    );
  });

  it(`no more than 1 % of ${ordinaryTexts().length} ordinary status texts are refused`, () => {
    const texts = ordinaryTexts();
    const refused = texts.filter((t) => containsPersonalIdentityNumber(t));
    expect(texts.length).toBeGreaterThanOrEqual(1000);
    expect(refused.length / texts.length).toBeLessThanOrEqual(0.01);
  });
});
