import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { KIND_TITLES } from '../domain/retention';
import { formatSwedishDateTime } from '../domain/dates';
import type { RegisterExtract } from '../app/registerExtract';
import type { StoredKind } from '../app/ports';
import { deterministic } from './followUpDocx';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A stored value as a person reads it: instants in Swedish, lists and objects spelled out. */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'string') return ISO_INSTANT.test(value) ? formatSwedishDateTime(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '–' : value.map(valueText).join(', ');
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${valueText(v)}`)
    .join('; ');
}

const line = (label: string, text: string): Paragraph =>
  new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(text)] });

/**
 * A register extract (art. 15) as a Word document for the person it is about: who they are in the
 * deployment, then every kind of record with each record's fields, as stored.
 */
export async function registerExtractDocx(extract: RegisterExtract): Promise<Buffer> {
  const name = extract.person.names[0] ?? extract.person.userId;
  const body: Paragraph[] = [
    new Paragraph({ text: `Registerutdrag om ${name}`, heading: HeadingLevel.TITLE }),
    line('Person', `${extract.person.names.join(', ') || '–'} (Entra-id ${extract.person.userId})`),
    line('Plan', extract.planId),
    line('Utdraget', `${formatSwedishDateTime(extract.madeAt)} av ${extract.madeBy.name}`),
    line(
      'Roller',
      extract.roles.length > 0
        ? extract.roles.map((r) => (r.ownerRole ? `${r.role} (${r.ownerRole})` : r.role)).join(', ')
        : 'inga',
    ),
  ];
  for (const [kind, records] of Object.entries(extract.records) as Array<
    [StoredKind, Array<Record<string, unknown>>]
  >) {
    body.push(new Paragraph({ text: `${KIND_TITLES[kind]} (${records.length})`, heading: HeadingLevel.HEADING_1 }));
    if (records.length === 0) body.push(new Paragraph('Inga.'));
    records.forEach((record, i) => {
      body.push(new Paragraph({ text: `Post ${i + 1}`, heading: HeadingLevel.HEADING_2, keepNext: true }));
      for (const [key, value] of Object.entries(record)) body.push(line(key, valueText(value)));
    });
  }
  body.push(
    new Paragraph({
      text: `Nämnd i ändringsloggen av andra (${extract.mentionedInAudit.length})`,
      heading: HeadingLevel.HEADING_1,
    }),
    ...extract.mentionedInAudit.map((entry) => new Paragraph(valueText(entry))),
    new Paragraph({ text: 'Fastställda rapporter som nämner personen', heading: HeadingLevel.HEADING_1 }),
    ...(extract.fixedReports.length > 0
      ? extract.fixedReports.map(
          (r) =>
            new Paragraph(`Version ${r.version}, fastställd ${formatSwedishDateTime(r.fixedAt)}: ${r.as.join(', ')}`),
        )
      : [new Paragraph('Inga.')]),
  );
  const doc = new Document({
    creator: 'Hägersten-Älvsjö stadsdelsförvaltning',
    title: `Registerutdrag om ${name}`,
    sections: [{ children: body }],
  });
  return deterministic(await Packer.toBuffer(doc), extract.madeAt);
}

/** The extract as JSON, as the command line has always written it: two-space indents and a final line break. */
export function registerExtractJson(extract: RegisterExtract): Uint8Array {
  return Buffer.from(`${JSON.stringify(extract, null, 2)}\n`, 'utf8');
}
