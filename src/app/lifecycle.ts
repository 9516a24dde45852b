import { randomUUID } from 'node:crypto';
import type { Person } from '../domain/answer';
import { VERDICT_LABEL, type Assessment } from '../domain/assessment';
import { formatSwedishDate } from '../domain/dates';
import { openRecommendations, RHYTHM_LABEL, type CheckInRhythm } from '../domain/lifecycle';
import { containsPersonalIdentityNumber } from '../domain/personalData';
import { findActivity, findRecommendation } from '../domain/plan';
import type { PlanRevision, RevisionChange } from '../domain/revisions';
import { textLength } from '../domain/text';
import type { LiveDeployment } from './liveDeployment';
import type { FollowUpContext } from './context';
import { commandOpens } from './permissionTable';

export type LifecycleRequest =
  | { op: 'close'; itemId: string; reason: string }
  | { op: 'checkIns'; activityId: string; rhythm: CheckInRhythm; dates: string[]; reason: string }
  | { op: 'archive'; reason: string };

export type LifecycleResult =
  { outcome: 'saved'; text: string } | { outcome: 'refused'; problem: string } | { outcome: 'notAllowed' };

const MAX_REASON = 500;

/**
 * The plan after the follow-up: an administrator closes a recommendation or an activity (on a
 * "genomförd" assessment, or with a reason), moves an activity to check-ins, or archives the plan
 * once every recommendation is closed. Each is a plan revision with its audit entry.
 */
export class PlanLifecycle {
  constructor(
    private readonly ctx: FollowUpContext,
    private readonly live: LiveDeployment,
    private readonly latestAssessment: (recommendationId: string) => Promise<Assessment | undefined>,
  ) {}

  async apply(actor: Person, request: LifecycleRequest): Promise<LifecycleResult> {
    const command = ({ close: '/avsluta', checkIns: '/avstämning', archive: '/arkivera' } as const)[request.op];
    if (!commandOpens(command, { deployment: this.ctx.deployment, plan: this.ctx.plan, userId: actor.userId })) {
      return { outcome: 'notAllowed' };
    }
    const plan = this.ctx.plan;
    if (plan.archived) {
      return {
        outcome: 'refused',
        problem: 'Planen är arkiverad och kan inte ändras; /status och /rapport visar den.',
      };
    }
    let reason = request.reason.trim();
    if (containsPersonalIdentityNumber(reason)) {
      return { outcome: 'refused', problem: 'Skriv inga personnummer i skälet.' };
    }
    if (textLength(reason) > MAX_REASON)
      return { outcome: 'refused', problem: `Skälet får vara högst ${MAX_REASON} tecken.` };
    let change: RevisionChange;
    let what: string;
    let before = 'öppen';
    let after: string;
    if (request.op === 'close') {
      const rec = findRecommendation(plan, request.itemId);
      const activity = rec ? undefined : findActivity(plan, request.itemId);
      if (!rec && !activity) {
        return {
          outcome: 'refused',
          problem: `${request.itemId} är varken en rekommendation eller en aktivitet i planen.`,
        };
      }
      const recommendationId = rec?.id ?? activity!.recommendationId;
      if (rec?.closure || activity?.closure || findRecommendation(plan, recommendationId)?.closure) {
        return { outcome: 'refused', problem: `${request.itemId} är redan avslutad.` };
      }
      const assessment = await this.latestAssessment(recommendationId);
      if (reason.length === 0) {
        if (assessment?.verdict !== 'genomförd') {
          const now = assessment
            ? `Senaste bedömningen är ”${VERDICT_LABEL[assessment.verdict]}”.`
            : 'Rekommendationen är inte bedömd.';
          return {
            outcome: 'refused',
            problem: `Att avsluta kräver bedömningen ”Genomförd” eller ett skäl. ${now} Skriv t.ex. /avsluta ${request.itemId} "skäl".`,
          };
        }
        reason = `Bedömd genomförd av ${assessment.assessedBy.name} ${formatSwedishDate(assessment.assessedAt)}.`;
      }
      change = { kind: 'closed', itemId: request.itemId };
      what = rec ? `Rek ${rec.number} avslutad` : `Aktivitet ${activity!.id} avslutad`;
      after = 'avslutad';
    } else if (request.op === 'checkIns') {
      const activity = findActivity(plan, request.activityId);
      if (!activity) return { outcome: 'refused', problem: `Aktiviteten ${request.activityId} finns inte i planen.` };
      if (reason.length === 0) return { outcome: 'refused', problem: 'Ange ett skäl till avstämningarna.' };
      change = { kind: 'checkIns', activityId: activity.id, rhythm: request.rhythm, dates: request.dates };
      what = `Aktivitet ${activity.id} till avstämningar`;
      before = activity.checkIns ? `avstämningar ${RHYTHM_LABEL[activity.checkIns.rhythm]}` : 'statuskort varje omgång';
      after = `avstämningar ${RHYTHM_LABEL[request.rhythm]}${request.dates.length > 0 ? ` (${request.dates.join(', ')})` : ''}`;
    } else {
      const open = openRecommendations(plan);
      if (open.length > 0) {
        return {
          outcome: 'refused',
          problem: `Planen kan arkiveras först när varje rekommendation är avslutad; öppna: ${open.map((r) => `rek ${r.number}`).join(', ')}.`,
        };
      }
      if (reason.length === 0) reason = 'Varje rekommendation är avslutad.';
      change = { kind: 'archived' };
      what = 'Planen arkiverad';
      before = 'aktiv';
      after = 'arkiverad';
    }
    const revision: PlanRevision = {
      planId: plan.id,
      id: randomUUID(),
      at: this.ctx.clock.now().toISOString(),
      by: actor,
      reason,
      change,
    };
    await this.live.revise(revision, `${what}: ${reason}`, before, after);
    return { outcome: 'saved', text: `${what}. Skäl: ${reason}` };
  }
}

const QUOTED = /"([^"]*)"|“([^”]*)”/;
const RHYTHMS: Record<string, CheckInRhythm> = { kvartal: 'kvartal', tertial: 'tertial' };
const DATE = /^(\d{4}-)?(\d{2})-(\d{2})$/;

function validDate(d: string): boolean {
  const m = DATE.exec(d);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(2024, month, 0)).getUTCDate();
}

const USAGE = {
  close: 'Skriv t.ex. /avsluta rek2 (på bedömningen ”Genomförd”) eller /avsluta 2a "skäl".',
  checkIns:
    'Skriv t.ex. /avstämning 2a kvartal "skäl", /avstämning 2a tertial "skäl" eller /avstämning 2a 03-15,09-15 "skäl" (datum i årshjulet).',
  archive: 'Skriv /arkivera, eller /arkivera "skäl".',
};

/** The reason in quotation marks at the end, and what comes before it. */
function splitReason(text: string): { head: string; reason: string } | { invalid: true } {
  const m = QUOTED.exec(text);
  if (!m) return { head: text.trim(), reason: '' };
  if (text.slice(m.index + m[0].length).trim() !== '') return { invalid: true };
  return { head: text.slice(0, m.index).trim(), reason: m[1] ?? m[2] ?? '' };
}

/** `/avsluta rek2 "skäl"`: the request, or a Swedish message saying how to write it. */
export function parseClose(text: string): LifecycleRequest | { invalid: string } {
  const parts = splitReason(text);
  if ('invalid' in parts) return { invalid: `Skriv skälet inom citattecken, sist. ${USAGE.close}` };
  const id = parts.head.toLowerCase().replace(/^rek\s+/, 'rek');
  if (!/^(rek[1-9]|[1-9][a-z]{1,3})$/.test(id))
    return { invalid: `Ange en rekommendation eller aktivitet. ${USAGE.close}` };
  return { op: 'close', itemId: id, reason: parts.reason };
}

/** `/avstämning 2a kvartal "skäl"` · `/avstämning 2a 03-15,2027-09-15 "skäl"`. */
export function parseCheckIns(text: string): LifecycleRequest | { invalid: string } {
  const parts = splitReason(text);
  if ('invalid' in parts) return { invalid: `Skriv skälet inom citattecken, sist. ${USAGE.checkIns}` };
  const m = /^(\S+)\s+(\S+)$/.exec(parts.head);
  if (!m) return { invalid: `Ange aktivitet och rytm. ${USAGE.checkIns}` };
  const activityId = m[1]!.toLowerCase();
  const word = m[2]!.toLowerCase();
  if (parts.reason.trim() === '') return { invalid: `Ange ett skäl. ${USAGE.checkIns}` };
  const rhythm = RHYTHMS[word];
  if (rhythm) return { op: 'checkIns', activityId, rhythm, dates: [], reason: parts.reason };
  const dates = word.split(',').filter((d) => d !== '');
  if (dates.length === 0 || dates.length > 12 || !dates.every(validDate)) {
    return { invalid: `”${m[2]}” är varken kvartal, tertial eller datum (MM-DD eller ÅÅÅÅ-MM-DD). ${USAGE.checkIns}` };
  }
  return { op: 'checkIns', activityId, rhythm: 'datum', dates: [...new Set(dates)].sort(), reason: parts.reason };
}

/** `/arkivera "skäl"`. */
export function parseArchive(text: string): LifecycleRequest | { invalid: string } {
  const parts = splitReason(text);
  if ('invalid' in parts || parts.head !== '') return { invalid: USAGE.archive };
  return { op: 'archive', reason: parts.reason };
}
