import { readFileSync } from 'node:fs';
import { RECORD_DOCS, recordDocsSource } from '../../src/cli/recordDocs';
import { describeRule, KIND_TITLES, RECORD_KINDS } from '../../src/domain/retention';
import { registerforteckning } from '../../src/report/recordDocs';

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
