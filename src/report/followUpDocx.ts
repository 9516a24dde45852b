import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { FollowUpReport } from '../app/followUpReport';
import { paperModel, type Block } from './paperModel';
import { withoutControlCharacters } from '../domain/text';

/** A4 with 2 cm margins: the text width in twentieths of a point, which fixed table columns share. */
const TEXT_WIDTH = 11906 - 2 * 1134;

const labelled = (label: string, text: string): Paragraph =>
  new Paragraph({
    children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(text)],
    spacing: { after: 80 },
  });

function table(header: string[], rows: string[][], widths: number[]): Table {
  const columns = widths.map((w) => Math.floor((TEXT_WIDTH * w) / 100));
  const cell = (text: string, bold: boolean, i: number): TableCell =>
    new TableCell({
      children: [new Paragraph({ children: [new TextRun({ text: text || '–', bold, size: 17 })] })],
      width: { size: columns[i]!, type: WidthType.DXA },
    });
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: columns,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: header.map((h, i) => cell(h, true, i)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, false, i)) })),
    ],
  });
}

const LEVEL = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

function blockToDocx(b: Block): Array<Paragraph | Table> {
  switch (b.kind) {
    case 'title':
      return [new Paragraph({ text: b.text, heading: HeadingLevel.TITLE, keepNext: true, spacing: { before: 360 } })];
    case 'heading':
      return [
        new Paragraph({ text: b.text, heading: LEVEL[b.level], keepNext: true, pageBreakBefore: b.newPage ?? false }),
      ];
    case 'para':
      return [new Paragraph({ children: [new TextRun(b.text)], spacing: { after: 120 } })];
    case 'labelled':
      return [labelled(b.label, b.text)];
    case 'facts':
      return b.rows.map(
        ([label, text]) =>
          new Paragraph({
            children: [new TextRun({ text: `${label}: `, bold: true, size: 18 }), new TextRun({ text, size: 18 })],
            spacing: { after: 0 },
          }),
      );
    case 'table':
      return [table(b.header, b.rows, b.widths), new Paragraph({ children: [], spacing: { after: 80 } })];
    case 'signatures':
      return b.people.flatMap((p, i) => [
        new Paragraph({
          children: [new TextRun(p.name)],
          spacing: { before: i === 0 ? 480 : 240 },
          keepNext: true,
        }),
        new Paragraph({ children: [new TextRun({ text: p.title, italics: true })], keepNext: i < b.people.length - 1 }),
      ]);
  }
}

/**
 * The committee's paper with the follow-up as its appendix, as a Word document. The .docx is made
 * byte for byte the same from the same report: its dates are the report's own instant, and the zip
 * is written again with fixed times.
 */
export async function followUpDocx(report: FollowUpReport): Promise<Buffer> {
  const model = paperModel(report);
  const document = new Document({
    creator: report.plan.organisation,
    title: model.title,
    description: model.description,
    styles: { default: { document: { run: { font: 'Calibri', size: 21 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    size: 16,
                    children: [`${model.footer} · Sida `, PageNumber.CURRENT, ' (', PageNumber.TOTAL_PAGES, ')'],
                  }),
                ],
              }),
            ],
          }),
        },
        children: model.blocks.flatMap(blockToDocx),
      },
    ],
  });
  return deterministic(await Packer.toBuffer(document), report.asOf);
}

/**
 * The same .docx bytes for the same report: the core properties get the report's instant instead
 * of the clock's, and the zip is written again with one fixed time per entry. fflate reads the
 * time in local time, so the Date is built from local parts: the same bytes in every time zone.
 */
export function deterministic(docx: Buffer, asOf: string): Buffer {
  const files = unzipSync(new Uint8Array(docx));
  const stamp = `${asOf.slice(0, 19)}Z`;
  const core = files['docProps/core.xml'];
  if (core) {
    files['docProps/core.xml'] = strToU8(
      strFromU8(core).replace(
        /(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g,
        (_m, open: string, _name: string, close: string) => `${open}${stamp}${close}`,
      ),
    );
  }
  for (const name of Object.keys(files)) {
    if (name.endsWith('.xml')) files[name] = strToU8(withoutControlCharacters(strFromU8(files[name]!)));
  }
  const mtime = new Date(2000, 0, 1, 0, 0, 0);
  const zippable: Zippable = {};
  const names = Object.keys(files).sort((a, b) =>
    a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a.localeCompare(b),
  );
  for (const name of names) zippable[name] = [files[name]!, { mtime, level: 6 }];
  return Buffer.from(zipSync(zippable));
}
