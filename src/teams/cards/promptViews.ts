import type { StatusAnswer } from '../../domain/answer';
import { FIELD_LABEL, LIMITS, type AnswerDraft, type FieldProblem } from '../../domain/answerRules';
import { formatSwedishDate, formatSwedishDateTime } from '../../domain/dates';
import { checkEvidenceLink } from '../../domain/evidenceLink';
import { maskPersonalIdentityNumbers } from '../../domain/personalData';
import type { Capacity } from '../../domain/deployment';
import { endTitle, type Activity, type Recommendation } from '../../domain/plan';
import { STATUSES, STATUS_LABEL } from '../../domain/status';
import type { MilestoneView } from '../../domain/milestones';
import type { Fact } from './views';
import { milestoneText, stateText } from './views';
import type { StatusPrompt } from '../../app/ports';

export interface StatusPromptView {
  heading: string;
  recommendationLine: string;
  activityTitle: string;
  intro: string;
  problems: Array<{ text: string }>;
  previousHeading: string;
  previous: Fact[];
  /** Milestones the plan reports as reached: not offered as choices, shown as one line each. */
  milestoneLines: Array<{ text: string }>;
  statusChoices: Array<{ title: string; value: string }>;
  milestoneChoices: Array<{ title: string; value: string }>;
  /** value null: not answered yet; renderCard leaves the property out (the schema allows a number or nothing). */
  indicators: Array<{ inputId: string; label: string; min: number; max: number; value: number | null; error: string }>;
  values: { status: string; comment: string; nextStep: string; milestones: string; evidenceUrl: string };
  /** The problem with each input, shown under it ('' when none). */
  errors: { status: string; comment: string; nextStep: string; milestones: string; evidenceUrl: string };
  /** Each input's label, marked with ⚠️ when there is a problem with it. */
  labels: { status: string; comment: string; nextStep: string; milestones: string; evidenceUrl: string };
  limits: typeof LIMITS;
  activityId: string;
  promptId: string;
  /** The answer being corrected, or "". */
  corrects: string;
  /** Overdue milestones the owner is asked to confirm as not reached ("a,b"), or "". */
  confirmedNotReached: string;
  /** The one-click "Oförändrat" button's title, or "" when there is no previous answer to repeat. */
  unchangedTitle: string;
  footer: string;
  /** When the prompt was made; its refresh shows the answer given since then. */
  sentAt: string;
  /** Teams user ids (the owner's and the deputy's, where known) whose view Teams refreshes by itself. */
  refreshUserIds: string[];
  /** "Påminn mig på torsdag": the suggested day's button title and date ('' when the cycle has no day left). */
  laterTitle: string;
  laterDay: string;
  /** Every working day left in the cycle, for "Annan dag". */
  laterDays: Array<{ title: string; day: string }>;
}

export interface StatusSavedView {
  heading: string;
  activityLine: string;
  savedLine: string;
  facts: Fact[];
  activityId: string;
  answerId: string;
  recommendationId: string;
  recommendationNumber: number;
  footer: string;
  /** The prompt this answer belongs to, for the card's refresh. */
  promptId: string;
  sentAt: string;
  refreshUserIds: string[];
}

/** Card input ids of indicator questions: "indicator_<id>". */
export const INDICATOR_INPUT_PREFIX = 'indicator_';

/** A person's text as it may be shown again: any personal identity number in it masked. */
const shown = (text: string | undefined): string => (text ? maskPersonalIdentityNumbers(text).text : '');

/**
 * What the card is filled with: the owner's rejected input, an answer being corrected, or the
 * latest answer. The latest answer's comment is not put back into the field: it is shown as the
 * previous comment, so it is not saved again as if it were new. A number found in a field is
 * masked and the rest of the text kept, so the owner can correct it and the number is not kept in
 * the chat either.
 */
function startingValues(prompt: StatusPrompt, draft?: AnswerDraft): StatusPromptView['values'] {
  const source = draft ?? prompt.progress.latest;
  const milestones = new Set(prompt.activity.milestones.map((m) => m.id));
  return {
    // Only values the card offers go back into the choice sets.
    status: source?.status && STATUSES.includes(source.status as never) ? source.status : '',
    comment: draft ? shown(draft.comment) : '',
    nextStep: shown(source?.nextStep),
    milestones: (source?.milestonesReached ?? []).filter((m) => milestones.has(m)).join(','),
    evidenceUrl: shown(source?.evidenceUrl),
  };
}

function fieldErrors(problems: FieldProblem[]): StatusPromptView['errors'] {
  const of = (field: FieldProblem['field']) =>
    problems
      .filter((p) => p.field === field)
      .map((p) => p.message)
      .join(' ');
  return {
    status: of('status'),
    comment: of('comment'),
    nextStep: of('nextStep'),
    milestones: of('milestones'),
    evidenceUrl: of('evidenceUrl'),
  };
}

function problemText(p: FieldProblem): string {
  return p.message;
}

const INPUT_LABEL: StatusPromptView['labels'] = {
  status: 'Status',
  comment: 'Kommentar (krävs vid risk för försening eller försenad)',
  nextStep: 'Nästa steg',
  milestones: 'Uppnådda milstolpar',
  evidenceUrl: 'Länk till underlag (valfri, https), t.ex. rutinen i 2c8',
};

function labels(errors: StatusPromptView['errors']): StatusPromptView['labels'] {
  const mark = (field: keyof StatusPromptView['labels']) =>
    errors[field] ? `⚠️ ${INPUT_LABEL[field]}` : INPUT_LABEL[field];
  return {
    status: mark('status'),
    comment: mark('comment'),
    nextStep: mark('nextStep'),
    milestones: mark('milestones'),
    evidenceUrl: mark('evidenceUrl'),
  };
}

/** A milestone as a choice: its state in words as well as its mark. */
function milestoneChoice(m: MilestoneView): { title: string; value: string } {
  return { title: milestoneText(m), value: m.milestone.id };
}

function indicatorError(problems: FieldProblem[] = [], id: string): string {
  return problems
    .filter((p) => p.field === `indicator:${id}`)
    .map((p) => p.message)
    .join(' ');
}

export function promptView(
  prompt: StatusPrompt,
  options: {
    draft?: AnswerDraft;
    problems?: FieldProblem[];
    corrects?: string;
    confirmNotReached?: string[];
    refreshUserIds?: string[];
  } = {},
): StatusPromptView {
  const { activity, recommendation, progress } = prompt;
  const latest = progress.latest;
  const indicatorValues = options.draft?.indicators ?? latest?.indicators ?? {};
  const errors = fieldErrors(options.problems ?? []);
  const offered = progress.milestones.filter((m) => !m.milestone.reached);
  return {
    heading: prompt.reminder > 0 ? `Påminnelse: statusuppdatering ${activity.id}` : `Statusuppdatering ${activity.id}`,
    recommendationLine: `Rek ${recommendation.number}: ${recommendation.title}`,
    activityTitle: `${activity.id} · ${activity.unit}: ${activity.title}`,
    intro:
      (prompt.onBehalfOf
        ? `Du får kortet som ersättare för ${prompt.onBehalfOf.name}, som är frånvarande. Du svarar för ${prompt.onBehalfOf.name}s räkning. `
        : '') +
      `Ansvarig: ${prompt.ownerName}. Hur går arbetet med aktiviteten? Svaret sparas i uppföljningen av åtgärdsplanen ` +
      'med namn och tidpunkt. Skriv om verksamheten, aldrig om enskilda barn eller familjer.',
    problems: (options.problems ?? []).map((p) => ({ text: problemText(p) })),
    previousHeading: latest
      ? `Förra svaret: ${formatSwedishDate(new Date(latest.answeredAt))}, ${latest.answeredBy.name}`
      : 'Inget tidigare svar.',
    previous: latest
      ? [
          { title: 'Status', value: stateText(latest.status) },
          { title: 'Förra kommentaren', value: shown(latest.comment) || '–' },
          { title: 'Nästa steg', value: shown(latest.nextStep) || '–' },
        ]
      : [],
    milestoneLines: progress.milestones.filter((m) => m.milestone.reached).map((m) => ({ text: milestoneText(m) })),
    statusChoices: STATUSES.map((s) => ({ title: STATUS_LABEL[s], value: s })),
    milestoneChoices: offered.map(milestoneChoice),
    indicators: activity.indicators.map((i) => ({
      inputId: `${INDICATOR_INPUT_PREFIX}${i.id}`,
      label: `${indicatorError(options.problems, i.id) ? '⚠️ ' : ''}${i.question} (${i.unit}, ${i.min}–${i.max})${i.origin === 'förslag' ? ' – frivillig, förslag på indikator' : ''}`,
      min: i.min,
      max: i.max,
      value: Number.isFinite(indicatorValues[i.id]) ? indicatorValues[i.id]! : null,
      error: indicatorError(options.problems, i.id),
    })),
    values: startingValues(prompt, options.draft),
    errors,
    labels: labels(errors),
    limits: LIMITS,
    activityId: activity.id,
    promptId: prompt.promptId,
    corrects: options.corrects ?? '',
    confirmedNotReached: (options.confirmNotReached ?? []).join(','),
    unchangedTitle:
      latest && !options.draft && latest.status !== 'klar'
        ? `Oförändrat: ${STATUS_LABEL[latest.status].toLowerCase()}`
        : '',
    footer: `Start: ${activity.start.text}. ${endTitle(activity.end)}: ${activity.end.text}. Skriv /status ${activity.id} för historiken.`,
    sentAt: prompt.sentAt,
    refreshUserIds: options.refreshUserIds ?? [],
    ...laterView(prompt),
  };
}

/** The reminder's other days: the suggested one as its own button, every day under "Annan dag". */
function laterView(prompt: StatusPrompt): Pick<StatusPromptView, 'laterTitle' | 'laterDay' | 'laterDays'> {
  const later = prompt.later;
  const suggested = later?.days.find((d) => d.day === later.suggested);
  if (!later || !suggested) return { laterTitle: '', laterDay: '', laterDays: [] };
  return {
    laterTitle: `Påminn mig på ${suggested.title.split(' ')[0]}`,
    laterDay: suggested.day,
    laterDays: later.days.map((d) => ({ title: d.title, day: d.day })),
  };
}

/** "Oförändrat sedan svaret 16 november 2026.": the comment of a one-click unchanged answer. */
export const unchangedComment = (previous: StatusAnswer | { answeredAt: string }): string =>
  `Oförändrat sedan svaret ${formatSwedishDate(new Date(previous.answeredAt))}.`;

const CAPACITY_TEXT: Record<Capacity, string> = {
  ägare: 'som ansvarig',
  ersättare: 'som ersättare',
  administratör: 'som administratör',
};

/** An evidence link with the host it really goes to first, in punycode for an international name. */
export function evidenceText(url: string): string {
  const link = checkEvidenceLink(url);
  return link.ok ? `${link.host} – ${link.href}` : shown(url);
}

/** Which prompt a receipt or an answered card belongs to, and who sees it refreshed. */
export interface PromptRef {
  promptId: string;
  sentAt: string;
  refreshUserIds: string[];
}

export function savedView(
  answer: StatusAnswer,
  activity: Activity,
  recommendation: Recommendation,
  capacity: Capacity | undefined,
  retry: boolean,
  ref: PromptRef = { promptId: answer.promptId, sentAt: answer.answeredAt, refreshUserIds: [] },
): StatusSavedView {
  const milestones = activity.milestones.filter((m) => answer.milestonesReached.includes(m.id)).map((m) => m.title);
  const indicators = activity.indicators
    .filter((i) => answer.indicators[i.id] !== undefined)
    .map((i) => `${i.question}: ${answer.indicators[i.id]} ${i.unit}`);
  const facts: Fact[] = [
    { title: FIELD_LABEL.status, value: stateText(answer.status) },
    { title: FIELD_LABEL.comment, value: shown(answer.comment) || '–' },
    { title: FIELD_LABEL.nextStep, value: shown(answer.nextStep) || '–' },
    { title: FIELD_LABEL.milestones, value: milestones.length > 0 ? milestones.join('; ') : '–' },
  ];
  if (indicators.length > 0) facts.push({ title: 'Indikatorer', value: indicators.join('; ') });
  if (answer.evidenceUrl) facts.push({ title: FIELD_LABEL.evidenceUrl, value: evidenceText(answer.evidenceUrl) });
  const who = `${answer.answeredBy.name}${capacity ? ` ${CAPACITY_TEXT[capacity]}` : ''}`;
  return {
    heading: retry ? '✅ Svaret var redan sparat' : '✅ Tack! Statusen är sparad',
    activityLine: `${activity.id} · ${activity.unit}: ${activity.title}`,
    savedLine: `Sparad ${formatSwedishDateTime(answer.answeredAt)} av ${who}.`,
    facts,
    activityId: activity.id,
    answerId: answer.id,
    recommendationId: recommendation.id,
    recommendationNumber: recommendation.number,
    footer: 'Svaret ligger kvar i historiken. Rättar du det sparas rättelsen som ett nytt svar.',
    ...ref,
  };
}

/**
 * A prompt opened after it was answered (on another device, after a reload, or an older prompt):
 * who answered and when, with "Rätta svaret", instead of a blank form.
 */
export function answeredView(
  answer: StatusAnswer,
  activity: Activity,
  recommendation: Recommendation,
  ref: PromptRef,
): StatusSavedView {
  return {
    ...savedView(answer, activity, recommendation, undefined, false, ref),
    heading: `✅ Besvarad: ${activity.id}`,
    savedLine: `Besvarad ${formatSwedishDateTime(answer.answeredAt)} av ${answer.answeredBy.name}. Det här är det senaste svaret.`,
  };
}
