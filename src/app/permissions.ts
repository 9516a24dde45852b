import type { Deployment } from '../domain/deployment';
import type { Activity, Plan } from '../domain/plan';
import { commandOpens, verbOpens, type CardVerb, type Command } from './permissionTable';

/**
 * Who may do what, asked by every handler before it acts. Every answer comes from the one table
 * in permissionTable.ts; the rules live here, not in the chat adapter, so a move to another SDK
 * carries no permission logic along.
 */
export class Permissions {
  /** `source.deployment` and `source.plan` are read on every check: administrators change them in Teams. */
  constructor(private readonly source: { readonly deployment: Deployment; readonly plan: Plan }) {}

  private knock(userId: string | undefined, about: { activity?: Activity; subjectUserId?: string } = {}) {
    return { deployment: this.source.deployment, plan: this.source.plan, userId, ...about };
  }

  /** A card verb, for the activity or person its data names. */
  mayUseVerb(verb: CardVerb, userId: string | undefined, about?: { activity?: Activity; subjectUserId?: string }) {
    return verbOpens(verb, this.knock(userId, about));
  }

  /** A command, for the activity or person its argument names. */
  mayUseCommand(command: Command, userId: string | undefined, about?: { activity?: Activity; subjectUserId?: string }) {
    return commandOpens(command, this.knock(userId, about));
  }

  /** /utskick and its confirmation. */
  mayDispatch(userId: string): boolean {
    return this.mayUseCommand('/utskick', userId) && this.mayUseVerb('confirmDispatch', userId);
  }

  /** /nåbarhet. */
  mayViewReach(userId: string): boolean {
    return this.mayUseCommand('/nåbarhet', userId);
  }

  /** /koppla. */
  mayLinkChannel(userId: string): boolean {
    return this.mayUseCommand('/koppla', userId);
  }

  /** /sammanfattning. */
  mayReadSummary(userId: string): boolean {
    return this.mayUseCommand('/sammanfattning', userId);
  }

  /** Asking for (or correcting) the prompt of one activity: its owner, deputy or an administrator. */
  mayAnswerFor(activity: Activity, userId: string): boolean {
    return (
      this.mayUseCommand('/uppdatera', userId, { activity }) && this.mayUseVerb('submitStatus', userId, { activity })
    );
  }
}
