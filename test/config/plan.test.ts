import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlan } from '../../src/config/planFile';
import { loadDeployment } from '../../src/config/deploymentFile';
import { allActivities } from '../../src/domain/plan';

const PLAN = 'plans/hagersten-alvsjo-familjehem.json';
const original = (): Record<string, any> => JSON.parse(readFileSync(PLAN, 'utf8'));

function writeTemp(name: string, content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'plan-')), name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('the plan file', () => {
  it('holds all three recommendations of the seed with their activities and milestones', () => {
    const plan = loadPlan(PLAN);
    expect(plan.recommendations.map((r) => r.id)).toEqual(['rek1', 'rek2', 'rek3']);
    expect(allActivities(plan).map((a) => a.id)).toEqual(['1a', '1b', '2a', '3a', '3b']);
    const a1 = allActivities(plan)[0]!;
    expect(a1.start).toEqual({
      text: 'Barnenhetens arbete med jourhemshandläggarna påbörjades vårterminen 2025.',
      from: '2025-01-01',
      to: '2025-06-30',
    });
    expect(plan.followUp.text).toBe('december 2026');
  });

  it('when an activity names an owner role the plan lacks, the bot stops naming the file, the path and the problem', () => {
    const plan = original();
    plan.recommendations[1].activities[0].ownerRole = 'rektor';
    const file = writeTemp('plan.json', plan);
    expect(() => loadPlan(file)).toThrow(
      `Planen ${file} är ogiltig:\nrecommendations[1].activities[0].ownerRole: okänd ansvarsroll rektor`,
    );
  });

  it('when a date is not a date, the message names its path', () => {
    const plan = original();
    plan.recommendations[0].activities[1].milestones[0].due.to = 'våren';
    const file = writeTemp('plan.json', plan);
    expect(() => loadPlan(file)).toThrow(
      `Planen ${file} är ogiltig:\nrecommendations[0].activities[1].milestones[0].due.to: ska vara ett datum ÅÅÅÅ-MM-DD`,
    );
  });

  it('when a required field is missing, the message names it', () => {
    const plan = original();
    delete plan.recommendations[2].measure;
    const file = writeTemp('plan.json', plan);
    expect(() => loadPlan(file)).toThrow(`Planen ${file} är ogiltig:\nrecommendations[2].measure: Required`);
  });

  it('when the file is not JSON, the message says so', () => {
    const file = writeTemp('plan.json', '{ "id": ');
    expect(() => loadPlan(file)).toThrow(`Planen ${file} kunde inte läsas:`);
  });
});

describe('the deployment file', () => {
  it('maps every owner role of the plan to a person', () => {
    const { deployment, plan } = loadDeployment('deployments/local.json');
    expect(deployment.owners.map((o) => o.role).sort()).toEqual(plan.ownerRoles.map((r) => r.id).sort());
  });

  it('when a role of the plan has nobody, the bot stops and says which', () => {
    const deployment = JSON.parse(readFileSync('deployments/local.json', 'utf8'));
    deployment.owners = deployment.owners.slice(0, 1);
    deployment.planFile = join(process.cwd(), PLAN);
    const file = writeTemp('deployment.json', deployment);
    expect(() => loadDeployment(file)).toThrow(
      `Driftfilen ${file} passar inte planen:\nowners: ingen är utsedd för rollen enhetschef-barnenheten`,
    );
  });

  it('when an e-mail address is malformed, the message names the field', () => {
    const deployment = JSON.parse(readFileSync('deployments/local.json', 'utf8'));
    deployment.administrators[0].email = 'anders';
    const file = writeTemp('deployment.json', deployment);
    expect(() => loadDeployment(file)).toThrow('administrators[0].email: ska vara en e-postadress');
  });
});
