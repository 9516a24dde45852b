import { answeringCapacity, isAdministrator, isManagement, type Deployment } from '../domain/deployment';
import type { Activity } from '../domain/plan';

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

  /** The tab's whole plan: every activity's history, links and indicator values, the reports and the send log. */
  maySeeWholePlan(userId: string): boolean {
    return isManagement(this.deployment, userId);
  }

  /** Asking for (or correcting) the prompt of one activity: its owner, deputy or an administrator. */
  mayAnswerFor(activity: Activity, userId: string): boolean {
    return answeringCapacity(this.deployment, activity, userId) !== undefined;
  }
}
