import { LocalConnector, cardText, sentCard } from '../support/connector';
import { startTestBot, type TestBot } from '../support/bot';
import { Chat } from '../support/conversation';
import { USERS, installationUpdate, postActivity } from '../support/teams';
import { retryAfterMs } from '../../src/teams/delivery/failures';

const CHANNEL = { kind: 'channel' as const, teamId: 'team-id', channelId: 'team-id' };

describe('delivery to Teams', () => {
  let connector: LocalConnector;
  let bot: TestBot;

  beforeEach(async () => {
    connector = await new LocalConnector().start();
    bot = await startTestBot({ now: '2026-11-30T08:30:00+01:00' });
    for (const user of [USERS.karin, USERS.johan])
      await postActivity(bot.url, installationUpdate(connector.url, user, 'add'));
    await new Chat(bot, connector).say(USERS.maria, '/koppla', 1, CHANNEL);
    await bot.scheduler.tick();
    connector.clear();
  });
  afterEach(async () => {
    await bot.dispose();
    await connector.stop();
  });

  it('when Teams answers 429 with Retry-After, everything is delivered once and the waits are honoured', async () => {
    // Four refusals: every retry is the bot's own (the connector client's are switched off), and
    // it retries a throttled message four times.
    let refused = 0;
    connector.responder = (req) => {
      if (!req.url?.includes('personal-user-id-0') || refused >= 4) return undefined;
      refused += 1;
      return { status: 429, headers: { 'retry-after': '1' } };
    };
    bot.clock.set('2026-11-30T09:00:30+01:00');
    await bot.scheduler.tick();

    expect(connector.cardsByConversation().get('a:personal-user-id-0')).toBe(3);
    expect(connector.cardsByConversation().get('a:personal-user-id-1')).toBe(2);
    const karin = connector.requests.filter((r) => r.conversationId === 'a:personal-user-id-0');
    expect(karin.map((r) => r.status)).toEqual([429, 429, 429, 429, 200, 200, 200]);
    for (let i = 1; i <= 4; i++) expect(karin[i]!.at - karin[i - 1]!.at).toBeGreaterThanOrEqual(990);
    const sends = await bot.store.schedule.sends('ha-familjehem', 'prompt:2026-11-30:');
    expect(sends.map((s) => s.outcome)).toEqual(['sent', 'sent']);
  }, 30_000);

  it('an owner who blocked the bot (403) is recorded once, not retried, and shown in the summary as unreachable', async () => {
    connector.responder = (req) => (req.url?.includes('personal-user-id-1') ? { status: 403 } : undefined);
    bot.clock.set('2026-11-30T09:00:30+01:00');
    await bot.scheduler.tick();

    expect(connector.requests.filter((r) => r.conversationId === 'a:personal-user-id-1')).toHaveLength(1);
    const johan = (await bot.store.schedule.sends('ha-familjehem', 'prompt:2026-11-30:')).find(
      (s) => s.recipient === USERS.johan.aadObjectId,
    );
    expect(johan).toMatchObject({ outcome: 'unreachable', status: 403 });

    bot.clock.set('2026-12-07T08:00:30+01:00');
    await bot.scheduler.tick();
    const summary = connector.sent.filter((s) => s.conversationId === 'team-id').pop()!;
    const text = cardText(sentCard(summary));
    expect(text).toContain('Kunde inte nås');
    expect(text).toContain('Johan Ek');
    // Whatever was tried for him since (the reminder too), Teams accepted nothing.
    expect(
      connector.requests.filter((r) => r.conversationId === 'a:personal-user-id-1' && r.status === 200),
    ).toHaveLength(0);
  });

  it('a prompt whose connection drops after Teams may have accepted it is recorded as of unknown fate and summarised as "kan ha nått fram", not "kunde inte nås"', async () => {
    connector.fault = (id) => (id === 'a:personal-user-id-1' ? 'dropAfterAccept' : undefined);
    bot.clock.set('2026-11-30T09:00:30+01:00');
    for (let i = 0; i < 4; i++) {
      await bot.scheduler.tick();
      bot.clock.advance(60_000);
    }
    const johan = (await bot.store.schedule.sends('ha-familjehem', 'prompt:2026-11-30:')).find(
      (s) => s.recipient === USERS.johan.aadObjectId,
    );
    expect(johan).toMatchObject({ outcome: 'unreachable', reason: 'uncertain' });

    connector.fault = undefined;
    bot.clock.set('2026-12-07T08:00:30+01:00');
    await bot.scheduler.tick();
    const summary = connector.sent.filter((s) => s.conversationId === 'team-id').pop()!;
    const text = cardText(sentCard(summary));
    expect(text).toContain('Kan ha nått fram\nJohan Ek: kan ha nått fram');
    expect(text).toContain('Kunde inte nås\nAlla statuskort kom fram.');
  }, 30_000);

  it('an owner still being retried after 429s is shown as in progress in the summary, not as unreachable', async () => {
    let throttled = true;
    connector.responder = (req) =>
      throttled && req.url?.includes('personal-user-id-0')
        ? { status: 429, headers: { 'retry-after': '0' } }
        : undefined;
    bot.clock.set('2026-11-30T09:00:30+01:00');
    await bot.scheduler.tick(); // Karin's prompts fail after every retry of this attempt
    bot.clock.set('2026-12-07T08:00:30+01:00');
    await bot.scheduler.tick(); // a second attempt fails too; the summary is due in the same tick

    const summary = connector.sent.filter((s) => s.conversationId === 'team-id').pop()!;
    const text = cardText(sentCard(summary));
    expect(text).toContain('Kunde inte nås\nAlla statuskort kom fram.');
    expect(text).toContain('Utskick pågår (försöks igen)\nKarin Lind');

    throttled = false;
    bot.clock.advance(60_000);
    await bot.scheduler.tick();
    // Her prompts arrive once each (the catch-up reminder that follows is another message).
    const prompts = connector.sent.filter(
      (s) => s.conversationId === 'a:personal-user-id-0' && cardText(sentCard(s)).startsWith('Statusuppdatering'),
    );
    expect(prompts).toHaveLength(3);
    const karin = await bot.store.schedule.send('ha-familjehem', 'prompt:2026-11-30:enhetschef-familjehemsenheten');
    expect(karin).toMatchObject({ outcome: 'sent', attempts: 3 });
  }, 30_000);

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const withHeader = (value: string) => ({
      response: { headers: { get: (n: string) => (n === 'retry-after' ? value : undefined) } },
    });
    expect(retryAfterMs(withHeader('2'))).toBe(2000);
    expect(retryAfterMs(withHeader('Mon, 30 Nov 2026 08:00:05 GMT'), Date.parse('2026-11-30T08:00:00Z'))).toBe(5000);
    expect(retryAfterMs({})).toBeUndefined();
  });
});
