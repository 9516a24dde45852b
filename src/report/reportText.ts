import type { FollowUpReport, IndicatorTrend, MarkedAnswer, ReportMilestone } from '../app/followUpReport';
import { trendChange } from '../app/followUpReport';
import { formatSwedishDate, formatSwedishDateTime } from '../domain/dates';
import type { MilestoneState } from '../domain/milestones';
import type { Activity } from '../domain/plan';

/** The wording every format of the report shares: the docx, the Markdown and the CSV say the same. */

export function milestoneStateText(state: MilestoneState): string {
  return { uppnådd: 'Uppnådd', försenad: 'Försenad', kommande: 'Kommande', löpande: 'Löpande' }[state];
}

/** "påbörjades vårterminen 2025 – december 2026", or "… – uppföljning december 2026" for a follow-up date. */
export function periodText(activity: Activity): string {
  const end = activity.end.kind === 'uppföljning' ? `uppföljning: ${activity.end.text}` : activity.end.text;
  return `${activity.start.text} – ${end}`;
}

export function reachedText(m: ReportMilestone): string {
  if (!m.reachedBy) return m.view.state === 'uppnådd' ? 'Uppnådd' : '–';
  if (m.reachedBy.perPlan) return `Enligt åtgärdsplanen: ${m.view.milestone.reached!.when.text}`;
  return `${formatSwedishDate(m.reachedBy.answer.answeredAt)}, ${m.reachedBy.answer.answeredBy.name}`;
}

const ON_BEHALF: Record<NonNullable<MarkedAnswer['marking']['onBehalf']>, string> = {
  ersättare: 'Lämnat av ersättare för den ansvariga',
  administratör: 'Lämnat av administratör för den ansvariga',
  annan: 'Lämnat för den ansvariga av någon som inte längre har en roll i planen',
  ägare: '',
};

/** "Rättelse av svaret 1 december 2026 kl. 09:00 (Karin Lind); lämnat av ersättare …", or "" for a plain answer. */
export function markingText(m: MarkedAnswer): string {
  const parts: string[] = [];
  if (m.marking.corrects) {
    const c = m.marking.corrects;
    parts.push(`Rättelse av svaret ${formatSwedishDateTime(c.answeredAt)} (${c.answeredBy.name})`);
  }
  if (m.marking.onBehalf) parts.push(ON_BEHALF[m.marking.onBehalf]);
  return parts.join('; ');
}

/** "70 → 80 → 85 % (+15 sedan första värdet 1 december 2026)". */
export function trendText(t: IndicatorTrend): string {
  if (t.points.length === 0) return 'Inga värden rapporterade.';
  const values = `${t.points.map((p) => String(p.value)).join(' → ')} ${t.indicator.unit}`;
  const change = trendChange(t);
  if (change === undefined) return `${values} (ett värde, ${formatSwedishDate(t.points[0]!.at)})`;
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  return `${values} (${sign}${Math.abs(change)} sedan första värdet ${formatSwedishDate(t.points[0]!.at)})`;
}

export interface ReportHeading {
  title: string;
  versionLine: string;
  facts: Array<[string, string]>;
  notes: string[];
}

export function reportHeading(report: FollowUpReport): ReportHeading {
  const { plan } = report;
  const versionLine = report.version
    ? `Version ${report.version.version}, fastställd ${formatSwedishDateTime(report.version.fixedAt)} av ${report.version.fixedBy.name}`
    : `Utkast, uttaget ${formatSwedishDateTime(report.asOf)}, inte fastställt`;
  return {
    title: `Uppföljning av åtgärdsplanen: ${plan.title}`,
    versionLine,
    facts: [
      ['Förvaltning', `${plan.organisation}, ${plan.area}`],
      ['Till', plan.board ?? 'Nämnden (anges som board i planfilen)'],
      ['Svar på', plan.auditReport ?? 'Anges som auditReport i planfilen'],
      [
        'Åtgärdsplan',
        `${plan.title}, ${plan.version ? `version ${plan.version}` : 'utan versionsnummer'} (planfilens SHA-256 ${report.planSha256})`,
      ],
      ['Period', `${formatSwedishDate(report.period.from)} – ${formatSwedishDate(report.period.to)}`],
      ['Planerad uppföljning', plan.followUp.text],
      ...(plan.archived
        ? [
            ['Arkiverad', `${formatSwedishDate(plan.archived.at)} av ${plan.archived.by}: ${plan.archived.reason}`] as [
              string,
              string,
            ],
          ]
        : []),
      ['Rapportens version', versionLine],
      ['Innehållets SHA-256', report.contentSha256],
    ],
    notes: [
      plan.qualitySystem,
      ...(plan.closing ? [plan.closing] : []),
      'Rapporten är sammanställd av atgardsplan-bot ur de svar de ansvariga har lämnat i Teams och ledningsgruppens bedömningar. Varje svar och bedömning sparas med namn och tidpunkt och ändras aldrig; en rättelse är ett nytt svar och markeras som rättelse.',
      'Verktygets läsning av åtgärdsplanen: indelningen i aktiviteter, milstolparnas rubriker och datumintervallen bakom planens tidsangivelser. Tidsangivelser som planen inte ger är märkta "verktygets tolkning". Indikatorerna är verktygets förslag, inte stadsdelens åtaganden. Det planen själv redovisar som gjort är markerat "Enligt åtgärdsplanen".',
      `Innehållets SHA-256 beräknas över rapportens uppgifter (utan versionsraden). En fastställd version tas fram igen byte för byte lika; dokumentets egen SHA-256 sparas när versionen fastställs och visas med /rapport.`,
    ],
  };
}
