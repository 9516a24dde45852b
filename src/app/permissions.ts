import { activitiesOf, answeringCapacity, isAdministrator, isManagement, type Deployment } from '../domain/deployment';
import type { Activity, Plan } from '../domain/plan';

/**
 * Who may do what, asked by every handler before it acts: the rules live here, not in the chat
 * adapter, so a move to another SDK carries no permission logic along.
 */
export class Permissions {
  /** `source.deployment` is read on every check: administrators change it in Teams. */
  constructor(private readonly source: { readonly deployment: Deployment }) {}

  private get deployment(): Deployment {
    return this.source.deployment;
  }

  /** /utskick and its confirmation. */
  mayDispatch(userId: string): boolean {
    return isAdministrator(this.deployment, userId);
  }

  /** /nåbarhet. */
  mayViewReach(userId: string): boolean {
    return isAdministrator(this.deployment, userId);
  }

  /** /koppla. */
  mayLinkChannel(userId: string): boolean {
    return isManagement(this.deployment, userId);
  }

  /** /sammanfattning. */
  mayReadSummary(userId: string): boolean {
    return isManagement(this.deployment, userId);
  }

  /** Asking for (or correcting) the prompt of one activity: its owner, deputy or an administrator. */
  mayAnswerFor(activity: Activity, userId: string): boolean {
    return answeringCapacity(this.deployment, activity, userId) !== undefined;
  }
}

/** Who a command is for, as help lists it: each command's own use case still decides every request. */
export type CommandDoor = 'anyone' | 'answerer' | 'management' | 'administrator';

/** Whether a command's door opens for a person (no identity: only `anyone`). */
export function commandOpens(
  door: CommandDoor,
  deployment: Deployment,
  plan: Plan,
  userId: string | undefined,
): boolean {
  if (door === 'anyone') return true;
  if (userId === undefined) return false;
  if (isAdministrator(deployment, userId)) return true;
  if (door === 'management') return isManagement(deployment, userId);
  if (door === 'answerer') return activitiesOf(deployment, plan, userId).length > 0;
  return false;
}
