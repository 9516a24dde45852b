import type { Person } from './answer';
import { containsPersonalIdentityNumber } from './personalData';
import { isBlank, textLength } from './text';

/** How far a recommendation has come, as the management group judges it for the district board. */
export const VERDICTS = ['genomförd', 'delvis', 'ej'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const VERDICT_LABEL: Record<Verdict, string> = {
  genomförd: 'Genomförd',
  delvis: 'Delvis genomförd',
  ej: 'Ej genomförd',
};

export const isVerdict = (v: unknown): v is Verdict => (VERDICTS as readonly unknown[]).includes(v);

export interface AssessmentValues {
  verdict: Verdict;
  analysis: string;
  effects: string;
}

/**
 * One assessment of one recommendation. Like the answers it is only ever appended: a new
 * assessment supersedes the previous one in the report, and both stay in the record.
 */
export interface Assessment extends AssessmentValues {
  id: string;
  planId: string;
  recommendationId: string;
  assessedBy: Person;
  assessedAt: string;
  formId: string;
}

export interface AssessmentDraft {
  verdict?: string;
  analysis?: string;
  effects?: string;
  /** Fields in which a personal identity number was found (and masked) before the draft was read. */
  personalData?: Array<'analysis' | 'effects'>;
}

export type AssessmentField = 'verdict' | 'analysis' | 'effects';

export interface AssessmentProblem {
  field: AssessmentField;
  message: string;
  personalData?: true;
}

export const ASSESSMENT_LABEL: Record<AssessmentField, string> = {
  verdict: 'Bedömning',
  analysis: 'Analys',
  effects: 'Effekter hittills',
};

export const ASSESSMENT_LIMITS = { analysis: 4000, effects: 4000 } as const;

/** The rules an assessment meets before it is kept; each problem names its field in Swedish. */
export function checkAssessment(draft: AssessmentDraft): AssessmentProblem[] {
  const problems: AssessmentProblem[] = [];
  if (!isVerdict(draft.verdict)) {
    problems.push({
      field: 'verdict',
      message: 'Välj bedömning: genomförd, delvis genomförd eller ej genomförd.',
    });
  }
  for (const field of ['analysis', 'effects'] as const) {
    const value = draft[field];
    const label = ASSESSMENT_LABEL[field];
    if (draft.personalData?.includes(field) || (value && containsPersonalIdentityNumber(value))) {
      problems.push({
        field,
        personalData: true,
        message:
          `${label} innehåller något som ser ut som ett personnummer eller samordningsnummer. ` +
          'Bedömningen handlar om verksamhetens arbete, aldrig om ett barn eller en familj: skriv om utan personuppgifter.',
      });
    } else if (!value || isBlank(value)) {
      problems.push({ field, message: `${label} saknas: skriv några meningar.` });
    } else if (textLength(value) > ASSESSMENT_LIMITS[field]) {
      problems.push({
        field,
        message: `${label} får vara högst ${ASSESSMENT_LIMITS[field]} tecken (nu ${textLength(value)}).`,
      });
    }
  }
  return problems;
}

/** The latest assessment per recommendation (assessments are given oldest first). */
export function latestAssessments(assessments: readonly Assessment[]): Map<string, Assessment> {
  const latest = new Map<string, Assessment>();
  for (const a of assessments) {
    const prev = latest.get(a.recommendationId);
    if (!prev || a.assessedAt > prev.assessedAt || (a.assessedAt === prev.assessedAt && a.id > prev.id)) {
      latest.set(a.recommendationId, a);
    }
  }
  return latest;
}
