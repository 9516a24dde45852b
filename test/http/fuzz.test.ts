import { LocalConnector } from '../support/connector';
import type { TestBot } from '../support/bot';
import { describeEachStore, useBotFixture } from '../support/fixture';
import { USERS, cardAction, postActivity } from '../support/teams';

/** A small seeded generator, so a failing payload can be reproduced. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SAMPLES: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1e308,
  NaN,
  true,
  '',
  ' ',
  'klar',
  '2a',
  '19121212-1212',
  '<script>alert(1)</script>',
  "'; DROP TABLE answers; --",
  'x'.repeat(30_000),
  '\u0000\uffff',
  [],
  ['2a-m1', 5],
  {},
  { $where: '1' },
  { __proto__: { admin: true } },
  'https://exempel.se',
  'javascript:alert(1)',
];

/**
 * Malformed Action.Execute payloads of every shape: wrong envelopes, unknown verbs, and our own
 * verbs with fields missing, of the wrong type, out of range or absurdly large.
 */
function payload(rand: () => number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const field = () => pick(SAMPLES);
  switch (Math.floor(rand() * 6)) {
    case 0:
      return field();
    case 1:
      return { action: field() };
    case 2:
      return { action: { type: pick(['Action.Submit', 'Action.Execute', field()]), verb: field(), data: field() } };
    case 3: {
      const data: Record<string, unknown> = {
        activityId: pick(['2a', '9z', 'rek2', field()]),
        promptId: pick(['p-1', field()]),
        status: pick(['klar', 'okänd', field()]),
      };
      for (const key of ['comment', 'nextStep', 'milestones', 'evidenceUrl', 'indicator_2a-i1', 'indicator_x']) {
        if (rand() < 0.5) data[key] = field();
      }
      // Always broken somewhere: a non-owner, a bad field or a missing key.
      if (rand() < 0.5) delete data.promptId;
      else data.comment = pick(['19121212-1212', 'x'.repeat(30_000), 42, ['a']]);
      return { action: { type: 'Action.Execute', verb: 'submitStatus', data } };
    }
    case 4:
      return { action: { type: 'Action.Execute', verb: pick(['showStatus', 'correctStatus']), data: field() } };
    default:
      return { action: { type: 'Action.Execute', verb: `verb-${Math.floor(rand() * 1000)}`, data: {} } };
  }
}

describeEachStore('fuzzing card actions', (backend) => {
  const fixture = useBotFixture({ backend });
  let connector: LocalConnector;
  let bot: TestBot;
  beforeEach(() => ({ bot, connector } = fixture));

  it('1,000 malformed payloads are each answered, the process stays up and nothing is stored', async () => {
    const rand = mulberry32(20261128);
    const users = [USERS.karin, USERS.erik, USERS.anders];
    for (let i = 0; i < 1000; i++) {
      const activity = cardAction(connector.url, users[i % users.length]!, 'x', undefined);
      activity.value = payload(rand) as typeof activity.value;
      const res = await postActivity(bot.url, activity);
      if (res.status !== 200 || !res.body) {
        throw new Error(`payload ${i} got ${res.status}: ${JSON.stringify(activity.value).slice(0, 300)}`);
      }
    }
    expect(await bot.store.answers.allAnswers('ha-familjehem')).toEqual([]);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    // 1,000 round trips over HTTP: about 10 s alone, several times that on a busy 2-core machine.
  }, 120_000);
});
