import { formatSwedishWeekday } from '../../src/domain/dates';
import { loadDeployment } from '../../src/config/deploymentFile';
import { stateFromAnswer, type ActivityState } from '../../src/domain/answer';
import { LIMITS, checkAnswer, type AnswerDraft } from '../../src/domain/answerRules';
import { allActivities, type Activity } from '../../src/domain/plan';
import { activityProgress, planProgress } from '../../src/domain/progress';
import { STATUSES } from '../../src/domain/status';
import { weeklySummary } from '../../src/domain/summary';
import type { CardName, CardViews } from '../../src/teams/cards/render';
import { answeredView, promptView, savedView } from '../../src/teams/cards/promptViews';
import { weeklySummaryView } from '../../src/teams/cards/summaryView';
import {
  activityView,
  dispatchConfirmView,
  helpView,
  overviewView,
  recommendationView,
} from '../../src/teams/cards/views';
import { answer } from '../support/fixtures';
import { UNREACHABLE_REASONS } from '../../src/domain/reach';
import { assessmentSavedView, assessmentView } from '../../src/teams/cards/assessmentViews';
import { reportView } from '../../src/teams/cards/reportView';
import { paperView } from '../../src/teams/cards/paperView';
import { PAPER_FIELDS, PAPER_FIELD_RULES } from '../../src/domain/paper';
import { adminView } from '../../src/teams/cards/adminView';
import { retentionView } from '../../src/teams/cards/retentionView';
import { DEFAULT_RETENTION, MAX_RETENTION_YEARS, RECORD_KINDS } from '../../src/domain/retention';
import { planChoiceView } from '../../src/teams/cards/planChoiceView';
import { COMMANDS } from '../../src/teams/commands';
import type { StatusPrompt } from '../../src/app/ports';

/** Every command's help lines, as an administrator sees them. */
const ALL_HELP = COMMANDS.flatMap((c) => c.help);

/**
 * View models for every card template, in the states a card can be in: the plan before any
 * answer, every activity answered, errors shown, and the longest texts an owner may write.
 * A template in cards/ without an entry here fails the schema test.
 */
export type CardFixtures = { [N in CardName]: Array<{ name: string; view: CardViews[N] }> };

const { plan, deployment } = loadDeployment('deployments/local.json');
const now = new Date('2026-11-28T09:00:00Z');
const today = '2026-11-28';

/** Text of exactly `length` characters, with å, ä, ö and markdown-looking characters in it. */
const longText = (length: number): string =>
  'Långsiktigt arbete i enheten: *rutiner*, [länkar] och "citat" – allt räknas. '.repeat(40).slice(0, length);

const LONGEST = {
  comment: longText(LIMITS.comment),
  nextStep: longText(LIMITS.nextStep),
  evidenceUrl: `https://2c8.stockholm.se/${'a'.repeat(LIMITS.evidenceUrl - 'https://2c8.stockholm.se/'.length)}`,
};

const activities = allActivities(plan);

/** Every activity answered, with every status in turn, every milestone reached and every indicator given. */
const fullAnswers = activities.map((a, i) =>
  answer({
    activityId: a.id,
    status: STATUSES[i % STATUSES.length],
    ...LONGEST,
    milestonesReached: a.milestones.map((m) => m.id),
    indicators: Object.fromEntries(a.indicators.map((ind) => [ind.id, ind.max])),
  }),
);
const fullStates: ActivityState[] = fullAnswers.map(stateFromAnswer);
/** Answers without comment, next step, link, milestones or indicators. */
const bareStates: ActivityState[] = activities.map((a) =>
  stateFromAnswer(
    answer({
      activityId: a.id,
      status: 'ej_påbörjad',
      comment: undefined,
      nextStep: undefined,
      evidenceUrl: undefined,
      milestonesReached: [],
      indicators: {},
    }),
  ),
);

const recommendationOf = (a: Activity) => plan.recommendations.find((r) => r.id === a.recommendationId)!;

function prompt(a: Activity, latest?: ActivityState, reminder = 0): StatusPrompt {
  return {
    promptId: `prompt-${a.id}`,
    sentAt: now.toISOString(),
    activity: a,
    recommendation: recommendationOf(a),
    progress: activityProgress(a, latest, today),
    ownerName: 'Karin Lind',
    reminder,
  };
}

const stateOf = (states: ActivityState[], a: Activity) => states.find((s) => s.activityId === a.id);

/** A draft that breaks every rule at once: no status, a personnummer, too long, not https, out of range. */
function refusedDraft(a: Activity): AnswerDraft {
  return {
    status: undefined,
    comment: `Se 19121212-1212. ${LONGEST.comment}`,
    nextStep: `${LONGEST.nextStep} och mer`,
    evidenceUrl: 'http://inte-https.example',
    milestonesReached: ['finns-inte'],
    indicators: Object.fromEntries(a.indicators.map((ind) => [ind.id, ind.max + 1])),
  };
}

function summary(states: ActivityState[], extra: Partial<Parameters<typeof weeklySummary>[0]> = {}) {
  return weeklySummary({
    plan,
    states,
    today: '2026-12-07',
    owners: deployment.owners.map((o) => ({ name: o.owner.name, role: o.role })),
    unreachable: [],
    ...extra,
  });
}

export function cardFixtures(): CardFixtures {
  const progressOf = (states: ActivityState[]) => planProgress(plan, states, today);
  const rek2 = plan.recommendations[1]!;
  const assessment = {
    id: 'a1',
    planId: plan.id,
    recommendationId: rek2.id,
    verdict: 'delvis' as const,
    analysis: LONGEST.comment,
    effects: LONGEST.nextStep,
    assessedBy: { userId: 'maria', name: 'Maria Ek' },
    assessedAt: '2026-12-07T09:00:00.000Z',
    formId: 'f1',
  };
  const rek2Progress = (states: ActivityState[]) => progressOf(states).find((p) => p.recommendation.id === rek2.id)!;
  const version = (n: number) => ({
    planId: plan.id,
    version: n,
    fixedBy: { userId: 'anders', name: 'Anders Holm' },
    fixedAt: '2026-12-10T10:00:00.000Z',
    documentSha256: 'a'.repeat(64),
    planSha256: 'b'.repeat(64),
    contentSha256: 'c'.repeat(64),
  });
  const audit = (i: number) => ({
    planId: plan.id,
    id: `e${i}`,
    at: `2026-12-0${i}T10:00:00.000Z`,
    by: { userId: 'anders', name: 'Anders Holm' },
    what: 'Ansvarig för Enhetschef, barnenheten',
    before: 'Johan Ek',
    after: 'Erik Nyström',
  });
  const away = {
    ...deployment,
    absences: [
      {
        userId: deployment.owners[0]!.owner.userId,
        from: '2027-07-01',
        to: '2027-07-31',
        setBy: { userId: 'a', name: 'A' },
        setAt: '2026-12-01T10:00:00.000Z',
      },
    ],
    schedule: {
      ...deployment.schedule,
      prompts: { ...deployment.schedule.prompts, cron: '5 7 * * 0' },
      pauses: [{ from: '2027-07-01', to: '2027-08-01' }],
    },
  };
  const people = [
    ...deployment.administrators,
    { userId: 'erik', name: 'Erik Nyström', email: 'erik.nystrom@example.com' },
  ];
  return {
    admin: [
      { name: 'first view', view: adminView({ plan, deployment, etag: 'e1', people, changes: [], today }) },
      {
        name: 'an absence, a pause, a refused change and five changes',
        view: adminView({
          plan,
          deployment: away,
          etag: 'e2',
          people,
          changes: [1, 2, 3, 4, 5].map(audit),
          today,
          message: { text: 'Ändringen sparades inte: x', kind: 'attention' },
        }),
      },
    ],
    retention: [
      {
        name: 'the proposal in force',
        view: retentionView({
          rules: DEFAULT_RETENTION,
          proposal: DEFAULT_RETENTION,
          etag: 'e1',
          shownAt: '2026-11-28T09:00:00.000Z',
          changes: [],
        }),
      },
      {
        name: 'every rule changed to the longest, a refused change and five changes',
        view: retentionView({
          rules: Object.fromEntries(
            RECORD_KINDS.map((k) => [
              k,
              { action: 'gallras', after: `P${MAX_RETENTION_YEARS - 1}Y11M4W6DT23H`, from: 'personen borttagen' },
            ]),
          ) as never,
          proposal: DEFAULT_RETENTION,
          etag: 'e2',
          shownAt: '2026-11-28T09:00:00.000Z',
          changes: [1, 2, 3, 4, 5].map(audit),
          message: { text: 'Regeln sparades inte: x', kind: 'attention' },
        }),
      },
    ],
    assessment: [
      { name: 'first assessment', view: assessmentView(rek2Progress([]), 'f1') },
      {
        name: 'a refused draft over an earlier assessment',
        view: assessmentView(rek2Progress(fullStates), 'f2', {
          previous: assessment,
          draft: { verdict: 'genomförd', analysis: LONGEST.comment, effects: '' },
          problems: [{ field: 'effects', message: 'Skriv vilka effekter som syns hittills.' }],
        }),
      },
    ],
    assessmentSaved: [
      { name: 'saved', view: assessmentSavedView(assessment, rek2, false) },
      { name: 'a retry', view: assessmentSavedView(assessment, rek2, true) },
    ],
    report: [
      { name: 'no fixed version', view: reportView([], { asOf: '2026-12-07T09:00:00.000Z', mayFix: true }) },
      {
        name: 'asking before fixing, parts of the paper missing',
        view: reportView([1].map(version), {
          asOf: '2026-12-11T09:00:00.000Z',
          mayFix: true,
          confirming: { missing: ['Diarienummer', 'Samverkan'] },
        }),
      },
      {
        name: 'three fixed versions, a notice',
        view: reportView([1, 2, 3].map(version), {
          asOf: '2026-12-11T09:00:00.000Z',
          mayFix: false,
          notice: 'Version 3 är fastställd.',
        }),
      },
    ],
    paper: [
      {
        name: 'nothing saved yet, the drafts',
        view: paperView({
          edition: 0,
          values: { proposal: 'Stadsdelsnämnden godkänner uppföljningen.', summary: 'Sammanfattning.' },
          drafted: ['proposal', 'summary', 'childRights'],
          missing: ['Diarienummer', 'Handläggarens namn'],
        }),
      },
      {
        name: 'every part at its longest, refused',
        view: paperView(
          {
            edition: 3,
            latest: {
              planId: plan.id,
              edition: 3,
              savedAt: '2026-12-04T10:00:00.000Z',
              savedBy: { userId: 'anders', name: 'Anders Holm' },
              details: {},
            },
            values: {},
            drafted: [],
            missing: [],
          },
          {
            values: Object.fromEntries(PAPER_FIELDS.map((f) => [f, 'x'.repeat(PAPER_FIELD_RULES[f].max)])),
            problems: [{ field: 'officerEmail', message: 'Handläggarens e-post ser inte ut som en e-postadress.' }],
          },
        ),
      },
    ],
    dispatchConfirm: [{ name: 'five owners', view: dispatchConfirmView(5, '0f8fad5b-d9cb-469f-a165-70867728950e') }],
    overview: [
      { name: 'before any answer', view: overviewView(plan, progressOf([]), now) },
      { name: 'every activity answered', view: overviewView(plan, progressOf(fullStates), now) },
    ],
    recommendation: plan.recommendations.flatMap((r) =>
      [
        ['before any answer', [] as ActivityState[]],
        ['every activity answered, longest texts', fullStates],
        ['answers without comments', bareStates],
      ].map(([when, states]) => ({
        name: `${r.id} ${when}`,
        view: recommendationView(
          plan,
          deployment,
          progressOf(states as ActivityState[]).find((p) => p.recommendation.id === r.id)!,
          now,
          undefined,
          undefined,
          // The management group's card, with *Bedöm*, and a reader's, without.
          { mayAssess: when !== 'answers without comments' },
        ),
      })),
    ),
    activity: activities.flatMap((a) => [
      {
        name: `${a.id} before any answer`,
        view: activityView(plan, deployment, { ...activityProgress(a, undefined, today), history: [] }, now),
      },
      {
        name: `${a.id} with five long answers`,
        view: activityView(
          plan,
          deployment,
          {
            ...activityProgress(a, stateOf(fullStates, a), today),
            history: Array.from({ length: 5 }, () => answer({ activityId: a.id, ...LONGEST })),
          },
          now,
        ),
      },
    ]),
    help: [
      { name: 'the plan', view: helpView(plan, ALL_HELP) },
      {
        name: 'someone with no role',
        view: helpView(plan, ALL_HELP.slice(0, 4), undefined, { administrators: ['Anders Holm', 'Eva Ek'] }),
      },
    ],
    planChoice: [
      { name: 'two plans, /status', view: planChoiceView([plan, { ...plan, id: 'ny-plan', title: 'Nästa plan' }], '') },
      {
        name: 'eight plans, /status rek2',
        view: planChoiceView(
          Array.from({ length: 8 }, (_, i) => ({ ...plan, id: `plan-${i}`, title: `Plan ${i}` })),
          'rek2',
        ),
      },
    ],
    statusPrompt: activities.flatMap((a) => [
      { name: `${a.id} before the first answer`, view: promptView(prompt(a)) },
      { name: `${a.id} with every field answered`, view: promptView(prompt(a, stateOf(fullStates, a))) },
      { name: `${a.id} with a bare answer, as a reminder`, view: promptView(prompt(a, stateOf(bareStates, a), 2)) },
      {
        name: `${a.id} refreshed for its owner and deputy`,
        view: promptView(prompt(a, stateOf(fullStates, a)), { refreshUserIds: ['29:owner', '29:deputy'] }),
      },
      {
        name: `${a.id} with the days its reminder may move to`,
        view: promptView({
          ...prompt(a, stateOf(fullStates, a), 1),
          later: {
            cycleId: '2026-11-30',
            suggested: '2026-12-03',
            days: [
              '2026-12-01',
              '2026-12-02',
              '2026-12-03',
              '2026-12-04',
              '2026-12-07',
              '2026-12-08',
              '2026-12-09',
              '2026-12-10',
              '2026-12-11',
            ].map((day) => ({
              day,
              title: formatSwedishWeekday(day),
            })),
          },
        }),
      },
      {
        name: `${a.id} refused, every error shown`,
        view: promptView(prompt(a), { draft: refusedDraft(a), problems: checkAnswer(a, refusedDraft(a)) }),
      },
    ]),
    statusSaved: activities.flatMap((a, i) => [
      {
        name: `${a.id} every field saved`,
        view: savedView(fullAnswers[i]!, a, recommendationOf(a), 'ägare', false),
      },
      {
        name: `${a.id} opened again after it was answered`,
        view: answeredView(fullAnswers[i]!, a, recommendationOf(a), {
          promptId: `prompt-${a.id}`,
          sentAt: now.toISOString(),
          refreshUserIds: ['29:owner', '29:deputy'],
        }),
      },
      {
        name: `${a.id} a retry of a bare answer by an administrator`,
        view: savedView(
          answer({ activityId: a.id, comment: undefined, nextStep: undefined, milestonesReached: [], indicators: {} }),
          a,
          recommendationOf(a),
          'administratör',
          true,
        ),
      },
    ]),
    weeklySummary: [
      { name: 'before any answer or prompt', view: weeklySummaryView(summary([]), 'Veckosammanfattning') },
      {
        name: 'every activity answered, changes, unreachable owners',
        view: weeklySummaryView(
          summary(fullStates, {
            cycleStartedAt: '2026-11-30T08:00:00.000Z',
            previous: { at: '2026-11-30T07:00:00.000Z', statuses: { '2a': 'pågår', '1a': 'klar' } },
            unreachable: deployment.owners.map((o, i) => ({
              name: o.owner.name,
              reason: UNREACHABLE_REASONS[i % UNREACHABLE_REASONS.length]!,
            })),
          }),
          'Veckosammanfattning – åtgärdsplanen',
        ),
      },
    ],
  };
}
