import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScheduleInput } from '../../src/domain/deployment';

/** The shape of a synthetic plan: how many activities, recommendations and milestones. */
export interface SyntheticShape {
  /** Recommendations the activities are spread over (default: about nine activities each). */
  recommendations?: number;
  /** Milestones per activity (default 1). */
  milestones?: number;
  /** Plan id (default "syntetisk"). */
  id?: string;
  /** The first owner's number among syntheticUser(i), so that several plans have owners of their own (default 0). */
  firstOwner?: number;
}

/**
 * A plan and deployment with `owners` unit heads, one activity each, as the JSON their files hold,
 * for the card budget property test, fan-out tests and the benchmark.
 */
export function syntheticPlanJson(owners: number, shape: SyntheticShape = {}) {
  const roles = Array.from({ length: owners }, (_, i) => ({
    id: `enhet-${i}`,
    title: `Enhetschef ${i}`,
    unit: `Enhet ${i}`,
  }));
  const perRecommendation = shape.recommendations
    ? Math.ceil(owners / Math.min(shape.recommendations, owners))
    : Math.ceil(owners / 9);
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
      milestones: Array.from({ length: shape.milestones ?? 1 }, (_, m) => ({
        id: m === 0 ? `m-${role.id}` : `m${m}-${role.id}`,
        title: m === 0 ? 'Klar' : `Delmål ${m}`,
        due:
          m % 2 === 0
            ? { text: 'december 2026', from: '2026-12-01', to: '2026-12-31' }
            : { text: 'våren 2026', from: '2026-01-01', to: '2026-06-30' },
      })),
      indicators: [],
    })),
  }));
  const plan = {
    id: shape.id ?? 'syntetisk',
    title: 'Syntetisk plan',
    organisation: 'Testförvaltningen',
    area: 'Test',
    qualitySystem: 'SOSFS 2011:9',
    followUp: { text: 'december 2026', from: '2026-12-01', to: '2026-12-31' },
    ownerRoles: roles,
    recommendations,
  };
  const deployment = {
    planFile: 'plan.json',
    owners: roles.map((role, i) => ({ role: role.id, owner: syntheticUser((shape.firstOwner ?? 0) + i) })),
    administrators: [{ userId: 'admin', name: 'Admin', email: 'admin@example.com' }],
    managementGroup: [],
  };
  return { plan, deployment };
}

/**
 * A plan and deployment with `owners` unit heads, one activity each, for fan-out tests and the
 * benchmark. Returns the deployment file's path.
 */
export function syntheticDeployment(owners: number, schedule?: ScheduleInput): string {
  const dir = mkdtempSync(join(tmpdir(), 'synthetic-'));
  const { plan, deployment } = syntheticPlanJson(owners);
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
  const file = join(dir, 'deployment.json');
  writeFileSync(
    file,
    JSON.stringify({ ...deployment, planFile: join(dir, 'plan.json'), ...(schedule ? { schedule } : {}) }),
  );
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
