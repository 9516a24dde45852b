import { randomUUID } from 'node:crypto';
import { loadDeployment } from '../../src/config/deploymentFile';
import { CARD_VERB_DOORS, COMMAND_DOORS, opens, type CardVerb, type Command } from '../../src/app/permissionTable';
import { findActivity } from '../../src/domain/plan';
import { VERBS } from '../../src/teams/cardData';
import { COMMANDS } from '../../src/teams/commands';
import { TEXT } from '../../src/teams/replies';
import { cardText, sentCard } from '../support/connector';
import { useBotFixture } from '../support/fixture';
import { Chat } from '../support/conversation';
import { USERS, type TestUser } from '../support/teams';

const { plan, deployment } = loadDeployment('deployments/local.json');
const ACTIVITY = findActivity(plan, '2a')!;

/** What the matrix needs from the bot before it knocks: a saved answer and a prompt card for 2a. */
interface Setting {
  answerId: string;
  refresh: Record<string, unknown>;
}

const shown = (body: { value: unknown }): string =>
  typeof body.value === 'string' ? body.value : JSON.stringify(body.value);

/**
 * How to knock on each card verb's door for activity 2a (or rek2), and how its refusal reads.
 * A verb of VERBS without a knock here fails the matrix; the expectation comes from the table.
 */
const KNOCKS: Record<CardVerb, { data: (s: Setting) => unknown; refused: (body: { value: unknown }) => boolean }> = {
  showStatus: { data: () => ({ target: '2a' }), refused: (b) => !cardText(b.value).includes('Aktivitet 2a') },
  submitStatus: {
    data: () => ({ activityId: '2a', promptId: randomUUID(), status: 'pågår' }),
    refused: (b) => shown(b).includes('Du kan inte svara för aktivitet 2a'),
  },
  correctStatus: {
    data: (s) => ({ activityId: '2a', answerId: s.answerId }),
    refused: (b) => shown(b).includes('Du kan inte uppdatera aktivitet 2a'),
  },
  // The owner's side: the form, or after an answer the receipt with "Rätta svaret"; anyone else: /status's card.
  refreshPrompt: { data: (s) => s.refresh, refused: (b) => !/Input\.|correctStatus/.test(shown(b)) },
  showReceipt: { data: (s) => ({ receipt: `2a:${s.answerId}` }), refused: (b) => !shown(b).includes('Rätta svaret') },
  confirmDispatch: { data: () => ({ requestId: randomUUID() }), refused: (b) => shown(b) === TEXT.dispatchRefused },
  showAssessment: {
    data: () => ({ recommendationId: 'rek2' }),
    refused: (b) => shown(b) === TEXT.assessmentRefused,
  },
  submitAssessment: {
    data: () => ({ recommendationId: 'rek2', formId: randomUUID(), verdict: 'delvis', analysis: 'a', effects: 'e' }),
    refused: (b) => shown(b) === TEXT.assessmentRefused,
  },
  fixReport: { data: () => ({ version: 1 }), refused: (b) => shown(b) === TEXT.fixRefused },
  sendReport: { data: () => ({ version: 1 }), refused: (b) => shown(b) === TEXT.reportRefused },
  showReport: { data: () => ({}), refused: (b) => shown(b) === TEXT.reportRefused },
  showPaper: { data: () => ({}), refused: (b) => shown(b) === TEXT.paperRefused },
  savePaper: {
    data: () => ({ basedOn: 0, diarienummer: 'HÄ 2026/1' }),
    refused: (b) => shown(b) === TEXT.paperRefused,
  },
  adminChange: {
    data: () => ({ op: 'pause', etag: 'x', pauseFrom: '2027-01-01', pauseTo: '2027-01-02' }),
    refused: (b) => shown(b).includes(TEXT.adminRefused),
  },
  showRetention: { data: () => ({}), refused: (b) => shown(b) === TEXT.retention.refused },
  saveRetention: {
    data: () => ({ kind: 'utskick', etag: 'x', shownAt: '2026-11-28T09:00:00.000Z', action_utskick: 'bevaras' }),
    refused: (b) => shown(b) === TEXT.retention.refused,
  },
  remindLater: {
    data: () => ({ activityId: '2a', day: '2026-12-03' }),
    refused: (b) => shown(b).includes('Bara den ansvarige för 2a, ersättaren eller en administratör'),
  },
};

/** How to knock on each command's door, what it is about, how many messages an opened door sends, and its refusal. */
const COMMAND_KNOCKS: Record<
  Command,
  {
    text: string;
    about?: { activity?: boolean; subject?: TestUser };
    sends?: number;
    refused: (text: string) => boolean;
  }
> = {
  '/status': { text: '/status 2a', refused: () => false },
  '/hjälp': { text: '/hjälp', refused: () => false },
  '/uppdatera': {
    text: '/uppdatera 2a',
    about: { activity: true },
    sends: 2,
    refused: (t) => t.includes('Du kan inte uppdatera aktivitet 2a'),
  },
  '/utskick': { text: '/utskick', refused: (t) => t === TEXT.dispatchRefused },
  '/koppla': { text: '/koppla', refused: (t) => t === TEXT.linkRefused },
  '/sammanfattning': { text: '/sammanfattning', refused: (t) => t === TEXT.summaryRefused },
  '/nåbarhet': { text: '/nåbarhet', refused: (t) => t === TEXT.reachRefused },
  '/bedömning': { text: '/bedömning rek2', refused: (t) => t === TEXT.assessmentRefused },
  '/rapport': { text: '/rapport', refused: (t) => t === TEXT.reportRefused },
  '/frånvaro': {
    text: '/frånvaro 2027-07-01–2027-07-31 för Karin Lind',
    about: { subject: USERS.karin },
    refused: (t) => t.startsWith('Bara personen själv eller en administratör'),
  },
  '/admin': { text: '/admin', refused: (t) => t === TEXT.adminRefused },
  '/revidera': { text: '/revidera 2a-m1 2027-03 "Ny lagstiftning"', refused: (t) => t === TEXT.adminRefused },
  '/registerutdrag': {
    text: '/registerutdrag Karin Lind',
    refused: (t) => t === TEXT.register.refused,
  },
  '/avsluta': { text: '/avsluta 2a "Nämnden godkände"', refused: (t) => t === TEXT.adminRefused },
  '/avstämning': { text: '/avstämning 2a kvartal "Löpande"', refused: (t) => t === TEXT.adminRefused },
  '/arkivera': { text: '/arkivera', refused: (t) => t === TEXT.adminRefused },
};

const PEOPLE: TestUser[] = [USERS.karin, USERS.sara, USERS.anders, USERS.maria, USERS.johan, USERS.erik];

describe('every verb behind its door: the authorization matrix, generated from VERBS and the permission table', () => {
  const fixture = useBotFixture({ per: 'test' });
  let chat: Chat;
  beforeEach(() => ({ chat } = fixture));

  it('every card verb has a row in the table and a knock in the matrix, and every row is a verb', () => {
    expect(Object.keys(CARD_VERB_DOORS).sort()).toEqual(Object.keys(VERBS).sort());
    expect(Object.keys(KNOCKS).sort()).toEqual(Object.keys(VERBS).sort());
    expect(Object.keys(COMMAND_DOORS).length).toBeGreaterThanOrEqual(12);
  });

  it.each(Object.keys(VERBS) as CardVerb[])('%s opens exactly for those its door lets in', async (verb) => {
    const [, card] = await chat.say(USERS.karin, '/uppdatera 2a', 2);
    const prompt = sentCard(card!) as {
      actions: Array<{ verb: string; data: Record<string, unknown> }>;
      refresh: { action: { data: Record<string, unknown> } };
    };
    const submit = prompt.actions.find((a) => a.verb === 'submitStatus')!;
    const saved = await chat.press(USERS.karin, 'submitStatus', { ...submit.data, status: 'pågår' });
    const answerId = /"receipt":"2a:([0-9a-f]{32})"/.exec(JSON.stringify(saved.value))?.[1] ?? '';
    expect(answerId).toMatch(/^[0-9a-f]{32}$/);
    const setting = { answerId, refresh: prompt.refresh.action.data };

    const matrix = [];
    for (const user of PEOPLE) {
      const door = opens(CARD_VERB_DOORS[verb], { deployment, plan, userId: user.aadObjectId, activity: ACTIVITY });
      const body = await chat.press(user, verb, KNOCKS[verb].data(setting), {
        trigger: verb === 'refreshPrompt' ? 'automatic' : 'manual',
      });
      matrix.push({ who: user.name, opens: !KNOCKS[verb].refused(body), door });
    }
    expect(matrix.map((m) => ({ who: m.who, opens: m.opens }))).toEqual(
      matrix.map((m) => ({ who: m.who, opens: m.door })),
    );
    // Each door is really tried both ways where the table says it can be: someone is let in.
    expect(matrix.some((m) => m.door)).toBe(true);
  });

  it('every command the bot routes has a row in the table and a knock in the matrix', () => {
    expect(COMMANDS.map((c) => `/${c.name}`).sort()).toEqual(Object.keys(COMMAND_DOORS).sort());
    expect(Object.keys(COMMAND_KNOCKS).sort()).toEqual(Object.keys(COMMAND_DOORS).sort());
  });

  it.each(Object.keys(COMMAND_DOORS) as Command[])('%s opens exactly for those its door lets in', async (command) => {
    const knock = COMMAND_KNOCKS[command];
    const matrix = [];
    for (const user of PEOPLE) {
      const door = opens(COMMAND_DOORS[command], {
        deployment,
        plan,
        userId: user.aadObjectId,
        ...(knock.about?.activity ? { activity: ACTIVITY } : {}),
        ...(knock.about?.subject ? { subjectUserId: knock.about.subject.aadObjectId } : {}),
      });
      const [first] = await chat.say(user, knock.text, door ? (knock.sends ?? 1) : 1);
      matrix.push({ who: user.name, opens: !knock.refused(first!.body.text ?? ''), door });
    }
    expect(matrix.map((m) => ({ who: m.who, opens: m.opens }))).toEqual(
      matrix.map((m) => ({ who: m.who, opens: m.door })),
    );
  });
});
