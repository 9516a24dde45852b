import { answersCsv } from './answersCsv';
import { followUpMarkdown } from './followUpMarkdown';
import type { ReportRenderer } from '../app/ports';
import type { ExtractRenderer } from '../app/registerExtract';
import { registerExtractJson } from './registerExtractDocx';

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

/**
 * A register extract's files, for the command line and for Teams alike: the same extract gives the
 * same bytes (the Word file is written deterministically from the extract's instant).
 */
export const registerExtractRenderer: ExtractRenderer = {
  docx: async (extract) => (await import('./registerExtractDocx')).registerExtractDocx(extract),
  json: async (extract) => registerExtractJson(extract),
};

export { followUpMarkdown };
