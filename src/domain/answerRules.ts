import type { AnswerValues } from './answer';
import type { Activity } from './plan';
import { containsPersonalIdentityNumber } from './personalData';
import { NEEDS_COMMENT, STATUS_LABEL, isStatus } from './status';

/** What an owner filled in, before it is checked. */
export interface AnswerDraft {
  status?: string;
  comment?: string;
  nextStep?: string;
  milestonesReached: string[];
  evidenceUrl?: string;
  indicators: Record<string, number | undefined>;
}

export type AnswerField = 'status' | 'comment' | 'nextStep' | 'milestones' | 'evidenceUrl' | `indicator:${string}`;

export interface FieldProblem {
  field: AnswerField;
  message: string;
  /** The field held a personal identity number: its text must not be shown or kept anywhere. */
  personalData?: true;
}

export const FIELD_LABEL: Record<'status' | 'comment' | 'nextStep' | 'milestones' | 'evidenceUrl', string> = {
  status: 'Status',
  comment: 'Kommentar',
  nextStep: 'Nästa steg',
  milestones: 'Uppnådda milstolpar',
  evidenceUrl: 'Länk till underlag',
};

export const LIMITS = { comment: 1000, nextStep: 500, evidenceUrl: 500 } as const;

const personalDataMessage = (label: string): string =>
  `${label} innehåller något som ser ut som ett personnummer eller samordningsnummer. ` +
  'Statusen handlar om verksamhetens arbete, aldrig om ett barn eller en familj: skriv om utan personuppgifter.';

/**
 * The rules every answer must meet before it is kept. Problems name the field in Swedish, so the
 * owner knows what to change; nothing is stored while there is one.
 */
export function checkAnswer(activity: Activity, draft: AnswerDraft): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const texts = [
    ['comment', draft.comment, LIMITS.comment],
    ['nextStep', draft.nextStep, LIMITS.nextStep],
    ['evidenceUrl', draft.evidenceUrl, LIMITS.evidenceUrl],
  ] as const;
  for (const [field, value, max] of texts) {
    if (value === undefined) continue;
    if (containsPersonalIdentityNumber(value)) {
      problems.push({ field, message: personalDataMessage(FIELD_LABEL[field]), personalData: true });
    } else if (value.length > max) {
      problems.push({ field, message: `${FIELD_LABEL[field]} får vara högst ${max} tecken (nu ${value.length}).` });
    }
  }

  if (!isStatus(draft.status)) {
    problems.push({ field: 'status', message: 'Välj en status.' });
  } else if (NEEDS_COMMENT.has(draft.status) && !draft.comment) {
    problems.push({
      field: 'comment',
      message: `Skriv en kommentar om varför statusen är "${STATUS_LABEL[draft.status].toLowerCase()}".`,
    });
  }

  if (draft.evidenceUrl !== undefined && !problems.some((p) => p.field === 'evidenceUrl')) {
    if (!isHttpsUrl(draft.evidenceUrl)) {
      problems.push({ field: 'evidenceUrl', message: 'Länken till underlag måste börja med https://.' });
    }
  }

  const known = new Set(activity.milestones.map((m) => m.id));
  const unknown = draft.milestonesReached.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    problems.push({ field: 'milestones', message: `Okända milstolpar för ${activity.id}: ${unknown.join(', ')}.` });
  }

  const indicators = new Map(activity.indicators.map((i) => [i.id, i]));
  for (const [id, value] of Object.entries(draft.indicators)) {
    const indicator = indicators.get(id);
    if (!indicator) {
      problems.push({ field: `indicator:${id}`, message: `Okänd indikator ${id}.` });
    } else if (value !== undefined && (!Number.isFinite(value) || value < indicator.min || value > indicator.max)) {
      problems.push({
        field: `indicator:${id}`,
        message: `${indicator.question}: ange ett tal mellan ${indicator.min} och ${indicator.max} ${indicator.unit}.`,
      });
    }
  }
  return problems;
}

/** The values of a draft with no problems. */
export function answerValues(draft: AnswerDraft): AnswerValues {
  if (!isStatus(draft.status)) throw new Error('answerValues needs a checked draft');
  const indicators: Record<string, number> = {};
  for (const [id, v] of Object.entries(draft.indicators)) if (v !== undefined) indicators[id] = v;
  return {
    status: draft.status,
    comment: draft.comment,
    nextStep: draft.nextStep,
    milestonesReached: [...new Set(draft.milestonesReached)].sort(),
    evidenceUrl: draft.evidenceUrl,
    indicators,
  };
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.length > 0;
  } catch {
    return false;
  }
}
