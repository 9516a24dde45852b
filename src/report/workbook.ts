import type { WorkbookSheet, WorkbookWriter } from '../app/dashboardExport';
import { safe } from './answersCsv';

/**
 * The tab's export as .xlsx (exceljs). Text goes through the CSV's formula guard: the cell is text
 * either way, but a user who edits one that starts with = + - or @ would otherwise turn it into a formula.
 * exceljs (about as heavy as the Word writer) is loaded at the first export, not when the bot starts.
 */
export const workbookWriter: WorkbookWriter = {
  async xlsx(sheets: WorkbookSheet[]): Promise<Uint8Array> {
    const { Workbook } = (await import('exceljs')).default;
    const book = new Workbook();
    book.creator = 'Åtgärdsplan';
    for (const sheet of sheets) {
      const ws = book.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = sheet.columns.map((header) => ({ header, width: Math.max(12, header.length + 4) }));
      ws.getRow(1).font = { bold: true };
      for (const row of sheet.rows) ws.addRow(row.map((v) => (typeof v === 'string' ? safe(v) : v)));
    }
    return new Uint8Array(await book.xlsx.writeBuffer());
  },
};
