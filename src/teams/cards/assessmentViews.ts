import {
  ASSESSMENT_LIMITS,
  VERDICTS,
  VERDICT_LABEL,
  type Assessment,
  type AssessmentDraft,
  type AssessmentProblem,
} from '../../domain/assessment';
import { formatSwedishDateTime } from '../../domain/dates';
import { maskPersonalIdentityNumbers } from '../../domain/personalData';
import type { Recommendation } from '../../domain/plan';
import type { RecommendationProgress } from '../../domain/progress';
import { stateText, type Fact } from './views';

export interface AssessmentView {
  heading: string;
  recommendationTitle: string;
  intro: string;
  problems: Array<{ text: string }>;
  activities: Fact[];
  previous: string;
  verdictChoices: Array<{ title: string; value: string }>;
  values: { verdict: string; analysis: string; effects: string };
  limits: typeof ASSESSMENT_LIMITS;
  recommendationId: string;
  formId: string;
  footer: string;
}

export interface AssessmentSavedView {
  heading: string;
  recommendationTitle: string;
  savedLine: string;
  facts: Fact[];
  recommendationId: string;
  recommendationNumber: number;
  footer: string;
}

/**
 * The assessment form, filled with the rejected input or the previous assessment. A field refused
 * for holding a personal identity number comes back with the number masked and the rest kept.
 */
export function assessmentView(
  progress: RecommendationProgress,
  formId: string,
  options: { previous?: Assessment; draft?: AssessmentDraft; problems?: AssessmentProblem[] } = {},
): AssessmentView {
  const r = progress.recommendation;
  const source = options.draft ?? options.previous;
  // A personal identity number never goes back into the chat: it shows masked, the rest kept.
  const text = (field: 'analysis' | 'effects'): string => maskPersonalIdentityNumbers(source?.[field] ?? '').text;
  return {
    heading: `Bedömning av rek ${r.number}`,
    recommendationTitle: r.title,
    intro:
      'Ledningsgruppens bedömning till stadsdelsnämnden: hur långt har rekommendationen kommit? ' +
      'Bedömningen sparas med namn och tidpunkt och kommer med i uppföljningsrapporten. En ny bedömning ersätter aldrig den förra; båda sparas.',
    problems: (options.problems ?? []).map((p) => ({ text: p.message })),
    activities: progress.activities.map((a) => ({
      title: `${a.activity.id} · ${a.activity.unit}`,
      value: stateText(a.state),
    })),
    previous: options.previous
      ? `${VERDICT_LABEL[options.previous.verdict]}, ${formatSwedishDateTime(options.previous.assessedAt)}, ${options.previous.assessedBy.name}`
      : 'Ingen bedömning ännu.',
    verdictChoices: VERDICTS.map((v) => ({ title: VERDICT_LABEL[v], value: v })),
    values: { verdict: source?.verdict ?? '', analysis: text('analysis'), effects: text('effects') },
    limits: ASSESSMENT_LIMITS,
    recommendationId: r.id,
    formId,
    footer: `Åtgärd: ${r.measure}`,
  };
}

export function assessmentSavedView(a: Assessment, r: Recommendation, retry: boolean): AssessmentSavedView {
  return {
    heading: retry ? 'Bedömningen var redan sparad' : 'Tack! Bedömningen är sparad',
    recommendationTitle: `Rek ${r.number}: ${r.title}`,
    savedLine: `Sparad ${formatSwedishDateTime(a.assessedAt)} av ${a.assessedBy.name}.`,
    facts: [
      { title: 'Bedömning', value: VERDICT_LABEL[a.verdict] },
      { title: 'Analys', value: a.analysis },
      { title: 'Effekter hittills', value: a.effects },
    ],
    recommendationId: r.id,
    recommendationNumber: r.number,
    footer: 'Bedömningen ligger kvar i uppföljningen. En ny bedömning sparas som en ny post.',
  };
}
