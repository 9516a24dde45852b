import type { Deployment } from '../domain/deployment';
import type { Plan } from '../domain/plan';
import type { AnswerLog, CurrentStates } from './ports/stores';
import type { Clock } from './ports/services';

/**
 * What every use case of one plan reads: the plan as revised, the deployment as last read from the
 * store (both refreshed every turn and scheduler pass), the answers, the current states and the clock.
 */
export interface FollowUpContext {
  plan: Plan;
  deployment: Deployment;
  answers: AnswerLog;
  states: CurrentStates;
  clock: Clock;
}
