import { answersCsv } from './answersCsv';
import { followUpMarkdown } from './followUpMarkdown';
import type { ReportRenderer } from '../app/ports';

/**
 * The report's files: the committee's paper as Word and as PDF/A, and the CSV of every answer. The
 * writers (docx and fflate, pdfkit with its fonts) are loaded when the first report is asked for, not when
 * the bot starts.
 */
export const reportRenderer: ReportRenderer = {
  docx: async (report) => (await import('./followUpDocx')).followUpDocx(report),
  pdf: async (report) => (await import('./followUpPdf')).followUpPdf(report),
  csv: answersCsv,
};

export { followUpMarkdown };
