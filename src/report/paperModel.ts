import type {
  FollowUpReport,
  IndicatorTrend,
  PaperDetails,
  ReportActivity,
  ReportRecommendation,
} from '../app/followUpReport';
import { VERDICT_LABEL } from '../domain/assessment';
import { formatSwedishDate, formatSwedishDateTime } from '../domain/dates';
import { ROLLUP_LABEL, STATUS_LABEL } from '../domain/status';
import { milestoneDateText as planDateText, revisionText } from '../domain/revisions';
import { withoutControlCharacters } from '../domain/text';
import { standingText } from '../domain/standing';
import { checkInText, closureText } from '../domain/lifecycle';
import { endTitle } from '../domain/plan';
import { countSv as count, draftChildRights, draftProposal, draftSummary } from '../app/committeePaper';
import { markingText, milestoneStateText, periodText, reachedText, trendText } from './reportText';

/**
 * The committee's paper (tjänsteutlåtande) with the follow-up as its appendix, as one content model
 * that the Word and the PDF writers both lay out: they say the same, in the same order.
 */
export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; newPage?: boolean }
  | { kind: 'para'; text: string }
  | { kind: 'labelled'; label: string; text: string }
  /** Rows of label and text without rules: the paper's heading block. */
  | { kind: 'facts'; rows: Array<[string, string]> }
  /** `widths` in per cent of the text width, fixed so a column never breaks a word. */
  | { kind: 'table'; header: string[]; rows: string[][]; widths: number[] }
  | { kind: 'signatures'; people: Array<{ name: string; title: string }> };

export interface PaperModel {
  title: string;
  /** The running footer before the page number: diarienummer and the draft or fixed state. */
  footer: string;
  description: string;
  blocks: Block[];
}

/** The milestone's date as the paper says it: a range the plan does not give is the plan's reading, not a tool's. */
const milestoneDateText = (m: Parameters<typeof planDateText>[0]): string =>
  planDateText(m).replace(/, verktygets tolkning/g, ', tolkning av planen');

const NOT_GIVEN = 'Anges före fastställandet';

/** The state shown in the footer and the "Om dokumentet" section. */
function stateText(report: FollowUpReport): string {
  return report.version
    ? `Fastställd version ${report.version.version}`
    : `Utkast ${formatSwedishDate(report.asOf)}, inte fastställt`;
}

function recommendationView(r: ReportRecommendation): Block[] {
  const rec = r.progress.recommendation;
  const out: Block[] = [{ kind: 'heading', level: 2, text: `Rekommendation ${rec.number}: ${rec.title}` }];
  if (r.assessment) {
    out.push(
      { kind: 'labelled', label: 'Samlad bedömning', text: VERDICT_LABEL[r.assessment.verdict] },
      { kind: 'para', text: r.assessment.analysis },
      { kind: 'labelled', label: 'Effekter hittills', text: r.assessment.effects },
    );
  } else {
    out.push({ kind: 'para', text: 'Rekommendationen är ännu inte bedömd.' });
  }
  const continued = r.activities.flatMap((a) =>
    a.milestones
      .filter((m) => m.view.state !== 'uppnådd')
      .map((m) => [
        a.progress.activity.unit,
        m.view.milestone.title,
        milestoneDateText(m.view.milestone),
        milestoneStateText(m.view.state),
      ]),
  );
  out.push({ kind: 'heading', level: 3, text: `Fortsatt arbete, rekommendation ${rec.number}` });
  out.push(
    continued.length > 0
      ? {
          kind: 'table',
          header: ['Enhet', 'Fortsatt arbete', 'Tid', 'Läge'],
          rows: continued,
          widths: [24, 41, 22, 13],
        }
      : { kind: 'para', text: 'Alla milstolpar är uppnådda.' },
  );
  const revised = r.activities.flatMap((a) =>
    a.milestones
      .map((m) => ({ m, text: revisionText(m.view.milestone) }))
      .filter((x) => x.text !== undefined)
      .map((x) => `${x.m.view.milestone.title}: ${x.text}`),
  );
  if (revised.length > 0) out.push({ kind: 'labelled', label: 'Reviderade tidplaner', text: revised.join('; ') });
  return out;
}

/** Trends with values; those without any are said once, where the appendix starts. */
function trendBlocks(t: IndicatorTrend): Block[] {
  if (t.points.length === 0) return [];
  return [
    { kind: 'labelled', label: t.indicator.question, text: trendText(t) },
    {
      kind: 'table',
      header: ['Datum', `Värde (${t.indicator.unit})`, 'Lämnat av'],
      rows: t.points.map((p) => [formatSwedishDate(p.at), String(p.value), p.by]),
      widths: [30, 30, 40],
    },
  ];
}

function activityBlocks(a: ReportActivity): Block[] {
  const { activity, latest, state } = a.progress;
  const out: Block[] = [
    { kind: 'heading', level: 3, text: `${activity.id} · ${activity.unit}: ${activity.title}` },
    { kind: 'labelled', label: 'Ansvarig', text: a.owner },
    { kind: 'labelled', label: 'Period', text: periodText(activity) },
    { kind: 'labelled', label: 'Status', text: ROLLUP_LABEL[state] },
    { kind: 'labelled', label: 'Underlag', text: standingText(a.progress.standing) },
  ];
  if (a.progress.closure) out.push({ kind: 'labelled', label: 'Avslutad', text: closureText(a.progress.closure) });
  if (activity.checkIns) {
    out.push({ kind: 'labelled', label: 'Avstämningar', text: checkInText(activity.checkIns, a.progress.today) });
  }
  if (latest) {
    out.push({
      kind: 'labelled',
      label: 'Senaste kommentar',
      text: `${latest.comment ?? '–'} (${formatSwedishDateTime(latest.answeredAt)}, ${latest.answeredBy.name})`,
    });
    if (latest.nextStep) out.push({ kind: 'labelled', label: 'Nästa steg', text: latest.nextStep });
  }
  const corrections = a.history.filter((m) => m.marking.corrects).length;
  const onBehalf = a.history.filter((m) => m.marking.onBehalf).length;
  out.push({
    kind: 'labelled',
    label: 'Svar',
    text: `${a.history.length} svar under perioden, varav ${corrections} rättelser och ${onBehalf} lämnade för den ansvariga (se förteckningen över alla svar).`,
  });
  out.push({
    kind: 'table',
    header: ['Milstolpe', 'Tid', 'Läge', 'Uppnådd när och av vem'],
    rows: a.milestones.map((m) => [
      m.view.milestone.title,
      milestoneDateText(m.view.milestone),
      milestoneStateText(m.view.state),
      reachedText(m),
    ]),
    widths: [42, 22, 13, 23],
  });
  for (const t of a.trends) out.push(...trendBlocks(t));
  return out;
}

function clean(b: Block): Block {
  const c = withoutControlCharacters;
  switch (b.kind) {
    case 'title':
    case 'heading':
    case 'para':
      return { ...b, text: c(b.text) };
    case 'labelled':
      return { ...b, label: c(b.label), text: c(b.text) };
    case 'facts':
      return { ...b, rows: b.rows.map(([l, t]): [string, string] => [c(l), c(t)]) };
    case 'table':
      return { ...b, header: b.header.map(c), rows: b.rows.map((r) => r.map(c)) };
    case 'signatures':
      return { ...b, people: b.people.map((p) => ({ name: c(p.name), title: c(p.title) })) };
  }
}

export const APPENDIX_TITLE = 'Bilaga 1: Uppföljning per rekommendation och aktivitet';

export function paperModel(report: FollowUpReport, details: PaperDetails = report.paper ?? {}): PaperModel {
  const { plan } = report;
  const board = plan.board ?? 'Nämnden';
  const dnr = details.diarienummer ?? NOT_GIVEN;
  const officer = details.caseOfficer;
  const officerText = officer
    ? [officer.name, officer.title, officer.phone ? `telefon ${officer.phone}` : '', officer.email]
        .filter(Boolean)
        .join(', ')
    : NOT_GIVEN;
  const date = formatSwedishDate(report.version?.fixedAt ?? report.asOf);
  const title = `Uppföljning av åtgärdsplan med anledning av ${plan.auditReport ?? 'revisionens granskning'}`;
  const answers = report.answers.length;
  const assessments = report.recommendations.filter((r) => r.assessment).length;

  const blocks: Block[] = [
    {
      kind: 'facts',
      rows: [
        ['Förvaltning', plan.organisation],
        ['Avdelning', details.department ?? plan.area],
        ['Handläggare', officerText],
        ['Diarienummer', dnr],
        ['Datum', date],
        ['Till', board],
      ],
    },
    { kind: 'title', text: title },
    { kind: 'heading', level: 1, text: 'Förvaltningens förslag till beslut' },
    ...(details.proposal ?? draftProposal(report)).map((text): Block => ({ kind: 'para', text })),
    { kind: 'heading', level: 1, text: 'Sammanfattning' },
    { kind: 'para', text: details.summary ?? draftSummary(report) },
    { kind: 'heading', level: 1, text: 'Bakgrund' },
    {
      kind: 'para',
      text: `${plan.auditReport ?? 'Revisionen'}${details.auditDate ? ` (${details.auditDate})` : ''} innehöll ${count(report.recommendations.length, 'rekommendation', 'rekommendationer')} till ${board.toLowerCase().startsWith('hägersten') ? board : board.toLowerCase()}. Förvaltningen besvarade dem med åtgärdsplanen ${plan.title}${plan.version ? `, version ${plan.version}` : ''}.`,
    },
    {
      kind: 'labelled',
      label: 'Nämndens beslut om åtgärdsplanen',
      text: details.planDecision ?? NOT_GIVEN,
    },
    { kind: 'para', text: `Åtgärdsplanen angav att arbetet följs upp ${plan.followUp.text}. ${plan.qualitySystem}` },
    { kind: 'heading', level: 1, text: 'Ärendets beredning' },
    {
      kind: 'para',
      text: `Ärendet har beretts inom ${details.department ?? plan.area}. Underlaget är de ansvarigas rapporter om aktiviteternas läge (${count(answers, 'svar', 'svar')} under perioden) och ${assessments > 0 ? `ledningsgruppens bedömning av ${count(assessments, 'rekommendation', 'rekommendationer')}` : 'ännu ingen bedömning av ledningsgruppen'}.`,
    },
    { kind: 'labelled', label: 'Samverkan', text: details.samverkan ?? NOT_GIVEN },
    { kind: 'heading', level: 1, text: 'Förvaltningens synpunkter och förslag' },
    ...report.recommendations.flatMap(recommendationView),
    { kind: 'heading', level: 1, text: 'Barnrättsperspektiv' },
    { kind: 'para', text: details.childRights ?? draftChildRights() },
    {
      kind: 'signatures',
      people: [
        { name: details.signatories?.director ?? NOT_GIVEN, title: 'Stadsdelsdirektör' },
        { name: details.signatories?.departmentHead ?? NOT_GIVEN, title: 'Avdelningschef' },
      ],
    },
    { kind: 'heading', level: 1, text: 'Bilagor' },
    { kind: 'para', text: `1. ${APPENDIX_TITLE.replace(/^Bilaga 1: /, '')}` },
  ];

  // The appendix: the follow-up per recommendation and activity.
  blocks.push({ kind: 'heading', level: 1, text: APPENDIX_TITLE, newPage: true });
  blocks.push({
    kind: 'table',
    header: ['Rekommendation', 'Läge enligt aktiviteterna', 'Ledningsgruppens bedömning'],
    rows: report.recommendations.map((r) => [
      `Rek ${r.progress.recommendation.number}: ${r.progress.recommendation.title}`,
      ROLLUP_LABEL[r.progress.state],
      r.assessment ? VERDICT_LABEL[r.assessment.verdict] : 'Ej bedömd',
    ]),
    widths: [54, 23, 23],
  });
  const silent = report.recommendations
    .flatMap((r) => r.activities.flatMap((a) => a.trends))
    .filter((t) => t.points.length === 0)
    .map((t) => t.indicator.question);
  if (silent.length > 0) {
    blocks.push({
      kind: 'para',
      text: `För följande indikatorer har inga indikatorvärden rapporterats: ${[...new Set(silent)].join('; ')}.`,
    });
  }
  for (const r of report.recommendations) {
    const rec = r.progress.recommendation;
    blocks.push({ kind: 'heading', level: 2, text: `Rek ${rec.number}: ${rec.title}` });
    blocks.push(
      { kind: 'labelled', label: 'Åtgärd', text: rec.measure },
      { kind: 'labelled', label: 'Ansvarig', text: rec.responsible },
    );
    if (rec.closure) blocks.push({ kind: 'labelled', label: 'Avslutad', text: closureText(rec.closure) });
    blocks.push(
      { kind: 'labelled', label: 'Start', text: rec.start.text },
      { kind: 'labelled', label: endTitle(rec.end), text: rec.end.text },
    );
    if (r.assessment) {
      const a = r.assessment;
      blocks.push(
        {
          kind: 'labelled',
          label: 'Bedömning',
          text: `${VERDICT_LABEL[a.verdict]} (${formatSwedishDateTime(a.assessedAt)}, ${a.assessedBy.name})`,
        },
        { kind: 'labelled', label: 'Analys', text: a.analysis },
        { kind: 'labelled', label: 'Effekter hittills', text: a.effects },
      );
      for (const e of r.earlierAssessments) {
        blocks.push({
          kind: 'para',
          text: `Tidigare bedömning ${formatSwedishDateTime(e.assessedAt)} (${e.assessedBy.name}): ${VERDICT_LABEL[e.verdict]}. ${e.analysis}`,
        });
      }
    } else {
      blocks.push({ kind: 'para', text: 'Ledningsgruppen har inte bedömt rekommendationen ännu.' });
    }
    for (const a of r.activities) blocks.push(...activityBlocks(a));
  }
  blocks.push({ kind: 'heading', level: 2, text: 'Alla svar under perioden' });
  blocks.push(
    report.answers.length > 0
      ? {
          kind: 'table',
          header: ['Tidpunkt', 'Aktivitet', 'Lämnat av', 'Status', 'Kommentar', 'Nästa steg', 'Markering'],
          rows: report.answers.map((m) => [
            formatSwedishDateTime(m.answer.answeredAt),
            m.activity.id,
            m.answer.answeredBy.name,
            STATUS_LABEL[m.answer.status],
            m.answer.comment ?? '–',
            m.answer.nextStep ?? '–',
            markingText(m) || '–',
          ]),
          widths: [14, 12, 12, 12, 21, 13, 16],
        }
      : { kind: 'para', text: 'Inga svar under perioden.' },
  );
  blocks.push({ kind: 'heading', level: 2, text: 'Ändringar i hur uppföljningen drivs' });
  blocks.push(
    report.changes.length > 0
      ? {
          kind: 'table',
          header: ['Tidpunkt', 'Ändrat av', 'Vad', 'Före', 'Efter'],
          rows: report.changes.map((c) => [formatSwedishDateTime(c.at), c.by.name, c.what, c.before, c.after]),
          widths: [17, 16, 23, 22, 22],
        }
      : { kind: 'para', text: 'Inga ändringar under perioden.' },
  );

  blocks.push({ kind: 'heading', level: 2, text: 'Så sätts läget' });
  for (const line of report.standingRules) blocks.push({ kind: 'para', text: line });

  blocks.push({ kind: 'heading', level: 1, text: 'Om dokumentet' });
  blocks.push(
    {
      kind: 'para',
      text: `Uppgifterna är hämtade ur de svar som de ansvariga har lämnat om aktiviteternas läge och ur ledningsgruppens bedömningar, för perioden ${formatSwedishDate(report.period.from)} – ${formatSwedishDate(report.period.to)}. Varje svar och bedömning sparas med namn och tidpunkt och ändras aldrig; en rättelse är ett nytt svar och markeras som rättelse.`,
    },
    {
      kind: 'para',
      text: 'Indelningen i aktiviteter och milstolpar är en läsning av åtgärdsplanen; tidsangivelser som planen inte ger är märkta "tolkning av planen", och det planen själv redovisar som gjort är markerat "Enligt åtgärdsplanen". Indikatorerna är förslag till mått, inte nämndens åtaganden.',
    },
    {
      kind: 'labelled',
      label: 'Dokumentets version',
      text: report.version
        ? `Version ${report.version.version}, fastställd ${formatSwedishDateTime(report.version.fixedAt)} av ${report.version.fixedBy.name}. En fastställd version kan tas fram igen exakt lika.`
        : `Utkast, uttaget ${formatSwedishDateTime(report.asOf)}, inte fastställt.`,
    },
    {
      kind: 'labelled',
      label: 'Kontrollsumma för innehållet (SHA-256)',
      text: report.contentSha256,
    },
    {
      kind: 'labelled',
      label: 'Kontrollsumma för åtgärdsplanen (SHA-256)',
      text: `${report.planSha256} (${plan.title}, ${plan.version ? `version ${plan.version}` : 'utan versionsnummer'})`,
    },
  );

  return {
    title,
    // Answers stored before the edge removed control characters must not reach the record either.
    blocks: blocks.map(clean),
    footer: `Dnr ${details.diarienummer ?? '–'} · ${stateText(report)}`,
    description: `${plan.organisation}: ${stateText(report)}`,
  };
}
