import { dateText } from '../../domain/plan';
import { formatSwedishDate } from '../../domain/dates';
import { LIGHT, LIGHT_SYMBOL, ROLLUP_LABEL, type RollupState } from '../../domain/status';
import type { SummaryActivity, WeeklySummary } from '../../domain/summary';
import { DUE_SOON_DAYS } from '../../domain/summary';
import { stateText } from './views';
import { unreachableText } from '../replies';

export interface WeeklySummaryView {
  heading: string;
  subheading: string;
  chart: Array<{ legend: string; value: number; color: string }>;
  chartText: string;
  recommendations: Array<{ id: string; number: number; heading: string; activities: Array<{ text: string }> }>;
  sections: Array<{ title: string; lines: Array<{ text: string }> }>;
  footer: string;
}

/** Adaptive Card chart colours, one per state, in the order of the scale. */
const CHART: Array<[RollupState, string]> = [
  ['pågår', 'good'],
  ['klar', 'categoricalBlue'],
  ['ej_påbörjad', 'categoricalLavender'],
  ['risk', 'warning'],
  ['försenad', 'attention'],
  ['inget_svar', 'neutral'],
];

function ageText(days: number): string {
  if (days <= 0) return 'svar i dag';
  return days === 1 ? 'svar i går' : `svar för ${days} dagar sedan`;
}

function activityLine(a: SummaryActivity): string {
  const { activity } = a.progress;
  const age = a.answerAgeDays === undefined ? '' : ` · ${ageText(a.answerAgeDays)}`;
  const change = a.changedFrom ? ` · ändrad från ${ROLLUP_LABEL[a.changedFrom].toLowerCase()}` : '';
  return `${activity.id} ${activity.unit}: ${stateText(a.progress.state)}${age}${change}`;
}

const lines = (texts: string[], none: string) => (texts.length > 0 ? texts : [none]).map((text) => ({ text }));

export function weeklySummaryView(s: WeeklySummary, title: string): WeeklySummaryView {
  // The count is in the legend too: a chart's numbers are otherwise only on hover.
  const chart = CHART.filter(([state]) => s.counts[state] > 0).map(([state, color]) => ({
    legend: `${ROLLUP_LABEL[state]}: ${s.counts[state]}`,
    value: s.counts[state],
    color,
  }));
  return {
    heading: title,
    subheading:
      `Läget ${formatSwedishDate(s.today)}` +
      (s.previousAt ? `, jämfört med förra sammanfattningen ${formatSwedishDate(new Date(s.previousAt))}.` : '.'),
    chart,
    chartText: `Aktiviteter per status: ${chart.map((c) => c.legend).join(' · ')}`,
    recommendations: s.recommendations.map((r) => ({
      id: r.progress.recommendation.id,
      number: r.progress.recommendation.number,
      heading: `${LIGHT_SYMBOL[LIGHT[r.progress.state]]} Rek ${r.progress.recommendation.number}: ${r.progress.recommendation.title}`,
      activities: r.activities.map((a) => ({ text: activityLine(a) })),
    })),
    sections: [
      {
        title: s.cycleStartedAt
          ? `Har inte svarat i denna omgång (sedan ${formatSwedishDate(new Date(s.cycleStartedAt))})`
          : 'Har inte svarat ännu',
        lines: lines(
          s.notAnswered.map((o) => `${o.name} (${o.activityIds.join(', ')})`),
          'Alla ansvariga har svarat.',
        ),
      },
      {
        title: 'Kunde inte nås',
        lines: s.cycleStartedAt
          ? lines(
              s.unreachable.map((u) => `${u.name}: ${unreachableText(u.reason)}`),
              'Alla statuskort kom fram.',
            )
          : [{ text: 'Inga statuskort har skickats ännu.' }],
      },
      ...(s.pending.length > 0 ? [{ title: 'Utskick pågår (försöks igen)', lines: lines(s.pending, '') }] : []),
      {
        title: `Milstolpar inom ${DUE_SOON_DAYS} dagar`,
        lines: lines(
          s.dueSoon.map((m) => `${m.activity.id}: ${m.view.milestone.title} (${dateText(m.view.milestone.due)})`),
          'Inga.',
        ),
      },
      {
        title: 'Försenade milstolpar',
        lines: lines(
          s.overdue.map((m) => `⚠️ ${m.activity.id}: ${m.view.milestone.title} (${dateText(m.view.milestone.due)})`),
          'Inga.',
        ),
      },
    ],
    footer: 'Skriv /status rek2 för en rekommendation eller /status 2a för en aktivitets historik.',
  };
}
