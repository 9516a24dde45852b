import { createHash } from 'node:crypto';
import type { Person } from '../domain/answer';
import { stockholmDate } from '../domain/dates';
import type { Plan } from '../domain/plan';
import { revisedPlan } from '../domain/revisions';
import { AppError } from './errors';
import { buildFollowUpReport, type FollowUpReport, type VersionStamp } from './followUpReport';
import type { DeploymentStore, FixedVersion, FollowUpStore, VersionContent } from './ports';
import type { FollowUpContext } from './context';
import type { ReportRenderer } from './ports';
import { commandOpens, verbOpens } from './permissionTable';

export interface ReportFile {
  name: string;
  bytes: Uint8Array;
  sha256: string;
}

export interface RenderedReport {
  report: FollowUpReport;
  docx: ReportFile;
  pdf: ReportFile;
  csv: ReportFile;
  version?: FixedVersion;
}

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

const MAX_FIX_ATTEMPTS = 5;

/**
 * The follow-up report: a draft as of now, fixed versions ("Fastställ") and those versions made
 * again. A fixed version counts only what was given up to the instant it was fixed, so making it
 * again gives the same bytes, whatever has been answered since.
 */
export class FollowUpReports {
  constructor(
    private readonly ctx: FollowUpContext,
    private readonly store: FollowUpStore,
    private readonly planSha256: string,
    private readonly renderer: ReportRenderer,
    /** The deployment's audit log, listed in the report, and the plan revisions. */
    private readonly audit?: Pick<DeploymentStore, 'auditLog'> & Partial<Pick<DeploymentStore, 'revisions'>>,
    /** The plan file's plan: a report shows it with the revisions made up to the report's instant. */
    private readonly filePlan?: Plan,
  ) {}

  mayRead(userId: string): boolean {
    return commandOpens('/rapport', { deployment: this.ctx.deployment, plan: this.ctx.plan, userId });
  }

  mayFix(userId: string): boolean {
    return verbOpens('fixReport', { deployment: this.ctx.deployment, plan: this.ctx.plan, userId });
  }

  versions(): Promise<FixedVersion[]> {
    return this.store.versions(this.ctx.plan.id);
  }

  /** What a report at `asOf` is made from, as the store holds it now. */
  private async sources(asOf: string): Promise<Omit<VersionContent, 'version'>> {
    const [answers, assessments, changes, revisions, editions] = await Promise.all([
      this.ctx.answers.allAnswers(this.ctx.plan.id),
      this.store.assessments(this.ctx.plan.id),
      this.audit?.auditLog(this.ctx.plan.id) ?? [],
      this.audit?.revisions?.(this.ctx.plan.id) ?? [],
      this.store.paperEditions(this.ctx.plan.id),
    ]);
    // The paper's parts as they stood at `asOf`: the last edition saved by then.
    const paper = editions.filter((e) => e.savedAt <= asOf).at(-1)?.details;
    return {
      planId: this.ctx.plan.id,
      fixedAt: asOf,
      deployment: this.ctx.deployment,
      answers,
      assessments,
      changes,
      revisions,
      ...(paper ? { paper } : {}),
    };
  }

  /** The report's content as of `asOf`, not laid out as files: what the paper's drafts are made from. */
  async report(asOf: string): Promise<FollowUpReport> {
    return this.build(asOf, await this.sources(asOf));
  }

  private build(asOf: string, from: Omit<VersionContent, 'version'>, stamp?: VersionStamp): FollowUpReport {
    const { answers, assessments, changes, revisions, deployment, paper } = from;
    // A fixed version shows only the revisions made up to the instant it was fixed.
    const plan = this.filePlan && this.audit?.revisions ? revisedPlan(this.filePlan, revisions, asOf) : this.ctx.plan;
    return buildFollowUpReport(
      { plan, deployment },
      { answers, assessments, changes, planSha256: this.planSha256, ...(paper ? { paper } : {}) },
      asOf,
      stamp,
    );
  }

  private async render(
    asOf: string,
    stamp?: VersionStamp,
    from?: Omit<VersionContent, 'version'>,
  ): Promise<Omit<RenderedReport, 'version'>> {
    const report = this.build(asOf, from ?? (await this.sources(asOf)), stamp);
    const base = `uppfoljning-${this.ctx.plan.id}-${stamp ? `version-${stamp.version}` : `utkast-${stockholmDate(new Date(asOf))}`}`;
    const [docx, pdf] = await Promise.all([this.renderer.docx(report), this.renderer.pdf(report)]);
    const csv = new TextEncoder().encode(this.renderer.csv(report));
    return {
      report,
      docx: { name: `${base}.docx`, bytes: docx, sha256: sha256(docx) },
      pdf: { name: `${base}.pdf`, bytes: pdf, sha256: sha256(pdf) },
      csv: { name: `${base}-svar.csv`, bytes: csv, sha256: sha256(csv) },
    };
  }

  /** The report as it stands at `asOf` (default now), not fixed. */
  async draft(asOf?: string): Promise<RenderedReport> {
    return this.render(asOf ?? this.ctx.clock.now().toISOString());
  }

  /** Fixes the next version: stored once with who, when and the hashes, never replaced. */
  async fix(actor: Person): Promise<RenderedReport & { version: FixedVersion }> {
    if (!this.mayFix(actor.userId)) throw new AppError('NOT_PERMITTED', 'fastställande nekat');
    for (let attempt = 0; attempt < MAX_FIX_ATTEMPTS; attempt++) {
      const existing = await this.versions();
      const number = (existing.at(-1)?.version ?? 0) + 1;
      const fixedAt = this.ctx.clock.now().toISOString();
      const stamp: VersionStamp = { version: number, fixedBy: actor, fixedAt };
      // The version keeps what it was made from, so gallring of its sources cannot change it.
      const content = await this.sources(fixedAt);
      const rendered = await this.render(fixedAt, stamp, content);
      const version: FixedVersion = {
        planId: this.ctx.plan.id,
        ...stamp,
        documentSha256: rendered.docx.sha256,
        pdfSha256: rendered.pdf.sha256,
        planSha256: this.planSha256,
        contentSha256: rendered.report.contentSha256,
      };
      await this.store.saveVersionContent({ ...content, version: number });
      if ((await this.store.fixVersion(version)) === 'stored') return { ...rendered, version };
    }
    throw new AppError('STORE_CONFLICT', 'Flera versioner fastställdes samtidigt. Försök igen.');
  }

  /** A fixed version made again, checked against the hash stored when it was fixed. */
  async version(number: number): Promise<(RenderedReport & { version: FixedVersion }) | undefined> {
    const version = (await this.versions()).find((v) => v.version === number);
    if (!version) return undefined;
    if (version.planSha256 !== this.planSha256) {
      throw new AppError(
        'PLAN_CHANGED',
        `Planfilen har ändrats sedan version ${number} fastställdes, så versionen kan inte tas fram igen ur den här planen. ` +
          `Använd den fil som levererades när versionen fastställdes (SHA-256 ${version.documentSha256}).`,
      );
    }
    // Versions fixed with their content are made from it; older ones from the record as it stands.
    const content = await this.store.versionContent(this.ctx.plan.id, number, version.fixedAt);
    const rendered = await this.render(version.fixedAt, version, content);
    if (
      rendered.docx.sha256 !== version.documentSha256 ||
      (version.pdfSha256 !== undefined && rendered.pdf.sha256 !== version.pdfSha256)
    ) {
      throw new AppError(
        'REPORT_CHANGED',
        `Version ${number} blev inte densamma som när den fastställdes (SHA-256 ${rendered.docx.sha256} i stället för ${version.documentSha256}).`,
      );
    }
    return { ...rendered, version };
  }
}
