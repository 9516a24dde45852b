import { planSchema, toPlan, type Plan } from '../domain/plan';
import { AppError } from '../app/errors';
import { describeZodError } from './zodMessages';
import { readJson } from './readJson';

/** Reads and validates the plan; any problem stops the bot with the file, the path inside it and what is wrong. */
export function loadPlan(file: string): Plan {
  return parsePlan(readJson(file, 'PLAN_INVALID', 'Planen'), file);
}

export function parsePlan(raw: unknown, file: string): Plan {
  const result = planSchema.safeParse(raw);
  if (!result.success) {
    throw new AppError('PLAN_INVALID', `Planen ${file} är ogiltig:\n${describeZodError(result.error)}`);
  }
  return toPlan(result.data);
}
