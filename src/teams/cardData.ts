import { z } from 'zod';
import type { AnswerDraft } from '../domain/answerRules';
import type { AssessmentDraft } from '../domain/assessment';
import { ACTIVITY_ID } from '../domain/plan';
import { INDICATOR_INPUT_PREFIX } from './cards/promptViews';

/** Card verbs, shared by the templates in cards/ and the handlers. */
export const VERBS = {
  showStatus: 'showStatus',
  submitStatus: 'submitStatus',
  correctStatus: 'correctStatus',
  showAssessment: 'showAssessment',
  submitAssessment: 'submitAssessment',
  fixReport: 'fixReport',
  sendReport: 'sendReport',
} as const;

export const KNOWN_VERBS: ReadonlySet<string> = new Set(Object.values(VERBS));

/** Card text fields: trimmed; empty means not given. Oversized input is malformed, not a long answer. */
const text = z
  .string()
  .max(20_000)
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const number = z
  .union([z.number(), z.string().max(50)])
  .optional()
  .transform((v) =>
    v === undefined || v === '' ? undefined : typeof v === 'number' ? v : Number(v.replace(',', '.')),
  );

export const showStatusData = z.object({ target: z.string().max(20) });

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
  })
  .catchall(z.unknown());

export interface ParsedSubmission {
  activityId: string;
  promptId: string;
  corrects?: string;
  draft: AnswerDraft;
}

/** Reads what a prompt card sent; undefined when it is not what our card sends. */
export function parseSubmission(data: unknown): ParsedSubmission | undefined {
  const parsed = submitStatusData.safeParse(data);
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
  return {
    activityId: d.activityId,
    promptId: d.promptId,
    corrects: d.corrects,
    draft: {
      status: d.status === '' ? undefined : d.status,
      comment: d.comment,
      nextStep: d.nextStep,
      evidenceUrl: d.evidenceUrl,
      milestonesReached: milestones.map((m) => m.trim()).filter((m) => m !== ''),
      indicators,
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

/** Reads what an assessment card sent; undefined when it is not what our card sends. */
export function parseAssessment(
  data: unknown,
): { recommendationId: string; formId: string; draft: AssessmentDraft } | undefined {
  const parsed = submitAssessmentData.safeParse(data);
  if (!parsed.success) return undefined;
  const { recommendationId, formId, verdict, analysis, effects } = parsed.data;
  return { recommendationId, formId, draft: { verdict: verdict || undefined, analysis, effects } };
}
