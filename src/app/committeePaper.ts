import type { Person } from '../domain/answer';
import { formatSwedishDate } from '../domain/dates';
import {
  DRAFTED_FIELDS,
  PAPER_FIELD_RULES,
  changedFields,
  checkPaper,
  detailsFromForm,
  formFromDetails,
  missingParts,
  type PaperEdition,
  type PaperField,
  type PaperForm,
  type PaperProblem,
} from '../domain/paper';
import type { FollowUpReport } from './followUpReport';
import type { FollowUpContext } from './context';
import type { DeploymentStore, FollowUpStore } from './ports';
import { verbOpens } from './permissionTable';

/** A count in words, as a paper writes small numbers: "två rekommendationer". */
export function countSv(n: number, one: string, many: string): string {
  const words = ['inga', 'en', 'två', 'tre', 'fyra', 'fem', 'sex', 'sju', 'åtta', 'nio', 'tio'];
  return `${words[n] ?? String(n)} ${n === 1 ? one : many}`;
}

function boardShort(board: string | undefined): string {
  return board && /stadsdelsnämnd/i.test(board) ? 'Stadsdelsnämnden' : 'Nämnden';
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The bot's draft of the proposal for decision, until someone writes their own. */
export function draftProposal(report: FollowUpReport): string[] {
  return [
    `${boardShort(report.plan.board)} godkänner uppföljningen av åtgärdsplanen och överlämnar den till revisorerna.`,
  ];
}

/** The bot's draft of the summary, from the assessments and the milestones, until someone writes their own. */
export function draftSummary(report: FollowUpReport): string {
  const recs = report.recommendations;
  const verdicts = { genomförd: 0, delvis: 0, ej: 0 } as Record<string, number>;
  let unassessed = 0;
  for (const r of recs) {
    if (r.assessment) verdicts[r.assessment.verdict] = (verdicts[r.assessment.verdict] ?? 0) + 1;
    else unassessed += 1;
  }
  const assessed = [
    verdicts.genomförd ? `${countSv(verdicts.genomförd, 'som genomförd', 'som genomförda')}` : '',
    verdicts.delvis ? `${countSv(verdicts.delvis, 'som delvis genomförd', 'som delvis genomförda')}` : '',
    verdicts.ej ? `${countSv(verdicts.ej, 'som ej genomförd', 'som ej genomförda')}` : '',
  ].filter(Boolean);
  const late = recs.flatMap((r) => r.activities).filter((a) => a.milestones.some((m) => m.view.state === 'försenad'));
  const parts = [
    `${report.plan.auditReport ?? 'Revisionens granskning'} gav nämnden ${countSv(recs.length, 'rekommendation', 'rekommendationer')}, som förvaltningen har besvarat med en åtgärdsplan.`,
    `Förvaltningen har följt upp åtgärdsplanen per ${formatSwedishDate(report.period.to)}.`,
    assessed.length > 0
      ? `Förvaltningen bedömer ${assessed.join(', ')}${unassessed ? `; ${countSv(unassessed, 'rekommendation', 'rekommendationer')} är ännu inte bedömda` : ''}.`
      : 'Ingen av rekommendationerna är ännu bedömd.',
    late.length > 0
      ? `${capitalise(countSv(late.length, 'aktivitet', 'aktiviteter'))} har milstolpar som har passerat utan att vara uppnådda.`
      : 'Inga milstolpar har passerat utan att vara uppnådda.',
    'Det fortsatta arbetet följs upp inom ledningssystemet för systematiskt kvalitetsarbete.',
  ];
  return parts.join(' ');
}

/** The bot's draft of the child-rights perspective, until someone writes their own. */
export function draftChildRights(): string {
  return 'Åtgärderna syftar till att barn och unga som behöver placeras i familjehem får en trygg och stabil placering: placering inom rimlig tid, kontrollerade familjehem och vård- och genomförandeplaner som följer barnets behov. Uppföljningen redovisar organisationens arbete och innehåller inga uppgifter om enskilda barn.';
}

/** The drafted parts as a form has them. */
function drafts(report: FollowUpReport): Record<(typeof DRAFTED_FIELDS)[number], string> {
  return {
    proposal: draftProposal(report).join('\n'),
    summary: draftSummary(report),
    childRights: draftChildRights(),
  };
}

/** What the Tjänsteutlåtande form shows: the parts as written, the drafts where nobody has, and what is missing. */
export interface PaperFormState {
  /** The edition the form is based on (0: nothing saved yet); saving makes the next. */
  edition: number;
  latest?: PaperEdition;
  values: PaperForm;
  /** Fields showing the bot's draft rather than something a person wrote. */
  drafted: PaperField[];
  /** Labels of required parts nobody has written yet. */
  missing: string[];
}

export type PaperSaveOutcome =
  | { kind: 'notAllowed' }
  | { kind: 'invalid'; problems: PaperProblem[] }
  /** Someone saved another edition since the form was shown: nothing saved, the newest is shown. */
  | { kind: 'conflict'; latest?: PaperEdition; changed: PaperField[] }
  | { kind: 'unchanged'; latest?: PaperEdition }
  | { kind: 'saved'; edition: PaperEdition; changed: PaperField[] };

/**
 * The committee paper's parts that only people can write (diarienummer, case officer, proposal,
 * summary, samverkan, child-rights perspective, signatories): written in Teams before fixing, kept
 * as numbered editions that are only ever added, and audited. A drafted part saved as the bot
 * drafted it is not stored: it keeps following the data until someone writes their own.
 */
export class CommitteePaper {
  constructor(
    private readonly ctx: Pick<FollowUpContext, 'plan' | 'deployment' | 'clock'>,
    private readonly store: Pick<FollowUpStore, 'savePaperEdition' | 'paperEditions'>,
    private readonly audit: Pick<DeploymentStore, 'appendAudit'>,
    private readonly reports: { report(asOf: string): Promise<FollowUpReport> },
  ) {}

  mayEdit(userId: string): boolean {
    return verbOpens('savePaper', { deployment: this.ctx.deployment, plan: this.ctx.plan, userId });
  }

  async latest(): Promise<PaperEdition | undefined> {
    return (await this.store.paperEditions(this.ctx.plan.id)).at(-1);
  }

  async form(): Promise<PaperFormState> {
    const [latest, report] = await Promise.all([
      this.latest(),
      this.reports.report(this.ctx.clock.now().toISOString()),
    ]);
    const written = formFromDetails(latest?.details ?? {});
    const drafted = DRAFTED_FIELDS.filter((f) => written[f] === undefined);
    const draft = drafts(report);
    return {
      edition: latest?.edition ?? 0,
      ...(latest ? { latest } : {}),
      values: { ...Object.fromEntries(drafted.map((f) => [f, draft[f]])), ...written },
      drafted,
      missing: missingParts(latest?.details ?? {}),
    };
  }

  async save(input: {
    actor: Person;
    basedOn: number;
    form: PaperForm;
    personalData?: PaperField[];
  }): Promise<PaperSaveOutcome> {
    if (!this.mayEdit(input.actor.userId)) return { kind: 'notAllowed' };
    const problems = checkPaper(input.form, input.personalData);
    if (problems.length > 0) return { kind: 'invalid', problems };
    const now = this.ctx.clock.now().toISOString();
    const [editions, report] = await Promise.all([
      this.store.paperEditions(this.ctx.plan.id),
      this.reports.report(now),
    ]);
    const latest = editions.at(-1);
    const since = (newer: PaperEdition | undefined, all: PaperEdition[]): PaperSaveOutcome => ({
      kind: 'conflict',
      latest: newer,
      // What the others changed since the edition the form was based on.
      changed: changedFields(all.find((e) => e.edition === input.basedOn)?.details ?? {}, newer?.details ?? {}),
    });
    if ((latest?.edition ?? 0) !== input.basedOn) return since(latest, editions);
    const draft = drafts(report);
    const written: PaperForm = { ...input.form };
    for (const f of DRAFTED_FIELDS) if (written[f]?.trim() === draft[f]) delete written[f];
    const details = detailsFromForm(written);
    const changed = changedFields(latest?.details ?? {}, details);
    if (changed.length === 0) return { kind: 'unchanged', latest };
    const edition: PaperEdition = {
      planId: this.ctx.plan.id,
      edition: input.basedOn + 1,
      savedAt: now,
      savedBy: input.actor,
      details,
    };
    if ((await this.store.savePaperEdition(edition)) === 'conflict') {
      const all = await this.store.paperEditions(this.ctx.plan.id);
      return since(all.at(-1), all);
    }
    await this.audit.appendAudit({
      planId: this.ctx.plan.id,
      id: `paper:${edition.edition}`,
      at: now,
      by: input.actor,
      what: 'Tjänsteutlåtandets uppgifter',
      before: latest ? `utgåva ${latest.edition}` : 'inga uppgifter ifyllda',
      after: `utgåva ${edition.edition}: ${changed.map((f) => PAPER_FIELD_RULES[f].label.toLowerCase()).join(', ')}`,
    });
    return { kind: 'saved', edition, changed };
  }
}
