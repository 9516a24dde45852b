import Ajv from 'ajv';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFile } from '../../src/cli/planCheck';
import { PLAN_SCHEMA_FILE, planJsonSchema } from '../../src/cli/planSchema';
import { loadPlan } from '../../src/config/planFile';
import { syntheticPlanJson } from '../support/synthetic';

const PLAN = 'plans/hagersten-alvsjo-familjehem.json';
const original = (): Record<string, any> => JSON.parse(readFileSync(PLAN, 'utf8'));

function writeTemp(name: string, content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'plan-check-')), name);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('npm run plan:check', () => {
  it('when the plan is valid, it says so with what the plan holds', () => {
    expect(checkFile(PLAN)).toEqual({
      file: PLAN,
      ok: true,
      text: `Planen ${PLAN} är giltig: ha-familjehem, 3 rekommendationer, 5 aktiviteter, 2 ansvarsroller.`,
    });
  });

  it('when the plan is invalid, it fails with exactly the message the bot stops with at start', () => {
    const plan = original();
    plan.recommendations[1].activities[0].ownerRole = 'rektor';
    plan.recommendations[0].activities[1].milestones[0].due.to = 'våren';
    const file = writeTemp('plan.json', plan);
    let atStart = '';
    try {
      loadPlan(file);
    } catch (error) {
      atStart = (error as Error).message;
    }
    const check = checkFile(file);
    expect(check.ok).toBe(false);
    expect(check.text).toBe(`[PLAN_INVALID] ${atStart}`);
    expect(check.text).toContain('recommendations[1].activities[0].ownerRole: okänd ansvarsroll rektor');
    expect(check.text).toContain(
      'recommendations[0].activities[1].milestones[0].due.to: ska vara ett datum ÅÅÅÅ-MM-DD',
    );
  });

  it('when the file is not JSON, it says it could not be read', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'plan-check-')), 'plan.json');
    writeFileSync(file, '{ "id": ');
    expect(checkFile(file)).toMatchObject({ ok: false, text: expect.stringContaining('kunde inte läsas') });
  });

  it('a deployment file is checked together with the plan it names', () => {
    expect(checkFile('deployments/local.json')).toMatchObject({
      ok: true,
      text: 'Driftfilen deployments/local.json är giltig för planen ha-familjehem (3 rekommendationer, 5 aktiviteter, 2 ansvarsroller).',
    });
  });
});

describe('the plan files JSON schema, for editor completion', () => {
  const schema = JSON.parse(readFileSync(PLAN_SCHEMA_FILE, 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

  it('is the one generated from the zod schema (run npm run plan:schema after changing it)', () => {
    expect(schema).toEqual(planJsonSchema());
  });

  it('accepts the seed plan, which names it in $schema, and a synthetic plan of 1,000 activities', () => {
    expect(original().$schema).toBe('./plan.schema.json');
    expect(validate(original())).toBe(true);
    expect(validate(syntheticPlanJson(1000).plan)).toBe(true);
  });

  it('refuses what the editor should flag: a misspelt field, a missing title, a malformed activity id', () => {
    const plan = original();
    plan.titel = plan.title;
    delete plan.title;
    plan.recommendations[0].activities[0].id = 'A1';
    expect(validate(plan)).toBe(false);
    const problems = validate.errors!.map((e) => `${e.instancePath} ${e.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        " must have required property 'title'",
        ' must NOT have additional properties',
        '/recommendations/0/activities/0/id must match pattern "^[1-9][a-z]{1,3}$"',
      ]),
    );
  });
});
