import { z } from 'zod';
import type { AnswerDraft, AnswerField } from '../domain/answerRules';
import { maskPersonalIdentityNumbers } from '../domain/personalData';
import type { AssessmentDraft } from '../domain/assessment';
import { ACTIVITY_ID } from '../domain/plan';
import { isBlank } from '../domain/text';
import { INDICATOR_INPUT_PREFIX } from './cards/promptViews';
import type { CardVerb } from '../app/permissionTable';

/**
 * Card verbs, shared by the templates in cards/ and the handlers. Exactly the verbs of the
 * permission table (app/permissionTable.ts): a verb without its row there does not compile.
 */
export const VERBS = {
  showStatus: 'showStatus',
  submitStatus: 'submitStatus',
  correctStatus: 'correctStatus',
  /** Teams asks for a prompt card's current state (Universal Actions' refresh). */
  refreshPrompt: 'refreshPrompt',
  /** Back to the receipt of a saved answer, from the cards navigated to from it. */
  showReceipt: 'showReceipt',
  confirmDispatch: 'confirmDispatch',
  showAssessment: 'showAssessment',
  submitAssessment: 'submitAssessment',
  fixReport: 'fixReport',
  sendReport: 'sendReport',
  adminChange: 'adminChange',
  /** "Påminn mig på torsdag": an activity's reminder moved to another working day of the cycle. */
  remindLater: 'remindLater',
} as const satisfies { [V in CardVerb]: V };

export const KNOWN_VERBS: ReadonlySet<string> = new Set(Object.values(VERBS));

/**
 * Card text fields: trimmed; empty, or only invisible characters, means not given. Oversized input
 * is malformed, not a long answer.
 */
const text = z
  .string()
  .max(20_000)
  .optional()
  .transform((v) => (v === undefined || isBlank(v) ? undefined : v.trim()));

/** A plain decimal number, with a point or a Swedish comma: no hex, binary, exponent or blanks. */
const DECIMAL = /^-?\d{1,15}(?:[.,]\d{1,15})?$/;

/** An indicator: undefined when not given, NaN when it is not a plain decimal number (the rules refuse it). */
const number = z
  .union([z.number(), z.string().max(50)])
  .optional()
  .transform((v) => {
    if (v === undefined || v === '') return undefined;
    if (typeof v === 'number') return Number.isFinite(v) ? v : Number.NaN;
    return DECIMAL.test(v) ? Number(v.replace(',', '.')) : Number.NaN;
  });

/**
 * Every text a card sent, with any personal identity number masked, and the card inputs it was
 * found in. Runs before anything else reads the data, so no part of the bot sees the number.
 */
export function screenCardData(data: unknown): { data: unknown; inputs: string[] } {
  const inputs = new Set<string>();
  const screen = (value: unknown, input: string): unknown => {
    if (typeof value === 'string') {
      const masked = maskPersonalIdentityNumbers(value);
      if (masked.masked > 0) inputs.add(input);
      return masked.text;
    }
    if (Array.isArray(value)) return value.map((v) => screen(v, input));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, screen(v, input || k)]));
    }
    return value;
  };
  return { data: screen(data, ''), inputs: [...inputs] };
}

/** The answer field a card input belongs to. */
function fieldOf(input: string): AnswerField | undefined {
  if (input.startsWith(INDICATOR_INPUT_PREFIX)) return `indicator:${input.slice(INDICATOR_INPUT_PREFIX.length)}`;
  const fields: Record<string, AnswerField> = {
    status: 'status',
    comment: 'comment',
    nextStep: 'nextStep',
    milestones: 'milestones',
    evidenceUrl: 'evidenceUrl',
  };
  return fields[input];
}

/** "2a:<answer id>": the receipt a person navigated away from, so the cards offer a way back to it. */
const receipt = z.union([z.literal(''), z.string().regex(/^[1-9][a-z]{1,3}:[0-9a-f]{32}$/)]);

export const showStatusData = z.object({ target: z.string().max(20), receipt: receipt.optional() });

export const showReceiptData = z.object({ receipt: receipt.refine((r) => r !== '') });

export const refreshPromptData = z.object({
  activityId: z.string().regex(ACTIVITY_ID),
  promptId: z.string().min(1).max(100),
  sentAt: z.string().datetime(),
});

export const remindLaterData = z.object({
  activityId: z.string().regex(ACTIVITY_ID),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

export const confirmDispatchData = z.object({ requestId: z.string().uuid() });

export const correctStatusData = z.object({
  activityId: z.string().regex(ACTIVITY_ID),
  answerId: z.string().regex(/^[0-9a-f]{32}$/),
});

const submitStatusData = z
  .object({
    activityId: z.string().regex(ACTIVITY_ID),
    promptId: z.string().min(1).max(100),
    corrects: z
      .union([z.literal(''), z.string().regex(/^[0-9a-f]{32}$/)])
      .optional()
      .transform((v) => v || undefined),
    status: z.string().max(50).optional(),
    comment: text,
    nextStep: text,
    evidenceUrl: text,
    // Input.ChoiceSet with isMultiSelect sends "a,b"; accept a list too.
    milestones: z.union([z.string().max(2000), z.array(z.string().max(100)).max(50)]).optional(),
    /** Overdue milestones the owner confirmed as not reached (set by the card that asked). */
    confirmedNotReached: z.string().max(2000).optional(),
    /** "Oförändrat": the previous answer again, in one click; the card sends no inputs. */
    unchanged: z.literal('1').optional(),
  })
  .catchall(z.unknown());

export interface ParsedSubmission {
  activityId: string;
  promptId: string;
  corrects?: string;
  /** "Oförändrat" was pressed: the draft is the previous answer's, not the card's inputs. */
  unchanged: boolean;
  draft: AnswerDraft;
}

/** Reads what a prompt card sent; undefined when it is not what our card sends. */
export function parseSubmission(data: unknown, maskedEarlier: string[] = []): ParsedSubmission | undefined {
  const screened = screenCardData(data);
  const masked = [...new Set([...screened.inputs, ...maskedEarlier])];
  // A number in an id or in something the card does not have: not our card's data, and nothing to show back.
  if (masked.some((input) => fieldOf(input) === undefined)) return undefined;
  const parsed = submitStatusData.safeParse(screened.data);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const indicators: Record<string, number | undefined> = {};
  for (const [key, value] of Object.entries(d)) {
    if (!key.startsWith(INDICATOR_INPUT_PREFIX)) continue;
    const n = number.safeParse(value);
    if (!n.success) return undefined;
    indicators[key.slice(INDICATOR_INPUT_PREFIX.length)] = n.data;
  }
  const milestones = Array.isArray(d.milestones) ? d.milestones : (d.milestones ?? '').split(',');
  const list = (v: string | undefined) =>
    (v ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m !== '');
  return {
    activityId: d.activityId,
    promptId: d.promptId,
    corrects: d.corrects,
    unchanged: d.unchanged === '1',
    draft: {
      confirmedNotReached: list(d.confirmedNotReached),
      status: d.status === '' ? undefined : d.status,
      comment: d.comment,
      nextStep: d.nextStep,
      evidenceUrl: d.evidenceUrl,
      milestonesReached: milestones.map((m) => m.trim()).filter((m) => m !== ''),
      indicators,
      personalData: masked.map(fieldOf).filter((f): f is AnswerField => f !== undefined),
    },
  };
}

export const showAssessmentData = z.object({ recommendationId: z.string().regex(/^rek[1-9]$/) });

const submitAssessmentData = z.object({
  recommendationId: z.string().regex(/^rek[1-9]$/),
  formId: z.string().min(1).max(100),
  verdict: z.string().max(50).optional(),
  analysis: text,
  effects: text,
});

/**
 * Reads what an assessment card sent; undefined when it is not what our card sends. Text with a
 * personal identity number arrives masked, and the draft names the fields it was found in.
 */
export function parseAssessment(
  data: unknown,
  maskedEarlier: string[] = [],
): { recommendationId: string; formId: string; draft: AssessmentDraft } | undefined {
  const screened = screenCardData(data);
  const masked = [...new Set([...screened.inputs, ...maskedEarlier])];
  const textFields = ['analysis', 'effects'] as const;
  const personalData = textFields.filter((f) => masked.includes(f));
  // A number in an id, the verdict or anything the card does not have: not our card's data.
  if (masked.length > personalData.length) return undefined;
  const parsed = submitAssessmentData.safeParse(screened.data);
  if (!parsed.success) return undefined;
  const { recommendationId, formId, verdict, analysis, effects } = parsed.data;
  return { recommendationId, formId, draft: { verdict: verdict || undefined, analysis, effects, personalData } };
}
