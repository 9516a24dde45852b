import { dateText } from '../../domain/plan';
import { formatSwedishDate } from '../../domain/dates';
import { overdueText } from '../../domain/standing';
import { closureText, RHYTHM_LABEL } from '../../domain/lifecycle';
import { LIGHT, LIGHT_SYMBOL, ROLLUP_LABEL, type RollupState } from '../../domain/status';
import type { SummaryActivity, WeeklySummary } from '../../domain/summary';
import { stateText } from './views';
import { unreachableText } from '../replies';
import { MARK } from '../glossary';
import { capped, FULL_DETAIL, MAX_BUTTONS, moreText, type Detail } from './budget';

export interface WeeklySummaryView {
  heading: string;
  subheading: string;
  /** "5 aktiviteter: 🟢 2 pågår · 🟡 1 risk · …": always there, read at a glance. */
  headline: string;
  recommendations: Array<{ id: string; number: number; heading: string; activities: Array<{ text: string }> }>;
  buttons: Array<{ id: string; number: number }>;
  sections: Array<{ title: string; lines: Array<{ text: string }> }>;
  footer: string;
}

/** The states in the headline, in the order of the scale, with a short word for one and for several. */
const HEADLINE: Array<[RollupState, string, string]> = [
  ['pågår', 'pågår', 'pågår'],
  ['klar', 'klar', 'klara'],
  ['avslutad', 'avslutad', 'avslutade'],
  ['ej_påbörjad', 'ej påbörjad', 'ej påbörjade'],
  ['risk', 'risk', 'risk'],
  ['försenad', 'försenad', 'försenade'],
  ['ej_uppdaterad', 'ej uppdaterad', 'ej uppdaterade'],
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
  // The light, and beside it what made it so when the report alone would say otherwise.
  const { standing } = a.progress;
  const reported =
    standing.state !== standing.reported ? ` · rapporterat: ${ROLLUP_LABEL[standing.reported].toLowerCase()}` : '';
  const overdue = standing.overdue > 0 && !standing.closed ? ` · ${overdueText(standing.overdue)}` : '';
  const closed = a.progress.closure ? ` · ${closureText(a.progress.closure)}` : '';
  const checkIns = a.progress.activity.checkIns
    ? ` · avstämningar ${RHYTHM_LABEL[a.progress.activity.checkIns.rhythm]}`
    : '';
  return `${activity.id} ${activity.unit}: ${stateText(a.progress.state)}${age}${change}${reported}${overdue}${closed}${checkIns}`;
}

type SummaryRecommendation = WeeklySummary['recommendations'][number];

const recommendationHeading = (r: SummaryRecommendation): string =>
  `${stateText(r.progress.state)} – Rek ${r.progress.recommendation.number}: ${r.progress.recommendation.title}`;

/** Each activity's line, capped with how many are left and the command that shows them all. */
function activityLines(r: SummaryRecommendation, detail: Detail): Array<{ text: string }> {
  return capped(
    r.activities.map((a) => ({ text: activityLine(a) })),
    detail.items,
    (more) => ({ text: moreText(more, `/status rek${r.progress.recommendation.number}`) }),
  );
}

/** How many activities a recommendation has per state, for the head of a split summary. */
function countsLine(r: SummaryRecommendation): string {
  const counts = new Map<RollupState, number>();
  for (const a of r.activities) counts.set(a.progress.state, (counts.get(a.progress.state) ?? 0) + 1);
  const parts = [...counts].map(([state, n]) => `${n} ${ROLLUP_LABEL[state].toLowerCase()}`);
  return `${r.activities.length} aktiviteter: ${parts.join(', ')}. Aktiviteterna följer i ett kort per rekommendation.`;
}

export function weeklySummaryView(
  s: WeeklySummary,
  title: string,
  detail: Detail = FULL_DETAIL,
  /** Only each recommendation's counts: its activities follow in a card of their own. */
  headOnly = false,
): WeeklySummaryView {
  const lines = (texts: string[], none: string, where = '') =>
    capped(texts.length > 0 ? texts : [none], detail.items, (more) => moreText(more, where)).map((text) => ({
      text,
    }));
  const shown = s.recommendations.slice(0, headOnly ? detail.items * 2 : s.recommendations.length);
  const maybeReached = s.unreachable.filter((u) => u.reason === 'uncertain');
  const notReached = s.unreachable.filter((u) => u.reason !== 'uncertain');
  return {
    heading: title,
    subheading:
      `Läget ${formatSwedishDate(s.today)}` +
      (s.previousAt ? `, jämfört med förra sammanfattningen ${formatSwedishDate(new Date(s.previousAt))}.` : '.'),
    headline: headlineText(s.counts),
    recommendations: [
      ...shown.map((r) => ({
        id: r.progress.recommendation.id,
        number: r.progress.recommendation.number,
        heading: recommendationHeading(r),
        activities: headOnly ? [{ text: countsLine(r) }] : activityLines(r, detail),
      })),
      ...(shown.length < s.recommendations.length
        ? [
            {
              id: '',
              number: 0,
              heading: moreText(s.recommendations.length - shown.length, '/status'),
              activities: [],
            },
          ]
        : []),
    ],
    buttons: s.recommendations.slice(0, MAX_BUTTONS).map((r) => ({
      id: r.progress.recommendation.id,
      number: r.progress.recommendation.number,
    })),
    sections: [
      {
        title: s.cycleStartedAt
          ? `Har inte svarat i denna omgång (sedan ${formatSwedishDate(new Date(s.cycleStartedAt))})`
          : 'Har inte svarat ännu',
        lines: lines(
          s.notAnswered.map((o) => `${o.name} (${o.activityIds.join(', ')})`),
          'Alla ansvariga har svarat.',
          '/status rek2 visar varje aktivitets senaste svar',
        ),
      },
      // Sends of unknown fate may have arrived: listed apart, never as "kunde inte nås".
      ...(maybeReached.length > 0
        ? [
            {
              title: 'Kan ha nått fram',
              lines: lines(
                maybeReached.map((u) => `${u.name}: ${unreachableText(u.reason)}.`),
                '',
              ),
            },
          ]
        : []),
      {
        title: 'Kunde inte nås',
        lines: s.promptsSent
          ? lines(
              notReached.map((u) => `${u.name}: ${unreachableText(u.reason)}.`),
              'Alla statuskort kom fram.',
              '/nåbarhet',
            ).concat(
              notReached.length > 0
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
          '/status 2a för en aktivitets milstolpar',
        ),
      },
      {
        title: 'Försenade milstolpar',
        lines: lines(
          s.overdue.map(
            (m) => `${MARK.overdue} ${m.activity.id}: ${m.view.milestone.title} (${dateText(m.view.milestone.due)})`,
          ),
          'Inga.',
          '/status 2a för en aktivitets milstolpar',
        ),
      },
    ],
    footer: 'Skriv /status rek2 för en rekommendation eller /status 2a för en aktivitets historik.',
  };
}

/** One recommendation of a split summary, posted in the thread under its head. */
export function recommendationPartView(
  s: WeeklySummary,
  r: SummaryRecommendation,
  title: string,
  detail: Detail,
): WeeklySummaryView {
  return {
    heading: `${title}: rek ${r.progress.recommendation.number}`,
    subheading: `Läget ${formatSwedishDate(s.today)}.`,
    headline: '',
    recommendations: [
      {
        id: r.progress.recommendation.id,
        number: r.progress.recommendation.number,
        heading: recommendationHeading(r),
        activities: activityLines(r, detail),
      },
    ],
    buttons: [{ id: r.progress.recommendation.id, number: r.progress.recommendation.number }],
    sections: [],
    footer: `Skriv /status rek${r.progress.recommendation.number} för rekommendationen eller /status 2a för en aktivitet.`,
  };
}
