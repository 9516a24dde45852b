import fc from 'fast-check';
import { Duration } from 'luxon';
import {
  DEFAULT_RETENTION,
  RECORD_KINDS,
  RETENTION_EVENTS,
  describeRule,
  dueAt,
  isOnlyTimeBased,
  retentionSchema,
} from '../../src/domain/retention';
import { deploymentSchema } from '../../src/domain/deployment';

const minimal = {
  planFile: 'plans/x.json',
  owners: [{ role: 'r', owner: { userId: 'u1', name: 'Karin', email: 'k@example.se' } }],
  administrators: [{ userId: 'u1', name: 'Karin', email: 'k@example.se' }],
};

describe('retention rules as data', () => {
  it('a deployment without rules gets the cautious defaults: versions and assessments kept, operational records go soon', () => {
    const d = deploymentSchema.parse(minimal);
    expect(d.retention).toEqual(DEFAULT_RETENTION);
    expect(d.retention.versioner).toEqual({ action: 'bevaras' });
    expect(d.retention.svar).toEqual({ action: 'bevaras' });
    expect(d.retention.utskick.action).toBe('gallras');
    expect(d.retention.konversationer).toMatchObject({ action: 'gallras', from: 'personen borttagen' });
  });

  it('one rule given keeps the defaults of every other kind', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RECORD_KINDS),
        fc.integer({ min: 0, max: 30 }),
        fc.constantFrom('Y', 'M', 'W', 'D'),
        fc.constantFrom(...RETENTION_EVENTS),
        (kind, n, unit, from) => {
          const rule = { action: 'gallras' as const, after: `P${n}${unit}`, from };
          const parsed = retentionSchema.parse({ [kind]: rule });
          for (const other of RECORD_KINDS)
            expect(parsed[other]).toEqual(other === kind ? rule : DEFAULT_RETENTION[other]);
        },
      ),
    );
  });

  it('refuses what is not an ISO 8601 duration, an unknown kind, event or action, with a Swedish message', () => {
    for (const after of ['2 år', '2Y', 'P', 'PT', 'P-1D', '', 'P2X']) {
      const r = retentionSchema.safeParse({ utskick: { action: 'gallras', after, from: 'besvarad' } });
      expect(r.success).toBe(false);
      if (!r.success && after !== 'P') expect(JSON.stringify(r.error.issues)).toMatch(/ISO 8601|period/);
    }
    expect(retentionSchema.safeParse({ okänd: { action: 'bevaras' } }).success).toBe(false);
    expect(retentionSchema.safeParse({ svar: { action: 'gallras', after: 'P1Y', from: 'igår' } }).success).toBe(false);
    expect(retentionSchema.safeParse({ svar: { action: 'raderas' } }).success).toBe(false);
    expect(retentionSchema.safeParse({ svar: { action: 'bevaras', after: 'P1Y' } }).success).toBe(false);
  });

  it('refuses a duration too long to count on (it would make every record read as due), and never calls one due', () => {
    for (const after of ['P99999999999Y', 'P300000Y', 'P201Y', 'P9999999999999999999D']) {
      const r = retentionSchema.safeParse({ utskick: { action: 'gallras', after, from: 'besvarad' } });
      expect(r.success).toBe(false);
      if (!r.success) expect(r.error.issues[0]!.message).toContain('högst 200 år');
    }
    expect(
      retentionSchema.safeParse({ utskick: { action: 'gallras', after: 'P200Y', from: 'besvarad' } }).success,
    ).toBe(true);
    expect(
      dueAt({ action: 'gallras', after: 'P99999999999Y', from: 'besvarad' }, '2026-01-01T00:00:00Z'),
    ).toBeUndefined();
  });

  it('a kept record is never due; a disposed one is due exactly the duration after its event, by the calendar', () => {
    expect(dueAt({ action: 'bevaras' }, '2026-01-01T00:00:00Z')).toBeUndefined();
    // P1Y from a leap day lands on 28 February; P1M from 31 January on the last of February.
    expect(dueAt({ action: 'gallras', after: 'P1Y', from: 'besvarad' }, '2028-02-29T10:00:00Z')?.toISOString()).toBe(
      '2029-02-28T10:00:00.000Z',
    );
    expect(dueAt({ action: 'gallras', after: 'P1M', from: 'besvarad' }, '2027-01-31T10:00:00Z')?.toISOString()).toBe(
      '2027-02-28T10:00:00.000Z',
    );
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 3650 }),
        (at, days) => {
          const due = dueAt({ action: 'gallras', after: `P${days}D`, from: 'besvarad' }, at.toISOString());
          expect(due?.getTime()).toBe(at.getTime() + Duration.fromObject({ days }).toMillis());
        },
      ),
    );
  });

  it('reads each rule in Swedish, and tells which rules a store may expire by itself', () => {
    expect(describeRule({ action: 'bevaras' })).toBe('bevaras');
    expect(describeRule({ action: 'gallras', after: 'P2Y6M', from: 'planen arkiverad' })).toBe(
      'gallras efter 2 år och 6 månader från det att planen arkiverades',
    );
    expect(describeRule({ action: 'gallras', after: 'P0D', from: 'besvarad' })).toMatch(/^gallras genast/);
    expect(isOnlyTimeBased({ action: 'gallras', after: 'P90D', from: 'besvarad' })).toBe(true);
    expect(isOnlyTimeBased({ action: 'gallras', after: 'P90D', from: 'personen borttagen' })).toBe(false);
    expect(isOnlyTimeBased({ action: 'bevaras' })).toBe(false);
  });
});
