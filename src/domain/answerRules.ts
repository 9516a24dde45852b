import type { AnswerValues } from './answer';
import type { Activity } from './plan';
import { checkEvidenceLink, type EvidenceLinkProblem } from './evidenceLink';
import { containsPersonalIdentityNumber } from './personalData';
import { overdueMilestones } from './milestones';
import { isBlank, textLength } from './text';
import { NEEDS_COMMENT, STATUS_LABEL, isStatus } from './status';

/** What an owner filled in, before it is checked. */
export interface AnswerDraft {
  status?: string;
  comment?: string;
  nextStep?: string;
  milestonesReached: string[];
  evidenceUrl?: string;
  indicators: Record<string, number | undefined>;
  /** Fields in which a personal identity number was found (and masked) before the draft was read. */
  personalData?: AnswerField[];
  /** Overdue milestones the owner confirmed as not reached when choosing Klar (from the re-shown card). */
  confirmedNotReached?: string[];
}

export type AnswerField = 'status' | 'comment' | 'nextStep' | 'milestones' | 'evidenceUrl' | `indicator:${string}`;

export interface FieldProblem {
  field: AnswerField;
  message: string;
  /** The field held a personal identity number: its text must not be shown or kept anywhere. */
  personalData?: true;
  /** Saving the same values again confirms (Klar with overdue milestones not ticked). */
  confirmNotReached?: true;
}

/** Overdue milestones neither ticked nor confirmed as not reached, by title: what Klar must ask about. */
export function unconfirmedOverdue(activity: Activity, draft: AnswerDraft, today: string): string[] {
  const ticked = new Set(draft.milestonesReached);
  const confirmed = new Set(draft.confirmedNotReached ?? []);
  return overdueMilestones(activity, ticked, today)
    .filter((v) => !confirmed.has(v.milestone.id))
    .map((v) => v.milestone.title);
}

/** The ids of the overdue milestones not ticked: what a second save with the same values confirms. */
export function overdueNotTicked(activity: Activity, draft: AnswerDraft, today: string): string[] {
  return overdueMilestones(activity, new Set(draft.milestonesReached), today).map((v) => v.milestone.id);
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
  `${label} innehöll något som ser ut som ett personnummer eller samordningsnummer; det är borttaget och inget är sparat. ` +
  'Statusen handlar om verksamhetens arbete, aldrig om ett barn eller en familj: skriv om utan personuppgifter.';

const EVIDENCE_LINK_MESSAGE: Record<EvidenceLinkProblem, string> = {
  notHttps: 'Länken till underlag måste börja med https://.',
  credentials: 'Länken till underlag får inte innehålla användarnamn eller lösenord.',
  ipAddress: 'Länken till underlag ska gå till ett namngivet webbställe, inte en IP-adress.',
  singleLabel: 'Länken till underlag ska ha ett fullständigt värdnamn, t.ex. https://2c8.stockholm.se/….',
  invalid: 'Länken till underlag är inte en giltig webbadress.',
};

function label(field: AnswerField, activity: Activity): string {
  if (field.startsWith('indicator:')) {
    const id = field.slice('indicator:'.length);
    return activity.indicators.find((i) => i.id === id)?.question ?? 'Indikatorn';
  }
  return FIELD_LABEL[field as keyof typeof FIELD_LABEL];
}

/**
 * The rules every answer must meet before it is kept. Problems name the field in Swedish, so the
 * owner knows what to change; nothing is stored while there is one.
 */
export function checkAnswer(activity: Activity, draft: AnswerDraft, today?: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of new Set(draft.personalData ?? [])) {
    problems.push({ field, message: personalDataMessage(label(field, activity)), personalData: true });
  }
  const flagged = (field: AnswerField): boolean => problems.some((p) => p.field === field);
  const texts = [
    ['comment', draft.comment, LIMITS.comment],
    ['nextStep', draft.nextStep, LIMITS.nextStep],
    ['evidenceUrl', draft.evidenceUrl, LIMITS.evidenceUrl],
  ] as const;
  for (const [field, value, max] of texts) {
    if (value === undefined || flagged(field)) continue;
    if (containsPersonalIdentityNumber(value)) {
      problems.push({ field, message: personalDataMessage(FIELD_LABEL[field]), personalData: true });
    } else if (textLength(value) > max) {
      problems.push({
        field,
        message: `${FIELD_LABEL[field]} får vara högst ${max} tecken (nu ${textLength(value)}).`,
      });
    }
  }

  if (!isStatus(draft.status)) {
    problems.push({ field: 'status', message: 'Välj en status.' });
  } else if (NEEDS_COMMENT.has(draft.status) && (draft.comment === undefined || isBlank(draft.comment))) {
    problems.push({
      field: 'comment',
      message: `Skriv en kommentar om varför statusen är ”${STATUS_LABEL[draft.status].toLowerCase()}”.`,
    });
  }

  if (draft.evidenceUrl !== undefined && !flagged('evidenceUrl')) {
    const link = checkEvidenceLink(draft.evidenceUrl);
    if (!link.ok) problems.push({ field: 'evidenceUrl', message: EVIDENCE_LINK_MESSAGE[link.problem] });
  }

  const known = new Set(activity.milestones.map((m) => m.id));
  const unknown = draft.milestonesReached.filter((id) => !known.has(id));
  if (unknown.length > 0 && !flagged('milestones')) {
    // What was sent is not repeated: it came from outside the card's choices.
    problems.push({ field: 'milestones', message: `Välj bara bland milstolparna för ${activity.id} på kortet.` });
  } else if (draft.status === 'klar' && today !== undefined && !flagged('milestones')) {
    const unconfirmed = unconfirmedOverdue(activity, draft, today);
    if (unconfirmed.length > 0) {
      problems.push({
        field: 'milestones',
        message:
          `Du har valt Klar, men ${unconfirmed.length === 1 ? 'milstolpen' : 'milstolparna'} ` +
          `${unconfirmed.map((m) => `”${m}”`).join(' och ')} har passerat utan att vara ` +
          `${unconfirmed.length === 1 ? 'markerad som uppnådd' : 'markerade som uppnådda'}. ` +
          'Kryssa i det som uppnåddes, eller spara igen för att bekräfta att resten inte uppnåddes.',
        confirmNotReached: true,
      });
    }
  }

  const indicators = new Map(activity.indicators.map((i) => [i.id, i]));
  for (const [id, value] of Object.entries(draft.indicators)) {
    const indicator = indicators.get(id);
    if (flagged(`indicator:${id}`)) continue;
    if (!indicator) {
      problems.push({
        field: `indicator:${id}`,
        message: `Kortet skickade en indikator som inte hör till ${activity.id}.`,
      });
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
