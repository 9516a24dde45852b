import { VERDICT_LABEL } from '../domain/assessment';
import { formatSwedishDateTime } from '../domain/dates';
import { allActivities, dateText, findActivity } from '../domain/plan';
import type { PlanRevision } from '../domain/revisions';
import { STATUS_LABEL } from '../domain/status';
import type { DashboardAccess } from './dashboard';
import type { DeploymentStore, FollowUpStore, ScheduleStore } from './ports';
import type { FollowUpContext } from './context';

/** One sheet of a workbook: a header row, then rows of text and numbers. */
export interface WorkbookSheet {
  name: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

/** Writes sheets as an .xlsx file; the report/ layer provides it. */
export interface WorkbookWriter {
  xlsx(sheets: WorkbookSheet[]): Promise<Uint8Array>;
}

/** A revision as the sheet lists it: what kind, what it is about, and the date it gives. */
function revisionRow(c: PlanRevision['change']): [string, string, string] {
  switch (c.kind) {
    case 'moved':
      return ['Flyttad', c.milestoneId, dateText(c.to)];
    case 'added':
      return ['Tillagd', `${c.milestone.id} ${c.milestone.title}`, dateText(c.milestone.due)];
    case 'removed':
      return ['Borttagen', c.milestoneId, ''];
    case 'closed':
      return ['Avslutad', c.itemId, ''];
    case 'checkIns':
      return ['Avstämningar', c.activityId, c.dates.join(', ')];
    case 'archived':
      return ['Arkiverad', 'planen', ''];
  }
}

const SEND_OUTCOME: Record<string, string> = { sent: 'Skickat', unreachable: 'Nåddes inte', failed: 'Misslyckades' };

/**
 * The tab's Excel export: answers, assessments, revisions and the send log, one sheet each. It
 * follows the tab's permissions: the management group and administrators get the whole plan; an
 * owner gets the answers of their own activities, the assessments and the revisions (both shown
 * on the overview and timeline they see), never the send log; anyone else gets nothing.
 */
export class DashboardExport {
  constructor(
    private readonly ctx: FollowUpContext,
    private readonly followUp: Pick<FollowUpStore, 'assessments'>,
    private readonly deployments: Pick<DeploymentStore, 'revisions'>,
    private readonly schedule: Pick<ScheduleStore, 'sends'>,
    private readonly access: DashboardAccess,
    private readonly writer: WorkbookWriter,
  ) {}

  /** The workbook, or undefined when the user may not export. */
  async workbook(userId: string): Promise<Uint8Array | undefined> {
    const plan = this.ctx.plan;
    const everything = this.access.maySeeWholePlan(userId);
    const visible = allActivities(plan).filter((a) => everything || this.access.maySeeActivity(a, userId));
    if (visible.length === 0) return undefined;
    const [answers, assessments, revisions, sends] = await Promise.all([
      Promise.all(visible.map((a) => this.ctx.answers.answerHistory(plan.id, a.id))).then((h) => h.flat()),
      this.followUp.assessments(plan.id),
      this.deployments.revisions(plan.id),
      everything ? this.schedule.sends(plan.id, '') : Promise.resolve([]),
    ]);
    const sheets: WorkbookSheet[] = [
      {
        name: 'Svar',
        columns: ['Tidpunkt', 'Aktivitet', 'Enhet', 'Lämnat av', 'Status', 'Kommentar', 'Nästa steg', 'Underlag'],
        rows: answers
          .sort((a, b) => a.answeredAt.localeCompare(b.answeredAt))
          .map((a) => [
            formatSwedishDateTime(a.answeredAt),
            a.activityId,
            findActivity(plan, a.activityId)?.unit ?? '',
            a.answeredBy.name,
            STATUS_LABEL[a.status],
            a.comment ?? '',
            a.nextStep ?? '',
            a.evidenceUrl ?? '',
          ]),
      },
      {
        name: 'Bedömningar',
        columns: ['Tidpunkt', 'Rekommendation', 'Bedömning', 'Analys', 'Effekter', 'Bedömd av'],
        rows: assessments.map((a) => [
          formatSwedishDateTime(a.assessedAt),
          a.recommendationId,
          VERDICT_LABEL[a.verdict],
          a.analysis,
          a.effects,
          a.assessedBy.name,
        ]),
      },
      {
        name: 'Revideringar',
        columns: ['Tidpunkt', 'Ändring', 'Gäller', 'Datum', 'Skäl', 'Av'],
        rows: revisions.map((r) => [formatSwedishDateTime(r.at), ...revisionRow(r.change), r.reason, r.by.name]),
      },
    ];
    if (everything) {
      sheets.push({
        name: 'Utskick',
        columns: ['Påbörjat', 'Klart', 'Utskick', 'Utfall', 'Orsak', 'Försök'],
        rows: sends
          .sort((a, b) => a.claimedAt.localeCompare(b.claimedAt))
          .map((s) => [
            formatSwedishDateTime(s.claimedAt),
            s.finishedAt ? formatSwedishDateTime(s.finishedAt) : '',
            s.key,
            s.outcome ? (SEND_OUTCOME[s.outcome] ?? s.outcome) : 'Pågår',
            s.reason ?? '',
            s.attempts ?? 1,
          ]),
      });
    }
    return this.writer.xlsx(sheets);
  }
}
