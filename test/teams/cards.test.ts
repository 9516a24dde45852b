import { loadDeployment } from '../../src/config/deploymentFile';
import { stateFromAnswer, type ActivityState } from '../../src/domain/answer';
import { allActivities } from '../../src/domain/plan';
import { planProgress, activityProgress, emptyCounts } from '../../src/domain/progress';
import { STATUSES } from '../../src/domain/status';
import { renderCard } from '../../src/teams/cards/render';
import { activityView, helpView, overviewView, recommendationView } from '../../src/teams/cards/views';
import { promptView, savedView } from '../../src/teams/cards/promptViews';
import { headlineText, weeklySummaryView } from '../../src/teams/cards/summaryView';
import { weeklySummary } from '../../src/domain/summary';
import { checkAnswer } from '../../src/domain/answerRules';
import { answer } from '../support/fixtures';
import { cardText } from '../support/connector';
import { COMMANDS } from '../../src/teams/commands';
import type { StatusPrompt } from '../../src/app/ports';

/** Every command's help lines, as an administrator sees them. */
const ALL_HELP = COMMANDS.flatMap((c) => c.help);

const { plan, deployment } = loadDeployment('deployments/local.json');
const now = new Date('2026-11-28T09:00:00Z');
const LONG = 'Lång kommentar om rutinarbetet i enheten. '.repeat(12).trim();

/** Every activity answered, with the longest texts an owner may write, to test the worst case. */
const states: ActivityState[] = allActivities(plan).map((a, i) =>
  stateFromAnswer(
    answer({
      activityId: a.id,
      status: STATUSES[i % STATUSES.length],
      comment: LONG.slice(0, 500),
      nextStep: LONG.slice(0, 300),
      milestonesReached: [a.milestones[0]!.id],
    }),
  ),
);

const MAX_BYTES = 40 * 1024;

function expectFullyBound(card: object): void {
  const json = JSON.stringify(card);
  expect(json).not.toContain('${');
  // Inputs may start empty; what a person reads may not.
  const empty: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}[${i}]`));
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock' && !o.text) empty.push(`${path}.text`);
    if (Array.isArray(o.facts))
      o.facts.forEach((f: any, i: number) => (!f.title || !f.value) && empty.push(`${path}.facts[${i}]`));
    if (typeof o.type === 'string' && o.type.startsWith('Action.') && !o.title) empty.push(`${path}.title`);
    Object.entries(o).forEach(([k, v]) => walk(v, `${path}.${k}`));
  };
  walk(card, 'card');
  expect(empty).toEqual([]);
  expect(Buffer.byteLength(json)).toBeLessThan(MAX_BYTES);
}

describe('cards', () => {
  it.each([
    ['with no answers yet', [] as ActivityState[]],
    ['with every activity answered', states],
  ])('the overview is fully bound %s', (_when, given) => {
    const card = renderCard('overview', overviewView(plan, planProgress(plan, given, '2026-11-28'), now));
    expectFullyBound(card);
    expect(cardText(card)).toContain('Rek 3');
  });

  it.each(['rek1', 'rek2', 'rek3'])('the %s card is fully bound and names every activity and owner', (id) => {
    const progress = planProgress(plan, states, '2026-11-28').find((p) => p.recommendation.id === id)!;
    const card = renderCard('recommendation', recommendationView(plan, deployment, progress, now));
    expectFullyBound(card);
    const text = cardText(card);
    for (const a of progress.activities) {
      expect(text).toContain(`${a.activity.id} · ${a.activity.unit}`);
      expect(text).toContain(a.latest!.comment!);
    }
    expect(text).toMatch(/Karin Lind|Johan Ek/);
  });

  it('the activity card shows milestones and up to five answers', () => {
    const a = allActivities(plan).find((x) => x.id === '2a')!;
    const history = Array.from({ length: 5 }, (_, i) =>
      answer({ answeredAt: `2026-11-0${i + 1}T09:00:00.000Z`, comment: LONG.slice(0, 500) }),
    );
    const detail = { ...activityProgress(a, states[2], '2026-11-28'), history };
    const card = renderCard('activity', activityView(plan, deployment, detail, now));
    expectFullyBound(card);
    const text = cardText(card);
    expect(text).toContain('Senaste 5 svaren');
    expect(text).toContain('Uppdaterad rutin för dokumentation av kontroller färdig (våren 2026) – försenad');
  });

  it('the overview counts activities in words and does not read "no answer" against "latest answer"', () => {
    // In January 2026, before any of rek 1's milestones has passed: the light is the report alone.
    const oneAnswered = [states.find((st) => st.activityId === '1a')!].map((st) => ({
      ...st,
      status: 'pågår' as const,
      answeredAt: '2026-01-10T09:00:00.000Z',
    }));
    const card = renderCard('overview', overviewView(plan, planProgress(plan, oneAnswered, '2026-01-15'), now));
    const text = cardText(card);
    expect(text).toContain('2 aktiviteter: 1 pågår enligt plan, 1 inget svar ännu');
    expect(text).toContain('Inget svar ännu från 1b');
    expect(text).toMatch(/\d+ \w+ 2026 \(1a\)/);
    expect(text).not.toMatch(/\d st\b/);
  });

  it('every milestone mark is said in words too, and the activity card lists milestones once', () => {
    const a = allActivities(plan).find((x) => x.id === '2a')!;
    const card = renderCard(
      'activity',
      activityView(plan, deployment, { ...activityProgress(a, undefined, '2026-11-28'), history: [] }, now),
    );
    const lines = cardText(card).split('\n');
    for (const [mark, word] of [
      ['⏰', 'försenad'],
      ['🗓️', 'kommande'],
      ['🔄', 'löpande'],
    ]) {
      const marked = lines.filter((l) => l.startsWith(mark!));
      expect(marked.length).toBeGreaterThan(0);
      for (const l of marked) expect(l).toMatch(new RegExp(` – ${word}$`));
    }
    const overdueTitle = 'Uppdaterad rutin för dokumentation av kontroller färdig';
    expect(lines.filter((l) => l.includes(overdueTitle))).toHaveLength(1);
    expect(cardText(card)).not.toContain('Försenade milstolpar');
  });

  it('the activity card with no answers says so once', () => {
    const a = allActivities(plan).find((x) => x.id === '3a')!;
    const card = renderCard(
      'activity',
      activityView(plan, deployment, { ...activityProgress(a, undefined, '2026-11-28'), history: [] }, now),
    );
    expectFullyBound(card);
    const text = cardText(card);
    expect(text.match(/Inget svar ännu/g)).toHaveLength(1);
    expect(text).not.toContain('Inga svar ännu');
  });

  it('the help card lists the commands', () => {
    const card = renderCard('help', helpView(plan, ALL_HELP));
    expectFullyBound(card);
    expect(cardText(card)).toContain('/status rek2');
  });

  it('each template takes its own view model only (the build fails otherwise)', () => {
    const help = helpView(plan, ALL_HELP);
    // @ts-expect-error: the overview card is bound from an OverviewView, not a HelpView
    const wrong = () => renderCard('overview', help);
    expect(cardText(wrong())).not.toContain('/status rek2');
  });

  it('dates are Swedish', () => {
    const card = renderCard('overview', overviewView(plan, planProgress(plan, states, '2026-11-28'), now));
    expect(cardText(card)).toContain('28 november 2026 kl. 10:00');
  });
});

describe('prompt, confirmation and summary cards', () => {
  const activity = allActivities(plan).find((x) => x.id === '2a')!;
  const rec = plan.recommendations.find((r) => r.id === 'rek2')!;
  const prompt = (latest?: ActivityState, reminder = 0): StatusPrompt => ({
    promptId: 'prompt-1',
    sentAt: '2026-11-28T09:00:00.000Z',
    activity,
    recommendation: rec,
    progress: activityProgress(activity, latest, '2026-11-28'),
    ownerName: 'Karin Lind',
    reminder,
  });

  it.each([
    ['before the first answer', undefined],
    ['with a previous answer', states[2]],
  ])('the prompt card is fully bound %s and offers every status, milestone and indicator', (_when, latest) => {
    const card = renderCard('statusPrompt', promptView(prompt(latest)));
    expectFullyBound(card);
    const json = JSON.stringify(card);
    for (const status of STATUSES) expect(json).toContain(`"value":"${status}"`);
    for (const m of activity.milestones) expect(json).toContain(`"value":"${m.id}"`);
    expect(json).toContain('"id":"indicator_2a-i1"');
    expect(json).toContain('"verb":"submitStatus"');
  });

  it('a reminder says so in its heading', () => {
    expect(cardText(renderCard('statusPrompt', promptView(prompt(undefined, 1))))).toContain(
      'Påminnelse: statusuppdatering 2a',
    );
  });

  it('a refused prompt lists the problems and masks the number in the text that held it', () => {
    const draft = {
      status: 'pågår',
      comment: 'Se 19121212-1212',
      nextStep: 'Möte',
      milestonesReached: [],
      indicators: {},
    };
    const card = renderCard('statusPrompt', promptView(prompt(), { draft, problems: checkAnswer(activity, draft) }));
    expectFullyBound(card);
    const json = JSON.stringify(card);
    expect(json).toContain('Kommentar innehöll något som ser ut som ett personnummer');
    expect(json).not.toContain('19121212-1212');
    expect(json).toContain('"value":"Se [personnummer borttaget]"');
    expect(json).toContain('"value":"Möte"');
  });

  it('the confirmation shows what was saved', () => {
    const a = answer({ activityId: '2a', comment: LONG.slice(0, 500), evidenceUrl: 'https://2c8.example/rutin' });
    const card = renderCard('statusSaved', savedView(a, activity, rec, 'ägare', false));
    expectFullyBound(card);
    const text = cardText(card);
    expect(text).toContain('Tack! Statusen är sparad');
    expect(text).toContain('https://2c8.example/rutin');
  });

  it('the weekly summary is fully bound, with its headline line, each state in words and what an administrator can do', () => {
    const summary = weeklySummary({
      plan,
      states,
      today: '2026-11-30',
      owners: deployment.owners.map((o) => ({ name: o.owner.name, role: o.role })),
      cycleStartedAt: '2026-11-30T08:00:00.000Z',
      previous: { at: '2026-11-23T07:00:00.000Z', statuses: { '2a': 'pågår' } },
      unreachable: [{ name: 'Johan Ek', reason: 'blocked' }],
    });
    const card = renderCard('weeklySummary', weeklySummaryView(summary, 'Veckosammanfattning – åtgärdsplanen'));
    expectFullyBound(card);
    const text = cardText(card);
    const total = Object.values(summary.counts).reduce((a, b) => a + b, 0);
    expect(text).toMatch(new RegExp(`^${total} aktiviteter: `, 'm'));
    expect(text).toMatch(
      /^(🔴 Försenad|🟡 Risk för försening|⚪ Inget svar ännu|🔵 Ej påbörjad|🟢 Pågår enligt plan|✅ Klar) – Rek 1: /m,
    );
    expect(text).toContain('Johan Ek: har blockerat boten; be personen häva blockeringen i chatten med boten.');
    expect(text).toContain('/nåbarhet');
    // On 30 November every "december 2026" milestone not reached is due soon.
    expect(text).toContain('Milstolpar i november och december');
    expect(text).toMatch(/2a: Aktiviteterna uppföljda \(december 2026\)/);
    expect(JSON.stringify(card)).not.toContain('Chart.');
  });

  it.each([
    [
      { pågår: 2, risk: 1, försenad: 1, inget_svar: 1 },
      '5 aktiviteter: 🟢 2 pågår · 🟡 1 risk · 🔴 1 försenad · ⚪ 1 utan svar',
    ],
    [{ klar: 1 }, '1 aktivitet: ✅ 1 klar'],
    [{ klar: 2, ej_påbörjad: 3, försenad: 2 }, '7 aktiviteter: ✅ 2 klara · 🔵 3 ej påbörjade · 🔴 2 försenade'],
  ])('the headline counts every state there is (%j)', (counts, expected) => {
    expect(headlineText({ ...emptyCounts(), ...counts })).toBe(expected);
  });
});
