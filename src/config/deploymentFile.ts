import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { deploymentSchema, type Deployment } from '../domain/deployment';
import type { Plan } from '../domain/plan';
import { AppError } from '../app/errors';
import { describeZodError } from './zodMessages';
import { readJson } from './readJson';
import { loadPlan } from './planFile';
import { deploymentIssues } from '../app/liveDeployment';

export interface LoadedDeployment {
  deployment: Deployment;
  plan: Plan;
  /** SHA-256 (hex) of the plan file's bytes: which plan a fixed report was made from. */
  planSha256: string;
}

/**
 * Reads the deployment file and the plan it names (relative to the working directory, or to the
 * deployment file's folder), and checks them against each other.
 */
export function loadDeployment(file: string): LoadedDeployment {
  const result = deploymentSchema.safeParse(readJson(file, 'DEPLOYMENT_INVALID', 'Driftfilen'));
  if (!result.success) {
    throw new AppError('DEPLOYMENT_INVALID', `Driftfilen ${file} är ogiltig:\n${describeZodError(result.error)}`);
  }
  const { $comment: _comment, ...deployment } = result.data;
  const planFile = resolvePlanFile(deployment.planFile, file);
  const plan = loadPlan(planFile);
  // The same checks as every change made in Teams (/admin, /frånvaro).
  const problems = deploymentIssues(deployment, plan);
  if (problems.length > 0) {
    throw new AppError('DEPLOYMENT_INVALID', `Driftfilen ${file} passar inte planen:\n${problems.join('\n')}`);
  }
  return { deployment, plan, planSha256: createHash('sha256').update(readFileSync(planFile)).digest('hex') };
}

function resolvePlanFile(planFile: string, deploymentFile: string): string {
  return existsSync(planFile) ? planFile : resolve(dirname(deploymentFile), planFile);
}
