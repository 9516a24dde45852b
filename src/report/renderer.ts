import { answersCsv } from './answersCsv';
import { followUpMarkdown } from './followUpMarkdown';
import type { ReportRenderer } from '../app/ports';

/**
 * The report's files: the Word document and the CSV of every answer. The Word writer (docx and
 * fflate, about 0.4 s of module loading) is loaded when the first report is asked for, not when
 * the bot starts.
 */
export const reportRenderer: ReportRenderer = {
  docx: async (report) => (await import('./followUpDocx')).followUpDocx(report),
  csv: answersCsv,
};

export { followUpMarkdown };
