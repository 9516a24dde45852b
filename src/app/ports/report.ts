/** Renders the follow-up report as files; the report/ adapter implements it. */
import type { FollowUpReport } from '../followUpReport';

/** Turns a report into its files; the report/ layer provides it. */
export interface ReportRenderer {
  docx(report: FollowUpReport): Promise<Uint8Array>;
  pdf(report: FollowUpReport): Promise<Uint8Array>;
  csv(report: FollowUpReport): string;
}
