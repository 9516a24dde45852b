import type { AuditEntry } from '../../app/ports';
import { formatSwedishDate, formatSwedishDateTime, swedishDatesIn } from '../../domain/dates';
import type { Deployment, Member } from '../../domain/deployment';
import type { Plan } from '../../domain/plan';

/** The /admin card's view model (cards/admin.json). */
export interface AdminView {
  heading: string;
  message: string;
  /** 'good': a change saved (plain bold); 'attention': refused (red); 'none': no message. */
  messageKind: 'good' | 'attention' | 'none';
  etag: string;
  roles: Array<{ title: string; value: string }>;
  roleChoices: Array<{ title: string; value: string }>;
  firstRole: string;
  people: Array<{ title: string; value: string }>;
  administrators: string;
  managementGroup: string;
  scheduleText: string;
  everyWeeks: number;
  weekday: string;
  time: string;
  afterWorkingDays: number;
  maxReminders: number;
  pausesText: string;
  changes: Array<{ text: string }>;
}

const WEEKDAYS = ['söndag', 'måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag'];
const names = (members: Member[]) => members.map((m) => m.name).join(', ') || '(ingen)';

/** "0 9 * * 1" → Monday 09:00; any other pattern is shown as it is and the inputs start at Monday 09:00. */
function cadenceOf(cron: string): { weekday: number; time: string } | undefined {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* ([1-5])$/.exec(cron.trim());
  if (!m) return undefined;
  return { weekday: Number(m[3]), time: `${m[2]!.padStart(2, '0')}:${m[1]!.padStart(2, '0')}` };
}

export function adminView(input: {
  plan: Plan;
  deployment: Deployment;
  etag: string;
  /** People to pick from where Teams' organisation search is not available (the Playground). */
  people: Member[];
  changes: AuditEntry[];
  today: string;
  message?: { text: string; kind: 'good' | 'attention' };
}): AdminView {
  const { plan, deployment } = input;
  const roleTitle = (role: string) => plan.ownerRoles.find((r) => r.id === role)?.title ?? role;
  const activityIds = (role: string) =>
    plan.recommendations
      .flatMap((r) => r.activities)
      .filter((a) => a.ownerRole === role)
      .map((a) => a.id)
      .join(', ');
  const absence = (m: Member) => {
    const current = deployment.absences.filter((a) => a.userId === m.userId && a.to >= input.today);
    return current.length
      ? ` (frånvarande ${current.map((a) => `${formatSwedishDate(a.from)}–${formatSwedishDate(a.to)}`).join(', ')})`
      : '';
  };
  const { prompts, reminders, pauses } = deployment.schedule;
  const cadence = cadenceOf(prompts.cron);
  const byId = new Map<string, Member>();
  for (const p of input.people) if (!byId.has(p.userId)) byId.set(p.userId, p);
  return {
    heading: 'Administration av uppföljningen',
    message: input.message?.text ?? '',
    messageKind: input.message?.kind ?? 'none',
    etag: input.etag,
    roles: deployment.owners.map((o) => ({
      title: `${roleTitle(o.role)} (${activityIds(o.role)})`,
      value: `${o.owner.name}${absence(o.owner)}; ersättare: ${o.deputy ? `${o.deputy.name}${absence(o.deputy)}` : '(ingen)'}`,
    })),
    roleChoices: deployment.owners.map((o) => ({ title: roleTitle(o.role), value: o.role })),
    firstRole: deployment.owners[0]?.role ?? '',
    people: [...byId.values()]
      .sort((a, b) => a.name.localeCompare(b.name, 'sv'))
      .map((p) => ({ title: `${p.name} (${p.email})`, value: p.userId })),
    administrators: names(deployment.administrators),
    managementGroup: names(deployment.managementGroup),
    scheduleText:
      (cadence
        ? `Statuskort var ${prompts.everyWeeks}:e ${WEEKDAYS[cadence.weekday]} kl. ${cadence.time}`
        : `Statuskort enligt mönstret ${prompts.cron}, var ${prompts.everyWeeks}:e vecka`) +
      `; påminnelse efter ${reminders.afterWorkingDays} arbetsdagar, högst ${reminders.max}.`,
    everyWeeks: prompts.everyWeeks,
    weekday: String(cadence?.weekday ?? 1),
    time: cadence?.time ?? '09:00',
    afterWorkingDays: reminders.afterWorkingDays,
    maxReminders: reminders.max,
    pausesText: pauses.length
      ? `Inga statuskort eller påminnelser: ${pauses.map((p) => `${formatSwedishDate(p.from)}–${formatSwedishDate(p.to)}`).join(', ')}.`
      : 'Inga uppehåll inlagda.',
    changes: input.changes.length
      ? input.changes.map((c) => ({
          text: `${formatSwedishDateTime(c.at)}, ${c.by.name}: ${c.what}: ${swedishDatesIn(c.before)} → ${swedishDatesIn(c.after)}`,
        }))
      : [{ text: 'Inga ändringar ännu.' }],
  };
}
