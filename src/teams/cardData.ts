import { z } from 'zod';
import type { AnswerDraft, AnswerField } from '../domain/answerRules';
import {
  PERSONAL_NUMBER_MASK,
  containsPersonalIdentityNumber,
  maskPersonalIdentityNumbers,
} from '../domain/personalData';
import type { AssessmentDraft } from '../domain/assessment';
import { PAPER_FIELDS, type PaperField, type PaperForm } from '../domain/paper';
import { ACTIVITY_ID } from '../domain/plan';
import { cleanFreeText, isBlank } from '../domain/text';
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
  showReport: 'showReport',
  showPaper: 'showPaper',
  savePaper: 'savePaper',
  adminChange: 'adminChange',
  showRetention: 'showRetention',
  saveRetention: 'saveRetention',
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

/** Card data nested deeper than this is not a card's: the screen refuses it instead of walking it. */
export const MAX_CARD_DEPTH = 32;

/**
 * Ids the bot made itself (or Teams made for it), by the key they are sent under. Each is checked
 * by its own schema in the handler that reads it; its random part (a UUID, 32 hex digits) is not
 * text a person wrote, so the personnummer screen never reads it: a random id that happens to hold
 * ten digits forming a valid number (830cc103-2a9d-4015-bf47-3807793082d3) is still our card's.
 */
const BOT_MADE_IDS: ReadonlySet<string> = new Set([
  'promptId',
  'answerId',
  'requestId',
  'formId',
  'corrects',
  'receipt',
  'activityId',
  'recommendationId',
  'sentAt',
  'planId',
  'etag',
  'person',
  'member',
  'uniqueId',
  'uploadUrl',
  'contentUrl',
]);
const RANDOM_PART =
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])/gi;

/** What the screen reads of a value: an id's random parts left out (a letter keeps the parts apart). */
const screenedPart = (key: string, value: string): string =>
  BOT_MADE_IDS.has(key) ? value.replace(RANDOM_PART, 'x') : value;

export type ScreenedCardData = { data: unknown; inputs: string[]; tooDeep: false } | { tooDeep: true };

/**
 * Every text a card sent, cleaned and screened: control characters (but tab and line breaks) and
 * lone surrogates removed, any personal identity number masked, and the card inputs it was found
 * in named. Runs before anything else reads the data, so no part of the bot sees the number.
 * Walks the data with its own stack, so no nesting can overflow the call stack; deeper than
 * MAX_CARD_DEPTH is refused whole.
 */
export function screenCardData(data: unknown): ScreenedCardData {
  const inputs = new Set<string>();
  const screenText = (value: string, input: string, key: string): string => {
    const cleaned = cleanFreeText(value);
    const part = screenedPart(key, cleaned);
    if (part !== cleaned) {
      if (!containsPersonalIdentityNumber(part)) return cleaned;
      inputs.add(input);
      return PERSONAL_NUMBER_MASK;
    }
    const masked = maskPersonalIdentityNumbers(cleaned);
    if (masked.masked > 0) inputs.add(input);
    return masked.text;
  };
  const root: { value?: unknown } = {};
  const stack: Array<{ value: unknown; input: string; key: string; depth: number; put: (v: unknown) => void }> = [
    { value: data, input: '', key: '', depth: 0, put: (v) => (root.value = v) },
  ];
  while (stack.length > 0) {
    const { value, input, key, depth, put } = stack.pop()!;
    if (typeof value === 'string') put(screenText(value, input, key));
    else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_CARD_DEPTH) return { tooDeep: true };
      if (Array.isArray(value)) {
        const out: unknown[] = new Array(value.length);
        put(out);
        value.forEach((v, i) => stack.push({ value: v, input, key, depth: depth + 1, put: (x) => (out[i] = x) }));
      } else {
        const out: Record<string, unknown> = {};
        put(out);
        for (const [k, v] of Object.entries(value)) {
          const cleanKey = cleanFreeText(k);
          stack.push({
            value: v,
            input: input || cleanKey,
            key: cleanKey,
            depth: depth + 1,
            put: (x) => (out[cleanKey] = x),
          });
        }
      }
    } else put(value);
  }
  return { data: root.value, inputs: [...inputs], tooDeep: false };
}

/** screenCardData for the parsers below; data too deep to screen reads as nothing of ours. */
function screened(data: unknown): { data: unknown; inputs: string[] } {
  const s = screenCardData(data);
  return s.tooDeep ? { data: undefined, inputs: [] } : s;
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

/** *Skicka nu*, or with `cancel` *Avbryt*: the same card, the same door. */
export const confirmDispatchData = z.object({ requestId: z.string().uuid(), cancel: z.literal(true).optional() });

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
  const screenedData = screened(data);
  const masked = [...new Set([...screenedData.inputs, ...maskedEarlier])];
  // A number in an id or in something the card does not have: not our card's data, and nothing to show back.
  if (masked.some((input) => fieldOf(input) === undefined)) return undefined;
  const parsed = submitStatusData.safeParse(screenedData.data);
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
  const screenedData = screened(data);
  const masked = [...new Set([...screenedData.inputs, ...maskedEarlier])];
  const textFields = ['analysis', 'effects'] as const;
  const personalData = textFields.filter((f) => masked.includes(f));
  // A number in an id, the verdict or anything the card does not have: not our card's data.
  if (masked.length > personalData.length) return undefined;
  const parsed = submitAssessmentData.safeParse(screenedData.data);
  if (!parsed.success) return undefined;
  const { recommendationId, formId, verdict, analysis, effects } = parsed.data;
  return { recommendationId, formId, draft: { verdict: verdict || undefined, analysis, effects, personalData } };
}

/** "Fastställ version N" asks first; the question's "Ja" comes back with `confirmed`. */
export const fixReportData = z.object({
  version: z.coerce.number().int().positive(),
  confirmed: z.literal('1').optional(),
});

const submitPaperData = z.object({
  basedOn: z.coerce.number().int().min(0),
  ...Object.fromEntries(PAPER_FIELDS.map((f) => [f, text])),
}) as z.ZodType<{ basedOn: number } & PaperForm, z.ZodTypeDef, unknown>;

/**
 * Reads what the Tjänsteutlåtande card sent; undefined when it is not what our card sends. Text
 * with a personal identity number arrives masked, and the fields it was found in are named.
 */
export function parsePaper(
  data: unknown,
  maskedEarlier: string[] = [],
): { basedOn: number; form: PaperForm; personalData: PaperField[] } | undefined {
  const screenedData = screened(data);
  const masked = [...new Set([...screenedData.inputs, ...maskedEarlier])];
  const personalData = PAPER_FIELDS.filter((f) => masked.includes(f));
  // A number in the edition or in anything the card does not have: not our card's data.
  if (masked.length > personalData.length) return undefined;
  const parsed = submitPaperData.safeParse(screenedData.data);
  if (!parsed.success) return undefined;
  const { basedOn, ...form } = parsed.data;
  return { basedOn, form, personalData };
}
