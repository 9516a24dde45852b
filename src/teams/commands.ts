import type { TurnContext } from 'botbuilder';
import { COMMAND_DOORS, opens, type Door } from '../app/permissionTable';
import type { HandlerDeps } from './handlers/context';
import { TEXT } from './replies';
import { absenceCommand } from './handlers/absenceHandlers';
import { adminCommand } from './handlers/adminHandlers';
import { assessmentCommand } from './handlers/assessmentHandlers';
import { dispatchCommand, updateCommand } from './handlers/promptHandlers';
import { reportCommand } from './handlers/reportHandlers';
import { revisionCommand } from './handlers/revisionHandlers';
import { archiveCommand, checkInCommand, closeCommand } from './handlers/lifecycleHandlers';
import { reachCommand } from './handlers/rosterHandlers';
import { registerCommand } from './handlers/registerHandlers';
import { helpCommand, statusCommand } from './handlers/statusHandlers';
import { linkCommand, summaryCommand } from './handlers/summaryHandlers';

type Handler = (deps: HandlerDeps) => (context: TurnContext) => Promise<void>;

export interface HelpLine {
  command: string;
  description: string;
}

/** One command a person can type. */
export interface CommandSpec {
  /** As typed after the slash, and as help, "which plan?" and "Menade du …?" name it. */
  name: string;
  /** Other spellings that route to it (without å, ä, ö; English). */
  aliases: readonly string[];
  /** Commands that change something need their slash ("utskick till alla" does nothing). */
  slash: 'required' | 'optional';
  /** Whom help lists it for; the command's use case still decides every request itself. */
  door: Door;
  /** With several plans and none chosen: `choice` offers the plan choice card, `name` says how to name one. */
  whenPlanUnclear: 'choice' | 'name';
  /** The lines help shows: an example as typed, and what it does. */
  help: readonly HelpLine[];
  handler: Handler;
}

/** Every command, in the order help lists them: routes, help, the "which plan?" text and typo candidates come from here. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'status',
    aliases: [],
    slash: 'optional',
    door: COMMAND_DOORS['/status'],
    whenPlanUnclear: 'choice',
    help: [
      { command: '/status', description: TEXT.help.status },
      { command: '/status rek2', description: TEXT.help.statusRecommendation },
      { command: '/status 2a', description: TEXT.help.statusActivity },
    ],
    handler: statusCommand,
  },
  {
    name: 'uppdatera',
    aliases: [],
    slash: 'optional',
    door: COMMAND_DOORS['/uppdatera'],
    whenPlanUnclear: 'name',
    help: [{ command: '/uppdatera', description: TEXT.help.uppdatera }],
    handler: updateCommand,
  },
  {
    name: 'utskick',
    aliases: [],
    slash: 'required',
    door: COMMAND_DOORS['/utskick'],
    whenPlanUnclear: 'name',
    help: [{ command: '/utskick', description: TEXT.help.utskick }],
    handler: dispatchCommand,
  },
  {
    name: 'nåbarhet',
    aliases: ['nabarhet'],
    slash: 'optional',
    door: COMMAND_DOORS['/nåbarhet'],
    whenPlanUnclear: 'name',
    help: [{ command: '/nåbarhet', description: TEXT.help.nabarhet }],
    handler: reachCommand,
  },
  {
    name: 'koppla',
    aliases: [],
    slash: 'required',
    door: COMMAND_DOORS['/koppla'],
    whenPlanUnclear: 'name',
    help: [{ command: '/koppla', description: TEXT.help.koppla }],
    handler: linkCommand,
  },
  {
    name: 'sammanfattning',
    aliases: [],
    slash: 'optional',
    door: COMMAND_DOORS['/sammanfattning'],
    whenPlanUnclear: 'name',
    help: [{ command: '/sammanfattning', description: TEXT.help.sammanfattning }],
    handler: summaryCommand,
  },
  {
    name: 'bedömning',
    aliases: ['bedomning'],
    slash: 'optional',
    door: COMMAND_DOORS['/bedömning'],
    whenPlanUnclear: 'name',
    help: [{ command: '/bedömning rek2', description: TEXT.help.bedomning }],
    handler: assessmentCommand,
  },
  {
    name: 'rapport',
    aliases: [],
    slash: 'optional',
    door: COMMAND_DOORS['/rapport'],
    whenPlanUnclear: 'name',
    help: [{ command: '/rapport', description: TEXT.help.rapport }],
    handler: reportCommand,
  },
  {
    name: 'frånvaro',
    aliases: ['franvaro'],
    slash: 'required',
    door: COMMAND_DOORS['/frånvaro'],
    whenPlanUnclear: 'name',
    help: [{ command: '/frånvaro 2027-07-01–2027-07-31', description: TEXT.help.franvaro }],
    handler: absenceCommand,
  },
  {
    name: 'registerutdrag',
    aliases: [],
    slash: 'required',
    door: COMMAND_DOORS['/registerutdrag'],
    whenPlanUnclear: 'name',
    help: [{ command: '/registerutdrag Karin Lind', description: TEXT.help.registerutdrag }],
    handler: registerCommand,
  },
  {
    name: 'admin',
    aliases: [],
    slash: 'required',
    door: COMMAND_DOORS['/admin'],
    whenPlanUnclear: 'name',
    help: [{ command: '/admin', description: TEXT.help.admin }],
    handler: adminCommand,
  },
  {
    name: 'revidera',
    aliases: [],
    slash: 'required',
    door: COMMAND_DOORS['/revidera'],
    whenPlanUnclear: 'name',
    help: [{ command: '/revidera 2a-m1 2026-06 "skäl"', description: TEXT.help.revidera }],
    handler: revisionCommand,
  },
  {
    name: 'avsluta',
    aliases: [],
    slash: 'required',
    door: 'administrator',
    whenPlanUnclear: 'name',
    // Listed in /admin's help line: Teams offers at most ten commands a scope, and both lists are full.
    help: [],
    handler: closeCommand,
  },
  {
    name: 'avstämning',
    aliases: ['avstamning', 'avstämningar', 'avstamningar'],
    slash: 'required',
    door: 'administrator',
    whenPlanUnclear: 'name',
    // Listed in /admin's help line: Teams offers at most ten commands a scope, and both lists are full.
    help: [],
    handler: checkInCommand,
  },
  {
    name: 'arkivera',
    aliases: [],
    slash: 'required',
    door: 'administrator',
    whenPlanUnclear: 'name',
    // Listed in /admin's help line: Teams offers at most ten commands a scope, and both lists are full.
    help: [],
    handler: archiveCommand,
  },
  {
    name: 'hjälp',
    aliases: ['hjalp', 'help'],
    slash: 'optional',
    door: COMMAND_DOORS['/hjälp'],
    whenPlanUnclear: 'name',
    help: [{ command: '/hjälp', description: TEXT.help.hjalp }],
    handler: (deps) =>
      helpCommand(deps, (userId) => ({ lines: helpLines(deps, userId), noRole: !hasRole(deps, userId) })),
  },
];

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The route of a command: its name or an alias as the first word, with or without the slash as the table says. */
export function commandPattern(spec: CommandSpec): RegExp {
  const words = [spec.name, ...spec.aliases].map(escape).join('|');
  return new RegExp(`^\\s*\\/${spec.slash === 'optional' ? '?' : ''}(?:${words})(?![\\p{L}\\p{N}_-])`, 'iu');
}

/** What "Menade du …?" compares a near miss with: every command's own name. */
export const COMMAND_WORDS: readonly string[] = COMMANDS.map((c) => c.name);

/** The help lines for a person: the commands whose door opens for them (everyone's, for someone unknown). */
export function helpLines(deps: Pick<HandlerDeps, 'deployment' | 'plan'>, userId: string | undefined): HelpLine[] {
  return COMMANDS.filter((c) => opens(c.door, { deployment: deps.deployment, plan: deps.plan, userId })).flatMap(
    (c) => c.help,
  );
}

/** Whether any door but `anyone` opens for a person: someone without is shown the reading commands and whom to ask. */
export function hasRole(deps: Pick<HandlerDeps, 'deployment' | 'plan'>, userId: string | undefined): boolean {
  return COMMANDS.some(
    (c) => c.door !== 'anyone' && opens(c.door, { deployment: deps.deployment, plan: deps.plan, userId }),
  );
}
