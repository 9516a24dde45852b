import { readFileSync } from 'node:fs';
import { RECORD_DOCS, recordDocsSource } from '../../src/cli/recordDocs';
import { describeRule, KIND_TITLES, RECORD_KINDS } from '../../src/domain/retention';
import { konsekvensbedomning, registerforteckning, swedishGuardFigures } from '../../src/report/recordDocs';

describe('the registerförteckning and the konsekvensbedömning underlag in docs/', () => {
  const source = recordDocsSource();

  it.each(Object.entries(RECORD_DOCS))(
    '%s is what the configuration generates (npm run docs:register)',
    (path, make) => {
      expect(readFileSync(path, 'utf8')).toBe(make(source));
    },
  );

  it('name every rule of the deployment, the region infra/ sets and the log retention', () => {
    const text = registerforteckning(source);
    for (const kind of RECORD_KINDS) {
      const row = text.split('\n').find((l) => l.startsWith(`| ${KIND_TITLES[kind]} `));
      expect(row).toContain(`| ${describeRule(source.retention[kind])} `);
    }
    expect(text).toContain('`swedencentral`');
    expect(source.logRetentionDays).toBeGreaterThan(0);
    expect(text).toContain(`sparas i ${source.logRetentionDays} dagar`);
  });

  it('follow a changed rule: the document cannot drift from the configuration', () => {
    const changed = {
      ...source,
      retention: {
        ...source.retention,
        svar: { action: 'gallras' as const, after: 'P10Y', from: 'planen arkiverad' as const },
      },
    };
    expect(registerforteckning(changed)).toContain('gallras efter 10 år från det att planen arkiverades');
    expect(registerforteckning(changed)).not.toBe(registerforteckning(source));
  });

  it('carry the personnummer guard’s measured figures from docs/security.md', () => {
    expect(source.guardFigures.length).toBeGreaterThanOrEqual(3);
    expect(source.guardFigures.some(([, result]) => /0 refused/.test(result))).toBe(true);
  });
});

describe('the konsekvensbedömning’s measurement table, in Swedish', () => {
  const source = recordDocsSource();
  /** The figures of a cell: "8,526" and "8 526" both read 8526. */
  const figures = (text: string, thousands: string) =>
    (text.match(new RegExp(`\\d{1,3}(?:${thousands}\\d{3})+|\\d+`, 'g')) ?? [])
      .map((n) => n.split(thousands).join(''))
      .sort();

  it('has every row of docs/security.md in Swedish, with the same figures', () => {
    const swedish = swedishGuardFigures(source.guardFigures);
    expect(swedish).toHaveLength(source.guardFigures.length);
    swedish.forEach(([measure, result], i) => {
      const [enMeasure, enResult] = source.guardFigures[i]!;
      expect(figures(measure, ' ')).toEqual(figures(enMeasure, ','));
      expect(figures(result, ' ')).toEqual(figures(enResult, ','));
      expect(`${measure} ${result}`).not.toMatch(/\b(found|refused|generated|spellings?|any|the|and|of)\b/);
    });
    const text = konsekvensbedomning(source);
    expect(text).toContain('| Mätning ');
    expect(text).toContain('1 200 texter, 0 vägrade (gränsen är 1 %)');
    expect(text).not.toContain('generated spellings');
  });

  it('stops, saying where to translate it, when docs/security.md gets a row it has no Swedish for', () => {
    expect(() =>
      konsekvensbedomning({ ...source, guardFigures: [...source.guardFigures, ['a new figure', '3 found']] }),
    ).toThrow(/ny eller ändrad rad i mättabellen: "a new figure \| 3 found".*GUARD_FIGURES_SV/);
  });

  it('say the rules in force may differ from the file when an administrator changed one in /admin', () => {
    for (const make of Object.values(RECORD_DOCS)) {
      expect(make(source)).toContain('så reglerna i drift kan skilja sig från tabellen');
    }
  });
});
