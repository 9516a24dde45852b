import { activitiesOf, answeringCapacity, isAdministrator, isManagement, type Deployment } from '../domain/deployment';
import type { Activity, Plan } from '../domain/plan';

/**
 * Who may use each card verb and each command: one table, read by the use cases and handlers
 * (through Permissions), by the authorization matrix test, and by anything that shows a person
 * only the buttons and commands they may use (help, the tab).
 *
 * The exported API is kept small and stable:
 * - `Door`: the kinds of permission;
 * - `CARD_VERB_DOORS` and `COMMAND_DOORS`: the table, one row per card verb (`VERBS` in
 *   teams/cardData.ts must have exactly these keys, or the build fails) and per command;
 * - `opens(door, who)`: whether a door opens for a person, for one activity or person, or in general;
 * - `verbOpens` and `commandOpens`: the same, looked up by verb or command.
 */
export type Door =
  /** Anyone in the organisation. */
  | 'anyone'
  /**
   * The owner or the deputy of the activity the action is about, or an administrator. Without an
   * activity named: someone who answers for at least one activity, or an administrator.
   */
  | 'answerer'
  /** The management group (ledningsgruppen) or an administrator. */
  | 'management'
  /** An administrator. */
  | 'administrator'
  /**
   * The person the action is about, or an administrator. Without a person named: someone who
   * owns an activity (the only people it can be about), or an administrator.
   */
  | 'selfOrAdministrator';

/**
 * Card verbs. `refreshPrompt` is the one verb whose closed door is not a refusal: anyone else gets
 * a read-only card without the evidence link and the indicator values (Teams refreshes cards for
 * whoever opens them).
 */
export const CARD_VERB_DOORS = {
  showStatus: 'anyone',
  submitStatus: 'answerer',
  correctStatus: 'answerer',
  refreshPrompt: 'answerer',
  showReceipt: 'answerer',
  confirmDispatch: 'administrator',
  showAssessment: 'management',
  submitAssessment: 'management',
  fixReport: 'administrator',
  sendReport: 'management',
  /** Back to the report card, e.g. from the confirmation before fixing. */
  showReport: 'management',
  /** The committee paper's parts only people can write (Tjänsteutlåtande), shown and saved. */
  showPaper: 'administrator',
  savePaper: 'administrator',
  adminChange: 'administrator',
  /** The retention rules (gallringsregler), opened from /admin, and one rule saved. */
  showRetention: 'administrator',
  saveRetention: 'administrator',
  remindLater: 'answerer',
} as const satisfies Record<string, Door>;

/** Commands, as typed (the slash included; the read-only ones also answer without it). */
export const COMMAND_DOORS = {
  '/status': 'anyone',
  '/hjälp': 'anyone',
  /** With an activity named: that activity's door; without: one's own activities. */
  '/uppdatera': 'answerer',
  '/utskick': 'administrator',
  '/koppla': 'management',
  '/sammanfattning': 'management',
  '/nåbarhet': 'administrator',
  '/bedömning': 'management',
  '/rapport': 'management',
  '/frånvaro': 'selfOrAdministrator',
  '/admin': 'administrator',
  '/revidera': 'administrator',
  '/registerutdrag': 'administrator',
  '/avsluta': 'administrator',
  '/avstämning': 'administrator',
  '/arkivera': 'administrator',
} as const satisfies Record<string, Door>;

/**
 * The tab's parts. Everyone signed in to the tenant sees the overview; an activity's history,
 * links and indicator values open as its answer door does; the whole plan (every activity, the
 * fixed reports, the send log) as the management door does.
 */
export const TAB_DOORS = {
  overview: 'anyone',
  activity: 'answerer',
  wholePlan: 'management',
} as const satisfies Record<string, Door>;

export type CardVerb = keyof typeof CARD_VERB_DOORS;
export type Command = keyof typeof COMMAND_DOORS;
export type TabPart = keyof typeof TAB_DOORS;

/** Who knocks, and what about: the activity an action names, or the person it concerns. */
export interface Knock {
  deployment: Deployment;
  plan: Plan;
  /** The person's Entra object id; undefined (no identity) opens only `anyone`. */
  userId: string | undefined;
  activity?: Activity;
  subjectUserId?: string;
}

export function opens(door: Door, knock: Knock): boolean {
  const { deployment, plan, userId } = knock;
  if (door === 'anyone') return true;
  if (userId === undefined) return false;
  switch (door) {
    case 'administrator':
      return isAdministrator(deployment, userId);
    case 'management':
      return isManagement(deployment, userId);
    case 'answerer':
      return knock.activity
        ? answeringCapacity(deployment, knock.activity, userId) !== undefined
        : isAdministrator(deployment, userId) || activitiesOf(deployment, plan, userId).length > 0;
    case 'selfOrAdministrator':
      if (isAdministrator(deployment, userId)) return true;
      return knock.subjectUserId !== undefined
        ? knock.subjectUserId === userId
        : deployment.owners.some((o) => o.owner.userId === userId);
  }
}

export const verbOpens = (verb: CardVerb, knock: Knock): boolean => opens(CARD_VERB_DOORS[verb], knock);
export const commandOpens = (command: Command, knock: Knock): boolean => opens(COMMAND_DOORS[command], knock);
export const tabOpens = (part: TabPart, knock: Knock): boolean => opens(TAB_DOORS[part], knock);
