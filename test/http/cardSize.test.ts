import { LocalConnector, cardText, sentCard } from '../support/connector';
import { startTestBot, type TestBot } from '../support/bot';
import { Chat } from '../support/conversation';
import { MESSAGE_LIMIT_BYTES, teamsBytes } from '../../src/teams/cards/budget';
import { syntheticDeployment } from '../support/synthetic';

const ADMIN = { id: 'user-admin', aadObjectId: 'admin', name: 'Admin' };
const CHANNEL = { kind: 'channel' as const, teamId: 'team-id', channelId: '19:uppfoljning@thread.tacv2' };

describe('card size: Teams refuses a message over 40 KB', () => {
  let connector: LocalConnector;

  beforeAll(async () => {
    connector = await new LocalConnector().start();
  });
  afterAll(async () => {
    await connector.stop();
  });

  it('when a message over 40 KB reaches the connector stand-in, it answers 413 MessageSizeTooBig and keeps nothing', async () => {
    const body = { type: 'message', text: 'x'.repeat(MESSAGE_LIMIT_BYTES / 2) };
    const res = await fetch(`${connector.url}v3/conversations/a%3Aen-chatt/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: 'MessageSizeTooBig', message: 'Message size too large.' } });
    expect(connector.sent).toHaveLength(0);
    expect(connector.tooLarge).toEqual([{ conversationId: 'a:en-chatt', bytes: teamsBytes(body) }]);
  });
});

describe('a plan of 300 activities over the real HTTP endpoint', () => {
  let connector: LocalConnector;
  let bot: TestBot;
  let chat: Chat;

  beforeAll(async () => {
    connector = await new LocalConnector().start();
    bot = await startTestBot({
      now: '2026-11-30T07:30:00+01:00',
      env: { DEPLOYMENT_FILE: syntheticDeployment(300) },
    });
    chat = new Chat(bot, connector);
    await chat.say(ADMIN, '/koppla', 1, CHANNEL);
    await bot.scheduler.tick();
    connector.clear();
  });
  afterAll(async () => {
    await bot?.dispose();
    await connector?.stop();
  });

  it('the weekly summary is posted as a head card and one reply per recommendation in its thread, none refused', async () => {
    bot.clock.set('2026-11-30T08:00:30+01:00');
    await bot.scheduler.tick();

    expect(connector.tooLarge).toEqual([]);
    const cards = connector.sent.filter((s) => s.body.attachments?.length);
    expect(cards.length).toBe(1 + 9);
    const [head, ...thread] = cards;
    expect(head!.conversationId).toBe(CHANNEL.channelId);
    expect(cardText(sentCard(head!))).toContain('Aktiviteterna följer i ett kort per rekommendation.');
    for (const reply of thread) expect(reply.conversationId).toBe(`${CHANNEL.channelId};messageid=${head!.activityId}`);
    // 34 activities a recommendation: each reply has room for all of its activities.
    const rek4 = cardText(sentCard(thread[3]!));
    expect(rek4).toContain('4a Enhet 102: ');
    expect(rek4).toContain('4ah Enhet 135: ');
    expect(rek4).not.toContain('… och');
    expect((await bot.store.schedule.sends('syntetisk', 'summary:'))[0]).toMatchObject({ outcome: 'sent' });
  });

  it('a split summary cut off halfway is finished on the next tick: the rest only, no card twice', async () => {
    connector.clear();
    bot.clock.set('2026-12-07T08:00:30+01:00');
    let cardsAccepted = 0;
    connector.responder = (req) => {
      if (req.method !== 'POST') return undefined;
      cardsAccepted += 1;
      return cardsAccepted > 4 ? { status: 503, headers: { 'Retry-After': '0' } } : undefined;
    };
    await bot.scheduler.tick();
    const firstAttempt = connector.sent.filter((s) => s.body.attachments?.length).length;
    expect(firstAttempt).toBe(4);
    expect((await bot.store.schedule.sends('syntetisk', 'summary:2026-12-07'))[0]).toMatchObject({
      outcome: 'failed',
      delivered: 4,
    });

    connector.responder = undefined;
    bot.clock.set('2026-12-07T08:01:30+01:00');
    await bot.scheduler.tick();
    const cards = connector.sent.filter((s) => s.body.attachments?.length).map((s) => cardText(sentCard(s)));
    expect(cards).toHaveLength(1 + 9);
    expect(cards.filter((c) => c.includes('Aktiviteterna följer i ett kort per rekommendation.'))).toHaveLength(1);
    expect(new Set(cards).size).toBe(cards.length);
    expect((await bot.store.schedule.sends('syntetisk', 'summary:2026-12-07'))[0]).toMatchObject({ outcome: 'sent' });
  });

  it('/status rek4 lists the first activities and counts the rest, within the card budget', async () => {
    const text = await chat.cardFor(ADMIN, '/status rek4');
    expect(text).toMatch(/… och \d+ till: \/status 4[a-z]+ \(eller en annan aktivitets id\)/);
    expect(connector.tooLarge).toEqual([]);
  });
});
