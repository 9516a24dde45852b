import fc from 'fast-check';
import {
  containsPersonalIdentityNumber,
  maskPersonalIdentityNumbers,
  PERSONAL_NUMBER_MASK,
} from '../../src/domain/personalData';
import { ordinaryTexts } from '../support/personnummerCorpus';
import {
  DIGIT_FORMS,
  GROUPINGS,
  INVISIBLE_CLASSES,
  SEPARATORS,
  aNumber,
  aSpelling,
  withInserted,
} from '../support/spellingArbitraries';

const SENTENCES = [
  (n: string) => `Kontakt med ${n} om placeringen`,
  (n: string) => `${n} har flyttat.`,
  (n: string) => `Barnets personnummer: ${n}`,
  (n: string) => `(${n})`,
];

const refusedAndMasked = (written: string): void => {
  for (const sentence of SENTENCES.map((s) => s(written))) {
    expect(containsPersonalIdentityNumber(sentence)).toBe(true);
    const masked = maskPersonalIdentityNumbers(sentence);
    expect(masked.text).toContain(PERSONAL_NUMBER_MASK);
    expect(containsPersonalIdentityNumber(masked.text)).toBe(false);
  }
};

const RUNS = { seed: 20261207, numRuns: 300 };

describe('the guard reads the text as a reader sees it', () => {
  it('every class holds characters drawn from Unicode, not a handful', () => {
    for (const [name, klass] of Object.entries(INVISIBLE_CLASSES))
      expect([name, klass.length > 0]).toEqual([name, true]);
    expect(SEPARATORS.length).toBeGreaterThan(1000);
    expect(DIGIT_FORMS.every((forms) => forms.length >= 50)).toBe(true);
  });

  it('any valid number, in any typed grouping, any separators and any digit forms, is refused and masked', () => {
    fc.assert(
      fc.property(aSpelling, (written) => refusedAndMasked(written)),
      { ...RUNS, numRuns: 1000 },
    );
  });

  it.each(Object.keys(INVISIBLE_CLASSES))(
    'characters of the class "%s" inserted anywhere do not hide the number',
    (name) => {
      fc.assert(
        fc.property(withInserted(INVISIBLE_CLASSES[name]!), (written) => refusedAndMasked(written)),
        RUNS,
      );
    },
  );

  it('the same number with any other check digit is not refused', () => {
    fc.assert(
      fc.property(aNumber, fc.integer({ min: 1, max: 9 }), fc.constantFrom(...GROUPINGS), (digits, shift, grouping) => {
        const wrong = digits.slice(0, 11) + String((Number(digits[11]) + shift) % 10);
        const total = grouping.reduce((a, b) => a + b, 0);
        expect(containsPersonalIdentityNumber(`Ärende ${wrong.slice(12 - total)} klart`)).toBe(false);
      }),
      RUNS,
    );
  });

  it('no more than 1 % of the ordinary status texts are refused', () => {
    const texts = ordinaryTexts();
    const refused = texts.filter((t) => containsPersonalIdentityNumber(t));
    expect(refused.length / texts.length).toBeLessThanOrEqual(0.01);
  });

  it('date ranges, times and phone numbers written with the same separators are not refused', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        fc.constantFrom('-', '.', '/'),
        (a, b, sep) => {
          const iso = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, sep);
          expect(containsPersonalIdentityNumber(`Period ${iso(a)}–${iso(b)}`)).toBe(false);
          expect(containsPersonalIdentityNumber(`Period ${iso(a)} – ${iso(b)}, klart`)).toBe(false);
        },
      ),
      RUNS,
    );
  });
});
