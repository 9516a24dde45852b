import type { StatusAnswer } from '../../domain/answer';
import { VERDICT_LABEL, type Assessment } from '../../domain/assessment';
import { formatSwedishDate, formatSwedishDateTime } from '../../domain/dates';
import { ownerLabel, type Deployment } from '../../domain/deployment';
import type { MilestoneView } from '../../domain/milestones';
import { milestoneDateText } from '../../domain/revisions';
import { dateText, endTitle, findRecommendation, reachedPerPlan, type Plan, type PlanDate } from '../../domain/plan';
import type { ActivityProgress, RecommendationProgress } from '../../domain/progress';
import { LIGHT, LIGHT_SYMBOL, ROLLUP_LABEL, STATUS_LABEL, type RollupState } from '../../domain/status';
import { standingText } from '../../domain/standing';
import { checkInText, closureText } from '../../domain/lifecycle';
import type { ActivityDetail } from '../../app/statusQueries';
import { MARK, WORDS } from '../glossary';
import { capped, clip, FULL_DETAIL, MAX_BUTTONS, moreText, type Detail } from './budget';

/** Typed view models, one per card template: every field the template binds is filled here. */
export interface Fact {
  title: string;
  value: string;
}

export interface OverviewView {
  heading: string;
  subheading: string;
  recommendations: Array<{
    id: string;
    number: number;
    heading: string;
    title: string;
    stateLabel: string;
    activitiesText: string;
    latestAnswerText: string;
  }>;
  /** "" or how many recommendations the card leaves out, and how to see them. */
  more: string;
  buttons: Array<{ id: string; number: number }>;
  footer: string;
  /** The receipt navigated away from ("2a:<answer id>"), or "": the card then offers the way back. */
  receipt: string;
}

export interface RecommendationView {
  id: string;
  number: number;
  heading: string;
  assessmentLine: string;
  stateLine: string;
  measure: string;
  responsible: string;
  start: string;
  /** "Slut", or "Uppföljning" where the document's date is when the work is followed up. */
  endTitle: string;
  end: string;
  activities: Array<{ id: string; heading: string; title: string; facts: Fact[] }>;
  /** "Bedöm rek N" is shown only to those whose showAssessment door opens. */
  mayAssess: boolean;
  /** "" or how many activities the card leaves out, and how to see one. */
  more: string;
  buttons: Array<{ id: string }>;
  footer: string;
  /** The receipt navigated away from ("2a:<answer id>"), or "": the card then offers the way back. */
  receipt: string;
}

export interface ActivityView {
  heading: string;
  title: string;
  stateLine: string;
  facts: Fact[];
  milestones: Array<{ text: string }>;
  historyHeading: string;
  history: Array<{ line: string; comment: string }>;
  recommendationId: string;
  recommendationNumber: number;
  footer: string;
  /** The receipt navigated away from ("2a:<answer id>"), or "": the card then offers the way back. */
  receipt: string;
}

export interface HelpView {
  heading: string;
  intro: string;
  commands: Array<{ command: string; description: string }>;
  /** Empty, or for someone with no role: what they can do and whom to ask. */
  noRole: string;
  footer: string;
}

export const stateText = (state: RollupState): string => `${LIGHT_SYMBOL[LIGHT[state]]} ${ROLLUP_LABEL[state]}`;

const planDateText = (d: PlanDate): string => d.text;

function asOf(now: Date): string {
  return `Läget ${formatSwedishDateTime(now)}. Svaren lämnas av enhetscheferna i Teams.`;
}

function countsText(p: RecommendationProgress): string {
  const parts = (Object.keys(p.counts) as RollupState[])
    .filter((s) => p.counts[s] > 0)
    .map((s) => `${p.counts[s]} ${ROLLUP_LABEL[s].toLowerCase()}`);
  const n = p.activities.length;
  return `${n} ${n === 1 ? 'aktivitet' : 'aktiviteter'}: ${parts.join(', ')}`;
}

/** "Inget svar ännu från 1b" when others have answered, so it does not read against "Senaste svar". */
function stateLabel(p: RecommendationProgress): string {
  if (p.state !== 'inget_svar' || !p.latestAnswerAt) return ROLLUP_LABEL[p.state];
  const silent = p.activities.filter((a) => a.state === 'inget_svar').map((a) => a.activity.id);
  return `${ROLLUP_LABEL[p.state]} från ${listText(silent)}`;
}

/** "30 november 2026 (1a)": the latest answer and which activity it was for; "–" before any. */
function latestAnswerText(p: RecommendationProgress): string {
  const latest = p.activities
    .map((a) => a.latest)
    .filter((l) => l !== undefined)
    .sort((a, b) => b.answeredAt.localeCompare(a.answeredAt))[0];
  return latest ? `${formatSwedishDate(new Date(latest.answeredAt))} (${latest.activityId})` : '–';
}

const listText = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} och ${items.at(-1)}`;

export function overviewView(
  plan: Plan,
  progress: RecommendationProgress[],
  now: Date,
  detail: Detail = FULL_DETAIL,
): OverviewView {
  const shown = progress.slice(0, detail.items);
  return {
    heading: 'Åtgärdsplanen – läget',
    subheading: `${plan.title}. ${plan.organisation}. Uppföljning ${plan.followUp.text}.`,
    recommendations: shown.map((p) => ({
      id: p.recommendation.id,
      number: p.recommendation.number,
      heading: `${LIGHT_SYMBOL[LIGHT[p.state]]} Rek ${p.recommendation.number}`,
      title: p.recommendation.title,
      stateLabel: stateLabel(p),
      activitiesText: countsText(p),
      latestAnswerText: latestAnswerText(p),
    })),
    more: moreText(progress.length - shown.length, `/status rek${progress[shown.length]?.recommendation.number ?? ''}`),
    buttons: progress.slice(0, MAX_BUTTONS).map((p) => ({ id: p.recommendation.id, number: p.recommendation.number })),
    footer: asOf(now),
    receipt: '',
  };
}

export function milestoneText(m: MilestoneView): string {
  const marks: Record<MilestoneView['state'], string> = {
    uppnådd: '✅',
    försenad: MARK.overdue,
    kommande: '🗓️',
    löpande: '🔄',
  };
  const perPlan = reachedPerPlan(m.milestone);
  // Every mark in words as well, so none is read by its emoji alone.
  const words: Record<MilestoneView['state'], string> = {
    uppnådd: ` – uppnådd${perPlan ? ` ${perPlan}` : ''}`,
    försenad: ' – försenad',
    kommande: ' – kommande',
    löpande: ' – löpande',
  };
  const state = words[m.state];
  return `${marks[m.state]} ${m.milestone.title} (${milestoneDateText(m.milestone)})${state}`;
}

function activityFacts(plan: Plan, deployment: Deployment, a: ActivityProgress, detail: Detail): Fact[] {
  const facts: Fact[] = [
    { title: 'Ansvarig', value: ownerLabel(plan, deployment, a.activity.ownerRole, { withDeputy: true }) },
    { title: 'Status', value: stateText(a.state) },
    // Both sources of the light, side by side, so neither hides the other.
    { title: 'Underlag', value: standingText(a.standing) },
    ...(a.closure ? [{ title: 'Avslutad', value: closureText(a.closure) }] : []),
    ...(a.activity.checkIns ? [{ title: 'Avstämningar', value: checkInText(a.activity.checkIns, a.today) }] : []),
  ];
  if (a.latest) {
    facts.push({
      title: 'Senaste svar',
      value: `${formatSwedishDate(new Date(a.latest.answeredAt))}, ${a.latest.answeredBy.name}`,
    });
    if (a.latest.comment) facts.push({ title: 'Kommentar', value: clip(a.latest.comment, detail) });
    if (a.latest.nextStep) facts.push({ title: 'Nästa steg', value: clip(a.latest.nextStep, detail) });
  }
  facts.push({
    title: 'Nästa milstolpe',
    value: a.next ? `${a.next.milestone.title} (${dateText(a.next.milestone.due)})` : 'Ingen daterad milstolpe kvar',
  });
  if (a.overdue.length > 0) {
    facts.push({
      title: 'Försenade milstolpar',
      value: capped(
        a.overdue.map((m) => `${m.milestone.title} (${dateText(m.milestone.due)})`),
        detail.items,
        (more) => moreText(more, `/status ${a.activity.id}`),
      ).join('; '),
    });
  }
  return facts;
}

export function recommendationView(
  plan: Plan,
  deployment: Deployment,
  p: RecommendationProgress,
  now: Date,
  assessment?: Assessment,
  detail: Detail = FULL_DETAIL,
  /** Whether the reader may assess (the permission table's showAssessment door): only then the button. */
  viewer: { mayAssess: boolean } = { mayAssess: false },
): RecommendationView {
  const r = p.recommendation;
  const shown = p.activities.slice(0, detail.items);
  return {
    id: r.id,
    number: r.number,
    heading: `Rek ${r.number}: ${r.title}`,
    assessmentLine: assessment
      ? `Bedömning: ${VERDICT_LABEL[assessment.verdict]} (${formatSwedishDate(new Date(assessment.assessedAt))}, ${assessment.assessedBy.name})`
      : viewer.mayAssess
        ? 'Bedömning: ingen ännu. Bedöm med knappen nedan eller /bedömning.'
        : 'Bedömning: ingen ännu. Ledningsgruppen gör bedömningen.',
    stateLine: r.closure ? `${stateText(p.state)} · ${closureText(r.closure)}` : stateText(p.state),
    measure: r.measure,
    responsible: r.responsible,
    start: planDateText(r.start),
    endTitle: endTitle(r.end),
    end: planDateText(r.end),
    activities: shown.map((a) => ({
      id: a.activity.id,
      heading: `${a.activity.id} · ${a.activity.unit}`,
      title: a.activity.title,
      facts: activityFacts(plan, deployment, a, detail),
    })),
    more: moreText(
      p.activities.length - shown.length,
      `/status ${p.activities[shown.length]?.activity.id ?? ''} (eller en annan aktivitets id)`,
    ),
    // Two buttons are the card's own (Översikt, Bedöm).
    buttons: p.activities.slice(0, MAX_BUTTONS - 2).map((a) => ({ id: a.activity.id })),
    mayAssess: viewer.mayAssess,
    footer: asOf(now),
    receipt: '',
  };
}

function historyLine(a: StatusAnswer, detail: Detail): { line: string; comment: string } {
  const comment = a.comment ? clip(a.comment, detail) : undefined;
  const nextStep = a.nextStep ? `Nästa steg: ${clip(a.nextStep, detail)}` : undefined;
  return {
    line: `${formatSwedishDateTime(a.answeredAt)} · ${a.answeredBy.name} · ${STATUS_LABEL[a.status]}`,
    comment: [comment, nextStep].filter(Boolean).join(' · ') || '–',
  };
}

export function activityView(
  plan: Plan,
  deployment: Deployment,
  d: ActivityDetail,
  now: Date,
  detail: Detail = FULL_DETAIL,
): ActivityView {
  const rec = findRecommendation(plan, d.activity.recommendationId);
  return {
    heading: `Aktivitet ${d.activity.id} · ${d.activity.unit}`,
    title: d.activity.title,
    stateLine: stateText(d.state),
    facts: [
      { title: 'Rekommendation', value: rec ? `Rek ${rec.number}: ${rec.title}` : d.activity.recommendationId },
      { title: 'Start', value: d.activity.start.text },
      { title: endTitle(d.activity.end), value: d.activity.end.text },
      // The milestones are listed below with their state; the state line says whether anyone answered.
      ...activityFacts(plan, deployment, d, detail).filter(
        (f) => !['Status', 'Nästa milstolpe', 'Försenade milstolpar'].includes(f.title),
      ),
    ],
    milestones: capped(
      d.milestones.map((m) => ({ text: milestoneText(m) })),
      detail.items,
      (more) => ({ text: moreText(more, '') }),
    ),
    historyHeading:
      d.history.length === 0 ? '' : d.history.length === 1 ? 'Senaste svaret' : `Senaste ${d.history.length} svaren`,
    history: d.history.map((a) => historyLine(a, detail)),
    recommendationId: d.activity.recommendationId,
    recommendationNumber: rec?.number ?? 0,
    footer: asOf(now),
    receipt: '',
  };
}

/** The help card: the lines given (the commands the asker may use), the plan's recommendations named in the examples. */
export function helpView(
  plan: Plan,
  lines: ReadonlyArray<{ command: string; description: string }>,
  detail: Detail = FULL_DETAIL,
  /** For someone with no role (only the reading commands open): whom to ask for one. */
  noRole?: { administrators: readonly string[] },
): HelpView {
  const recs = capped(
    plan.recommendations.map((r) => `rek${r.number}`),
    detail.items,
    (more) => `och ${more} till`,
  ).join(', ');
  return {
    heading: 'Åtgärdsplan – hjälp',
    intro:
      `Jag följer upp åtgärdsplanen från ${plan.organisation} tills varje aktivitet är klar. ` +
      'Ansvariga enhetschefer får statuskort i chatten och svarar där; ledningsgruppen får en sammanfattning varje vecka.',
    commands: lines.map((l) => ({ ...l, description: l.description.replace('{recommendations}', recs) })),
    noRole: noRole
      ? 'Du har ingen roll i åtgärdsplanen, så du kan läsa läget men inte svara eller ändra något. ' +
        (noRole.administrators.length > 0
          ? `Ska du vara ansvarig, ersättare eller med i ledningsgruppen: hör av dig till ${listNames(noRole.administrators)} (administratör).`
          : 'Ska du vara ansvarig, ersättare eller med i ledningsgruppen: hör av dig till den som administrerar uppföljningen.')
      : '',
    footer: 'I en kanal eller gruppchatt: nämn mig med @ först.',
  };
}

export interface DispatchConfirmView {
  question: string;
  detail: string;
  /** One id per confirmation card, so pressing it twice sends nothing more. */
  requestId: string;
}

/** "Skicka statuskort till 5 ansvariga nu?": what /utskick asks before it sends to everyone. */
export function dispatchConfirmView(owners: number, requestId: string): DispatchConfirmView {
  return {
    question: `Skicka statuskort till ${owners} ${WORDS.responsibles} nu?`,
    detail: 'Varje ansvarig får sina statuskort i sin chatt med mig, ett per aktivitet.',
    requestId,
  };
}

/** "Anders Holm", "Anders Holm och Eva Ek", "A, B och C". */
function listNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} och ${names.at(-1)}`;
}
