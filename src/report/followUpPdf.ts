import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { FollowUpReport } from '../app/followUpReport';
import { paperModel, type Block } from './paperModel';

/**
 * The committee's paper as PDF/A-2b for the diarium and the archive, laid out by pdfkit in-process
 * (no office suite on the server). PDF/A wants every font embedded, so Noto Sans comes from its npm
 * package rather than from the machine. The same report gives the same bytes: the document's dates
 * (and the file id pdfkit derives from them) are the report's own instant. There is no ModDate:
 * PDF/A wants each Info entry matched in the XMP, and pdfkit writes no xmp:ModifyDate.
 */
const FONT_DIR = `${require.resolve('@expo-google-fonts/noto-sans/package.json').replace(/package\.json$/, '')}`;
const REGULAR = readFileSync(`${FONT_DIR}400Regular/NotoSans_400Regular.ttf`);
const BOLD = readFileSync(`${FONT_DIR}700Bold/NotoSans_700Bold.ttf`);

const MARGIN = 56.7; // 2 cm, as the Word document.
const SIZE: Record<string, number> = { title: 16, 1: 13, 2: 11.5, 3: 10.5 };

function render(doc: PDFKit.PDFDocument, b: Block, width: number): void {
  switch (b.kind) {
    case 'title':
      doc.moveDown(1).font('Bold').fontSize(SIZE.title!).text(b.text, { width }).moveDown(0.5);
      return;
    case 'heading': {
      if (b.newPage) doc.addPage();
      const size = SIZE[b.level]!;
      // Keep a heading with its text: start a new page when only the heading would fit.
      if (doc.y + size * 5 > doc.page.height - MARGIN * 1.5) doc.addPage();
      doc.moveDown(0.6).font('Bold').fontSize(size).text(b.text, { width }).moveDown(0.2);
      return;
    }
    case 'para':
      doc.font('Regular').fontSize(10).text(b.text, { width }).moveDown(0.4);
      return;
    case 'labelled':
      doc.font('Bold').fontSize(10).text(`${b.label}: `, { width, continued: true });
      doc.font('Regular').text(b.text, { width }).moveDown(0.3);
      return;
    case 'facts':
      for (const [label, text] of b.rows) {
        doc.font('Bold').fontSize(9).text(`${label}: `, { width, continued: true });
        doc.font('Regular').text(text, { width });
      }
      return;
    case 'table':
      doc.font('Regular').fontSize(8);
      doc.table({
        columnStyles: b.widths.map((w) => (width * w) / 100),
        data: [
          b.header.map((text) => ({ text, font: { src: 'Bold' } })),
          ...b.rows.map((r) => r.map((text) => text || '–')),
        ],
      });
      doc.moveDown(0.5);
      return;
    case 'signatures':
      doc.moveDown(1.5);
      for (const p of b.people) {
        doc.font('Regular').fontSize(10).text(p.name, { width });
        doc.font('Regular').fontSize(9).text(p.title, { width }).moveDown(0.8);
      }
      return;
  }
}

export async function followUpPdf(report: FollowUpReport): Promise<Buffer> {
  const model = paperModel(report);
  const at = new Date(report.version?.fixedAt ?? report.asOf);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    subset: 'PDF/A-2b',
    pdfVersion: '1.7',
    tagged: true,
    lang: 'sv-SE',
    displayTitle: true,
    info: {
      Title: model.title,
      Author: report.plan.organisation,
      Subject: model.description,
      Creator: report.plan.organisation,
      CreationDate: at,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('Regular', REGULAR);
  doc.registerFont('Bold', BOLD);
  const width = doc.page.width - 2 * MARGIN;
  for (const b of model.blocks) render(doc, b, width);

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Regular')
      .fontSize(8)
      .text(`${model.footer} · Sida ${i + 1} (${range.count})`, MARGIN, doc.page.height - MARGIN / 1.5, {
        width,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
