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
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { FollowUpReport, IndicatorTrend, MarkedAnswer, ReportActivity } from '../app/followUpReport';
import { VERDICT_LABEL } from '../domain/assessment';
import { formatSwedishDate, formatSwedishDateTime } from '../domain/dates';
import { withoutControlCharacters } from '../domain/text';
import { ROLLUP_LABEL, STATUS_LABEL } from '../domain/status';
import { milestoneDateText } from '../domain/revisions';
import { standingText } from '../domain/standing';
import { checkInText, closureText } from '../domain/lifecycle';
import { endTitle } from '../domain/plan';
import { markingText, milestoneStateText, periodText, reachedText, reportHeading, trendText } from './reportText';

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]): Paragraph =>
  new Paragraph({ text, heading: level, keepNext: true });

const para = (text: string): Paragraph => new Paragraph({ children: [new TextRun(text)], spacing: { after: 80 } });

/** "Label: text", the label bold. */
const labelled = (label: string, text: string): Paragraph =>
  new Paragraph({
    children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(text)],
    spacing: { after: 80 },
  });

function table(header: string[], rows: string[][], widths?: number[]): Table {
  const cell = (text: string, bold: boolean, i: number): TableCell =>
    new TableCell({
      children: [new Paragraph({ children: [new TextRun({ text: text || '–', bold, size: 18 })] })],
      ...(widths ? { width: { size: widths[i]!, type: WidthType.PERCENTAGE } } : {}),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, true, i)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, false, i)) })),
    ],
  });
}

function activitySection(a: ReportActivity): Array<Paragraph | Table> {
  const { activity, latest, state } = a.progress;
  const out: Array<Paragraph | Table> = [
    heading(`${activity.id} · ${activity.unit}: ${activity.title}`, HeadingLevel.HEADING_2),
  ];
  out.push(labelled('Ansvarig', a.owner));
  out.push(labelled('Period', periodText(activity)));
  out.push(labelled('Status', ROLLUP_LABEL[state]));
  out.push(labelled('Underlag', standingText(a.progress.standing)));
  if (a.progress.closure) out.push(labelled('Avslutad', closureText(a.progress.closure)));
  if (activity.checkIns) out.push(labelled('Avstämningar', checkInText(activity.checkIns, a.progress.today)));
  if (latest) {
    out.push(
      labelled(
        'Senaste kommentar',
        `${latest.comment ?? '–'} (${formatSwedishDateTime(latest.answeredAt)}, ${latest.answeredBy.name})`,
      ),
    );
    if (latest.nextStep) out.push(labelled('Nästa steg', latest.nextStep));
  }
  const corrections = a.history.filter((m) => m.marking.corrects).length;
  const onBehalf = a.history.filter((m) => m.marking.onBehalf).length;
  out.push(
    labelled(
      'Svar',
      `${a.history.length} svar under perioden, varav ${corrections} rättelser och ${onBehalf} lämnade för den ansvariga (se bilagan).`,
    ),
  );
  out.push(heading('Milstolpar', HeadingLevel.HEADING_3));
  out.push(
    table(
      ['Milstolpe', 'Tid', 'Läge', 'Uppnådd när och av vem'],
      a.milestones.map((m) => [
        m.view.milestone.title,
        milestoneDateText(m.view.milestone),
        milestoneStateText(m.view.state),
        reachedText(m),
      ]),
      [40, 20, 12, 28],
    ),
  );
  if (a.trends.length > 0) {
    out.push(heading('Indikatorer över tid', HeadingLevel.HEADING_3));
    for (const t of a.trends) out.push(...trendSection(t));
  }
  return out;
}

function trendSection(t: IndicatorTrend): Array<Paragraph | Table> {
  const origin = t.indicator.origin === 'förslag' ? ' (indikator föreslagen av verktyget)' : '';
  const out: Array<Paragraph | Table> = [labelled(`${t.indicator.question}${origin}`, trendText(t))];
  if (t.points.length > 0) {
    out.push(
      table(
        ['Datum', `Värde (${t.indicator.unit})`, 'Lämnat av'],
        t.points.map((p) => [formatSwedishDate(p.at), String(p.value), p.by]),
        [30, 30, 40],
      ),
    );
  }
  return out;
}

function appendixRows(answers: MarkedAnswer[]): string[][] {
  return answers.map((m) => [
    formatSwedishDateTime(m.answer.answeredAt),
    m.activity.id,
    m.answer.answeredBy.name,
    STATUS_LABEL[m.answer.status],
    m.answer.comment ?? '–',
    m.answer.nextStep ?? '–',
    markingText(m) || '–',
  ]);
}

/**
 * The follow-up report as a Word document. The .docx is made byte for byte the same from the same
 * report: its dates are the report's own instant, and the zip is written again with fixed times.
 */
export async function followUpDocx(report: FollowUpReport): Promise<Buffer> {
  const { plan } = report;
  const head = reportHeading(report);
  const children: Array<Paragraph | Table> = [
    new Paragraph({ text: head.title, heading: HeadingLevel.TITLE }),
    ...head.facts.map(([label, text]) => labelled(label, text)),
    heading('Sammanfattning', HeadingLevel.HEADING_1),
    table(
      ['Rekommendation', 'Läge enligt aktiviteterna', 'Ledningsgruppens bedömning'],
      report.recommendations.map((r) => [
        `Rek ${r.progress.recommendation.number}: ${r.progress.recommendation.title}`,
        ROLLUP_LABEL[r.progress.state],
        r.assessment ? VERDICT_LABEL[r.assessment.verdict] : 'Ej bedömd',
      ]),
      [50, 22, 28],
    ),
  ];
  for (const r of report.recommendations) {
    const rec = r.progress.recommendation;
    // Each recommendation starts a page: the first page is the heading block and the summary.
    children.push(
      new Paragraph({
        text: `Rek ${rec.number}: ${rec.title}`,
        heading: HeadingLevel.HEADING_1,
        pageBreakBefore: true,
      }),
    );
    children.push(labelled('Åtgärd', rec.measure));
    children.push(labelled('Ansvarig', rec.responsible));
    if (rec.closure) children.push(labelled('Avslutad', closureText(rec.closure)));
    children.push(labelled('Start', rec.start.text), labelled(endTitle(rec.end), rec.end.text));
    children.push(heading('Bedömning och analys', HeadingLevel.HEADING_2));
    if (r.assessment) {
      const a = r.assessment;
      children.push(
        labelled(
          'Bedömning',
          `${VERDICT_LABEL[a.verdict]} (${formatSwedishDateTime(a.assessedAt)}, ${a.assessedBy.name})`,
        ),
        labelled('Analys', a.analysis),
        labelled('Effekter hittills', a.effects),
      );
      for (const e of r.earlierAssessments) {
        children.push(
          para(
            `Tidigare bedömning ${formatSwedishDateTime(e.assessedAt)} (${e.assessedBy.name}): ${VERDICT_LABEL[e.verdict]}. ${e.analysis}`,
          ),
        );
      }
    } else {
      children.push(para('Ledningsgruppen har inte bedömt rekommendationen ännu.'));
    }
    for (const a of r.activities) children.push(...activitySection(a));
  }
  children.push(heading('Om uppgifterna', HeadingLevel.HEADING_1));
  for (const line of head.notes) children.push(para(line));
  children.push(heading('Så sätts läget', HeadingLevel.HEADING_2));
  for (const line of report.standingRules) children.push(para(line));
  children.push(heading('Bilaga: alla svar', HeadingLevel.HEADING_1));
  children.push(
    report.answers.length > 0
      ? table(
          ['Tidpunkt', 'Aktivitet', 'Lämnat av', 'Status', 'Kommentar', 'Nästa steg', 'Markering'],
          appendixRows(report.answers),
          [13, 7, 12, 11, 25, 15, 17],
        )
      : para('Inga svar under perioden.'),
  );
  children.push(heading('Bilaga: ändringar i hur uppföljningen drivs', HeadingLevel.HEADING_1));
  children.push(
    report.changes.length > 0
      ? table(
          ['Tidpunkt', 'Ändrat av', 'Vad', 'Före', 'Efter'],
          report.changes.map((c) => [formatSwedishDateTime(c.at), c.by.name, c.what, c.before, c.after]),
          [16, 16, 24, 22, 22],
        )
      : para('Inga ändringar under perioden.'),
  );

  const document = new Document({
    creator: 'atgardsplan-bot',
    title: head.title,
    description: `${plan.organisation}: ${head.versionLine}`,
    styles: { default: { document: { run: { font: 'Calibri', size: 21 } } } },
    sections: [
      {
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [`${head.versionLine} · sida `, PageNumber.CURRENT] })],
              }),
            ],
          }),
        },
        children,
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
