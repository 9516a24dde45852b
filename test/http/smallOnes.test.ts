import { personalKey } from '../../src/app/conversations';
import { LocalConnector, cardText } from '../support/connector';
import type { TestBot } from '../support/bot';
import { useBotFixture } from '../support/fixture';
import { Chat } from '../support/conversation';
import { USERS, messageActivity, postActivity } from '../support/teams';

const PLAN = 'ha-familjehem';

describe('small ones', () => {
  const fixture = useBotFixture({ per: 'test' });
  let connector: LocalConnector;
  let bot: TestBot;
  let chat: Chat;
  beforeEach(() => ({ bot, chat, connector } = fixture));

  const submit = (inputs: Record<string, unknown>, promptId = 'kort-1') =>
    chat.press(USERS.karin, 'submitStatus', { activityId: '2a', promptId, ...inputs });

  it('on one card, submitting A, then B, then A again leaves A current, with all three in the history', async () => {
    const A = { status: 'pågår', comment: 'Arbetet går enligt plan' };
    const B = { status: 'risk', comment: 'Sjukfrånvaro' };
    for (const inputs of [A, B, A]) {
      bot.clock.advance(60_000);
      expect(cardText((await submit(inputs)).value)).toContain('Tack! Statusen är sparad');
    }
    const current = await bot.store.states.activityState(PLAN, '2a');
    expect(current?.value.status).toBe('pågår');
    expect((await bot.store.answers.answerHistory(PLAN, '2a')).map((a) => a.status).sort()).toEqual([
      'pågår',
      'pågår',
      'risk',
    ]);
  });

  it('the same values sent again right away are a retry: stored once', async () => {
    const A = { status: 'pågår', comment: 'Arbetet går enligt plan' };
    await submit(A);
    bot.clock.advance(1000);
    expect(cardText((await submit(A)).value)).toContain('Svaret var redan sparat');
    expect(await bot.store.answers.answerHistory(PLAN, '2a')).toHaveLength(1);
  });

  it.each(['\u200b', '\u3164', '\u2800', ' \u200b\u3164\u2800\u00ad '])(
    'a required comment of only invisible characters (%j) counts as empty',
    async (comment) => {
      const body = await submit({ status: 'risk', comment });
      expect(cardText(body.value)).toContain('Skriv en kommentar om varför statusen är ”risk för försening”.');
      expect(await bot.store.answers.allAnswers(PLAN)).toEqual([]);
    },
  );

  it.each(['0x10', '0b1', '0o7', ' ', '1e-400', '1e2', 'Infinity', 'NaN', '+5', '5 %', '١٠'])(
    'an indicator of %j is not a plain decimal number and is refused',
    async (value) => {
      const body = await submit({ status: 'pågår', 'indicator_2a-i1': value });
      expect(cardText(body.value)).toContain('ange ett tal mellan 0 och 100 %');
      expect(await bot.store.answers.allAnswers(PLAN)).toEqual([]);
    },
  );

  it.each([
    ['75', 75],
    ['75,5', 75.5],
    ['0.25', 0.25],
  ])('an indicator of %j is saved as %d', async (value, saved) => {
    await submit({ status: 'pågår', 'indicator_2a-i1': value });
    expect((await bot.store.answers.allAnswers(PLAN))[0]?.indicators).toEqual({ '2a-i1': saved });
  });

  it('text limits count characters as a person does: 1,000 emoji is 1,000, 1,001 is too many', async () => {
    const family = '👨‍👩‍👧‍👦';
    expect(cardText((await submit({ status: 'pågår', comment: family.repeat(1000) })).value)).toContain(
      'Tack! Statusen är sparad',
    );
    const tooLong = await submit({ status: 'pågår', comment: family.repeat(1001) }, 'kort-2');
    expect(cardText(tooLong.value)).toContain('Kommentar får vara högst 1000 tecken (nu 1001).');
  });

  it('an activity without a type gets 400, and nothing is processed', async () => {
    const { type: _type, ...untyped } = messageActivity(connector.url, USERS.karin, '/status');
    const res = await postActivity(bot.url, untyped);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toMatch(/zod|Error|at /);
    expect(connector.sent).toEqual([]);
  });

  it('an activity without a serviceUrl gets 400 before any turn starts, so nothing waits on a connector', async () => {
    const { serviceUrl: _url, ...nowhere } = messageActivity(connector.url, USERS.karin, '/status') as Record<
      string,
      unknown
    >;
    const res = await postActivity(bot.url, nowhere);
    expect(res.status).toBe(400);
    expect(await bot.store.conversations.conversation(personalKey(USERS.karin.aadObjectId))).toBeUndefined();
  });

  it('a body that is not an activity at all gets 400', async () => {
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[1,2,3]',
    });
    expect(res.status).toBe(400);
  });
});
