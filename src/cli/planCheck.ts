import { AppError } from '../app/errors';
import { loadDeployments } from '../config/deploymentFile';
import { loadPlan } from '../config/planFile';
import { readJson } from '../config/readJson';
import { allActivities, type Plan } from '../domain/plan';

/** What one file came to: valid with a line about it, or invalid with the same message the bot stops with at start. */
export interface FileCheck {
  file: string;
  ok: boolean;
  text: string;
}

const planLine = (plan: Plan): string =>
  `${plan.recommendations.length} rekommendationer, ${allActivities(plan).length} aktiviteter, ` +
  `${plan.ownerRoles.length} ansvarsroller`;

/**
 * Checks a plan file, or a deployment file together with the plan it names, with the schemas and
 * messages the bot uses at start: a file that passes here starts, one that fails says the same.
 */
export function checkFile(file: string): FileCheck {
  try {
    const raw = readJson(file, 'PLAN_INVALID', 'Filen');
    const isDeployment = !!raw && typeof raw === 'object' && ('planFile' in raw || 'plans' in raw);
    if (isDeployment) {
      const plans = loadDeployments(file).map(({ plan }) => `${plan.id} (${planLine(plan)})`);
      return {
        file,
        ok: true,
        text: `Driftfilen ${file} är giltig för ${plans.length === 1 ? 'planen' : 'planerna'} ${plans.join('; ')}.`,
      };
    }
    const plan = loadPlan(file);
    return { file, ok: true, text: `Planen ${file} är giltig: ${plan.id}, ${planLine(plan)}.` };
  } catch (error) {
    const code = error instanceof AppError ? error.code : 'PLAN_INVALID';
    return { file, ok: false, text: `[${code}] ${(error as Error).message}` };
  }
}

function main(): void {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    process.stderr.write('Ange en planfil, t.ex. npm run plan:check plans/min-plan.json\n');
    process.exit(2);
  }
  const checks = files.map(checkFile);
  for (const c of checks) (c.ok ? process.stdout : process.stderr).write(`${c.text}\n`);
  process.exit(checks.every((c) => c.ok) ? 0 : 1);
}

if (require.main === module) main();
