import { createHash } from 'node:crypto';
import { z } from 'zod';
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

/** A deployment file with several plans: one entry per plan, each as a single-plan file is. */
const severalPlansSchema = z
  .object({
    $comment: z.string().optional(),
    $schema: z.string().optional(),
    plans: z.array(z.record(z.unknown())).min(1, 'minst en plan behövs'),
  })
  .strict();

/**
 * Reads a deployment file: one plan (today's shape: planFile, owners, administrators, schedule …)
 * or several (`{ "plans": [ … ] }`, each entry of that shape with its own owners, schedule and
 * channel). Every entry is checked as a file of its own is, and plan ids must differ.
 */
export function loadDeployments(file: string): LoadedDeployment[] {
  const raw = readJson(file, 'DEPLOYMENT_INVALID', 'Driftfilen');
  if (!raw || typeof raw !== 'object' || !('plans' in raw)) return [loadDeployment(file)];
  const result = severalPlansSchema.safeParse(raw);
  if (!result.success) {
    throw new AppError('DEPLOYMENT_INVALID', `Driftfilen ${file} är ogiltig:\n${describeZodError(result.error)}`);
  }
  const loaded = result.data.plans.map((entry, i) => {
    try {
      return loadEntry(entry, file);
    } catch (error) {
      if (error instanceof AppError) throw new AppError(error.code, `plans[${i}]: ${error.message}`);
      throw error;
    }
  });
  const ids = loaded.map((l) => l.plan.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) {
    throw new AppError('DEPLOYMENT_INVALID', `Driftfilen ${file}: planen ${twice} finns två gånger i plans.`);
  }
  return loaded;
}

/**
 * Reads the deployment file and the plan it names (relative to the working directory, or to the
 * deployment file's folder), and checks them against each other.
 */
export function loadDeployment(file: string): LoadedDeployment {
  return loadEntry(readJson(file, 'DEPLOYMENT_INVALID', 'Driftfilen'), file);
}

function loadEntry(raw: unknown, file: string): LoadedDeployment {
  const result = deploymentSchema.safeParse(raw);
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
