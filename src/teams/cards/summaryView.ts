import { dateText } from '../../domain/plan';
import { formatSwedishDate } from '../../domain/dates';
import { LIGHT, LIGHT_SYMBOL, ROLLUP_LABEL, type RollupState } from '../../domain/status';
import type { SummaryActivity, WeeklySummary } from '../../domain/summary';
import { stateText } from './views';
import { unreachableText } from '../replies';

export interface WeeklySummaryView {
  heading: string;
  subheading: string;
  /** "5 aktiviteter: 🟢 2 pågår · 🟡 1 risk · …": always there, read at a glance. */
  headline: string;
  recommendations: Array<{ id: string; number: number; heading: string; activities: Array<{ text: string }> }>;
  sections: Array<{ title: string; lines: Array<{ text: string }> }>;
  footer: string;
}

/** The states in the headline, in the order of the scale, with a short word for one and for several. */
const HEADLINE: Array<[RollupState, string, string]> = [
  ['pågår', 'pågår', 'pågår'],
  ['klar', 'klar', 'klara'],
  ['ej_påbörjad', 'ej påbörjad', 'ej påbörjade'],
  ['risk', 'risk', 'risk'],
  ['försenad', 'försenad', 'försenade'],
  ['inget_svar', 'utan svar', 'utan svar'],
];

/** "5 aktiviteter: 🟢 2 pågår · 🟡 1 risk · 🔴 1 försenad · ⚪ 1 utan svar". */
export function headlineText(counts: Record<RollupState, number>): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const parts = HEADLINE.filter(([state]) => counts[state] > 0).map(
    ([state, one, several]) => `${LIGHT_SYMBOL[LIGHT[state]]} ${counts[state]} ${counts[state] === 1 ? one : several}`,
  );
  return `${total} ${total === 1 ? 'aktivitet' : 'aktiviteter'}: ${parts.join(' · ')}`;
}

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
  return {
    heading: title,
    subheading:
      `Läget ${formatSwedishDate(s.today)}` +
      (s.previousAt ? `, jämfört med förra sammanfattningen ${formatSwedishDate(new Date(s.previousAt))}.` : '.'),
    headline: headlineText(s.counts),
    recommendations: s.recommendations.map((r) => ({
      id: r.progress.recommendation.id,
      number: r.progress.recommendation.number,
      heading: `${stateText(r.progress.state)} – Rek ${r.progress.recommendation.number}: ${r.progress.recommendation.title}`,
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
        lines: s.promptsSent
          ? lines(
              s.unreachable.map((u) => `${u.name}: ${unreachableText(u.reason)}.`),
              'Alla statuskort kom fram.',
            ).concat(
              s.unreachable.length > 0
                ? [
                    {
                      text: 'En administratör ser hur boten når var och en med /nåbarhet och skickar igen med /utskick.',
                    },
                  ]
                : [],
            )
          : [{ text: 'Inga statuskort har skickats ännu.' }],
      },
      ...(s.pending.length > 0 ? [{ title: 'Utskick pågår (försöks igen)', lines: lines(s.pending, '') }] : []),
      {
        title: `Milstolpar i ${s.dueMonths[0]} och ${s.dueMonths[1]}`,
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
