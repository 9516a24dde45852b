import type { ReportRenderer } from '../app/reportVersions';
import { answersCsv } from './answersCsv';
import { followUpDocx } from './followUpDocx';
import { followUpMarkdown } from './followUpMarkdown';

/** The report's files: the Word document and the CSV of every answer. */
export const reportRenderer: ReportRenderer = { docx: followUpDocx, csv: answersCsv };

export { followUpMarkdown };
