import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScheduleInput } from '../../src/domain/deployment';

/**
 * A plan and deployment with `owners` unit heads, one activity each, for fan-out tests and the
 * benchmark. Returns the deployment file's path.
 */
export function syntheticDeployment(owners: number, schedule?: ScheduleInput): string {
  const dir = mkdtempSync(join(tmpdir(), 'synthetic-'));
  const roles = Array.from({ length: owners }, (_, i) => ({
    id: `enhet-${i}`,
    title: `Enhetschef ${i}`,
    unit: `Enhet ${i}`,
  }));
  const perRecommendation = Math.ceil(owners / 9);
  const suffix = (i: number): string =>
    (i < 26 ? '' : suffix(Math.floor(i / 26) - 1)) + String.fromCharCode(97 + (i % 26));
  const recommendations = Array.from({ length: Math.ceil(owners / perRecommendation) }, (_, r) => ({
    id: `rek${r + 1}`,
    number: r + 1,
    title: `Rekommendation ${r + 1}`,
    measure: 'Åtgärd',
    responsible: 'Enhetschefer',
    start: { text: 'VT 2026', from: '2026-01-01', to: '2026-06-30' },
    end: { text: 'december 2026', from: '2026-12-01', to: '2026-12-31' },
    activities: roles.slice(r * perRecommendation, (r + 1) * perRecommendation).map((role, i) => ({
      id: `${r + 1}${suffix(i)}`,
      unit: role.unit,
      ownerRole: role.id,
      title: `Aktivitet för ${role.unit}`,
      description: 'Syntetisk aktivitet för test.',
      start: { text: 'VT 2026', from: '2026-01-01', to: '2026-06-30' },
      end: { text: 'december 2026', from: '2026-12-01', to: '2026-12-31' },
      milestones: [
        { id: `m-${role.id}`, title: 'Klar', due: { text: 'december 2026', from: '2026-12-01', to: '2026-12-31' } },
      ],
      indicators: [],
    })),
  }));
  const plan = {
    id: 'syntetisk',
    title: 'Syntetisk plan',
    organisation: 'Testförvaltningen',
    area: 'Test',
    qualitySystem: 'SOSFS 2011:9',
    followUp: { text: 'december 2026', from: '2026-12-01', to: '2026-12-31' },
    ownerRoles: roles,
    recommendations,
  };
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
  const deployment = {
    planFile: join(dir, 'plan.json'),
    owners: roles.map((role, i) => ({ role: role.id, owner: syntheticUser(i) })),
    administrators: [{ userId: 'admin', name: 'Admin', email: 'admin@example.com' }],
    managementGroup: [],
    ...(schedule ? { schedule } : {}),
  };
  const file = join(dir, 'deployment.json');
  writeFileSync(file, JSON.stringify(deployment));
  return file;
}

export function syntheticUser(i: number) {
  return {
    userId: `00000000-0000-0000-0001-${String(i).padStart(12, '0')}`,
    name: `Chef ${i}`,
    email: `chef${i}@example.com`,
  };
}

/** A Teams user matching syntheticUser(i), for activities sent to the bot. */
export function syntheticTeamsUser(i: number) {
  const u = syntheticUser(i);
  return { id: `user-${i}`, aadObjectId: u.userId, name: u.name };
}
