import { LocalConnector, cardText, sentCard, type SentActivity } from '../support/connector';
import { BACKEND_NAMES, startTestBot, stopLocalCosmos, storeFor, type TestBot } from '../support/bot';
import { Chat, promptSubmission } from '../support/conversation';
import { USERS, installationUpdate, postActivity } from '../support/teams';

/**
 * deployments/local-two-plans.json: the seed's plan (ha-familjehem: prompts every second Monday
 * 09:00, summary Mondays 08:00) and an example of the next audit's plan (exempel-handlaggning:
 * prompts every Tuesday 10:00, summary Tuesdays 08:00). Karin owns activities in both, Johan only
 * in the first, Erik only in the second; both plans have activities called 1a, 1b and 2a.
 */
const DEPLOYMENT = 'deployments/local-two-plans.json';
const A = 'ha-familjehem';
const B = 'exempel-handlaggning';
const CHANNEL_A = { kind: 'channel' as const, teamId: 'team-id', channelId: '19:familjehem@thread.tacv2' };
const CHANNEL_B = { kind: 'channel' as const, teamId: 'team-id', channelId: '19:handlaggning@thread.tacv2' };

const cards = (sent: SentActivity[]) => sent.filter((s) => s.body.attachments?.length);
const planIdsOn = (card: Record<string, unknown>): string[] =>
  [...JSON.stringify(card).matchAll(/"planId":"([^"]+)"/g)].map((m) => m[1]!);

describe.each(BACKEND_NAMES)('two plans in one deployment (%s store)', (backend) => {
  let connector: LocalConnector;
  let bot: TestBot;
  let chat: Chat;

  beforeAll(async () => {
    connector = await new LocalConnector().start();
    bot = await startTestBot({
      storeSettings: await storeFor(backend),
      now: '2026-11-28T10:00:00+01:00',
      env: { DEPLOYMENT_FILE: DEPLOYMENT },
    });
    chat = new Chat(bot, connector);
    for (const user of [USERS.karin, USERS.johan, USERS.erik])
      await postActivity(bot.url, installationUpdate(connector.url, user, 'add'));
    connector.clear();
  });
  afterAll(async () => {
    await bot?.dispose();
    await connector?.stop();
    await stopLocalCosmos();
  });

  it('/status by a person in one plan answers as today, with the plan named on the card', async () => {
    const johan = await chat.cardFor(USERS.johan, '/status');
    expect(johan).toContain('Plan: Åtgärdsplan');
    expect(johan).toContain('Rek 3');
    const erik = await chat.cardFor(USERS.erik, '/status rek2');
    expect(erik).toContain('Plan: Exempel: handläggningstider i barn och unga');
    expect(erik).toContain('Mall för uppföljningsbesök');
  });

  it('/status by a person in both plans offers the choice; a choice opens that plan, and /status <plan> rek2 picks it directly', async () => {
    const [sent] = await chat.say(USERS.karin, '/status rek2');
    const choice = sentCard(sent!);
    expect(cardText(choice)).toContain('Vilken plan?');
    const buttons = choice.actions as Array<{ verb: string; title: string; data: Record<string, unknown> }>;
    expect(buttons.map((b) => b.data)).toEqual([
      { target: 'rek2', planId: A },
      { target: 'rek2', planId: B },
    ]);

    const chosen = await chat.press(USERS.karin, 'showStatus', buttons[1]!.data);
    expect(chosen.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(chosen.value)).toContain('Rek 2: Uppföljningen av placerade barn dokumenteras');

    const direct = await chat.cardFor(USERS.karin, `/status ${A} rek2`);
    expect(direct).toContain('Plan: Åtgärdsplan');
    expect(direct).not.toContain('Mall för uppföljningsbesök');
  });

  it('other commands ask which plan in words, and take the plan after the command word', async () => {
    const [which] = await chat.say(USERS.karin, '/uppdatera');
    expect(which!.body.text).toBe(
      `Här följs flera åtgärdsplaner upp: ${A} och ${B}. Skriv planens namn efter kommandot, t.ex. /uppdatera ${A}.`,
    );
    const mine = cards(await chat.say(USERS.karin, `/uppdatera ${B}`, 2));
    expect(mine.map((s) => planIdsOn(sentCard(s))[0])).toEqual([B, B]);
  });

  it('/koppla <plan> links a channel to that plan; /status there needs no plan name', async () => {
    const [linkedB] = await chat.say(USERS.maria, `/koppla ${B}`, 1, CHANNEL_B);
    expect(linkedB!.body.text).toContain('Kanalen är kopplad');
    await chat.say(USERS.maria, `/koppla ${A}`, 1, CHANNEL_A);
    expect((await bot.store.schedule.channelLink(B))?.conversationKey).toBe(`channel:${CHANNEL_B.channelId}`);
    expect((await bot.store.schedule.channelLink(A))?.conversationKey).toBe(`channel:${CHANNEL_A.channelId}`);

    expect(await chat.cardFor(USERS.karin, '/status', CHANNEL_B)).toContain('Plan: Exempel');
    expect(await chat.cardFor(USERS.karin, '/status', CHANNEL_A)).toContain('Plan: Åtgärdsplan');
  });

  it('a channel follows one plan: linking another plan there ends the first link, and /status follows', async () => {
    await chat.say(USERS.maria, `/koppla ${A}`, 1, CHANNEL_B);
    await chat.say(USERS.maria, `/koppla ${B}`, 1, CHANNEL_B);
    expect(await bot.store.schedule.channelLink(A)).toBeUndefined();
    expect((await bot.store.schedule.channelLink(B))?.conversationKey).toBe(`channel:${CHANNEL_B.channelId}`);
    expect(await chat.cardFor(USERS.karin, '/status', CHANNEL_B)).toContain('Plan: Exempel');

    await chat.say(USERS.maria, `/koppla ${A}`, 1, CHANNEL_B);
    expect(await bot.store.schedule.channelLink(B)).toBeUndefined();
    expect(await chat.cardFor(USERS.karin, '/status', CHANNEL_B)).toContain('Plan: Åtgärdsplan');

    // Back as the tests after this one expect: A in its channel, B in its own.
    await chat.say(USERS.maria, `/koppla ${A}`, 1, CHANNEL_A);
    await chat.say(USERS.maria, `/koppla ${B}`, 1, CHANNEL_B);
    expect((await bot.store.schedule.channelLink(A))?.conversationKey).toBe(`channel:${CHANNEL_A.channelId}`);
  });

  it('the assessment and the report work per plan: /bedömning <plan> rek1 and /rapport <plan>', async () => {
    const [assessment] = await chat.say(USERS.maria, `/bedömning ${B} rek1`);
    const card = sentCard(assessment!);
    expect(cardText(card)).toContain('Utredningar avslutas inom lagstadgad tid');
    expect(new Set(planIdsOn(card))).toEqual(new Set([B]));

    const [report] = await chat.say(USERS.anders, `/rapport ${A}`);
    expect(cardText(sentCard(report!))).toContain('Plan: Åtgärdsplan');
    expect(new Set(planIdsOn(sentCard(report!)))).toEqual(new Set([A]));
  });

  it('the schedules run side by side: each plan prompts its owners on its own days, Karin per plan, with no crosstalk', async () => {
    await bot.scheduler.tick();
    connector.clear();
    const karin = 'a:personal-user-id-0';

    // Monday 30 November: plan A's summary at 08:00 and prompts at 09:00; plan B has nothing on Mondays.
    bot.clock.set('2026-11-30T09:00:30+01:00');
    await bot.scheduler.tick();
    const monday = cards(connector.sent);
    expect(monday.filter((s) => s.conversationId === karin).map((s) => planIdsOn(sentCard(s))[0])).toEqual([A, A, A]);
    expect(monday.filter((s) => s.conversationId === 'a:personal-user-id-5')).toHaveLength(0);
    expect(monday.filter((s) => s.conversationId.startsWith(CHANNEL_A.channelId))).toHaveLength(1);
    expect(monday.filter((s) => s.conversationId.startsWith(CHANNEL_B.channelId))).toHaveLength(0);

    // Karin answers 2a in plan A; plan B's 2a stays unanswered.
    const a2a = monday.map((s) => sentCard(s)).find((c) => cardText(c).includes('Statusuppdatering 2a'))!;
    const saved = await chat.press(USERS.karin, 'submitStatus', promptSubmission(a2a, { status: 'pågår' }));
    expect(cardText(saved.value)).toContain('Statusen är sparad');
    expect((await bot.store.states.activityState(A, '2a'))?.value.status).toBe('pågår');
    expect(await bot.store.states.activityState(B, '2a')).toBeUndefined();

    // Tuesday 1 December: plan B's summary at 08:00 and prompts at 10:00.
    connector.clear();
    bot.clock.set('2026-12-01T10:00:30+01:00');
    await bot.scheduler.tick();
    const tuesday = cards(connector.sent);
    expect(tuesday.filter((s) => s.conversationId === karin).map((s) => planIdsOn(sentCard(s))[0])).toEqual([B, B]);
    expect(
      tuesday.filter((s) => s.conversationId === 'a:personal-user-id-5').map((s) => planIdsOn(sentCard(s))[0]),
    ).toEqual([B]);
    expect(tuesday.filter((s) => s.conversationId === 'a:personal-user-id-1')).toHaveLength(0);
    const summaryB = tuesday.filter((s) => s.conversationId.startsWith(CHANNEL_B.channelId));
    expect(summaryB).toHaveLength(1);
    expect(cardText(sentCard(summaryB[0]!))).toContain('Utredningar avslutas inom lagstadgad tid');

    // Each plan's send records are its own: its days, its owners, its greeting of each.
    const keysOf = async (plan: string) =>
      (await bot.store.schedule.sends(plan, '')).map((s) => s.key.replace(/0{8}-0{4}-0{4}-0{4}-0{11}/, '')).sort();
    expect(await keysOf(A)).toEqual([
      // Send keys are per owner role (issue 10: an absence routes to the deputy under the same key).
      'prompt:2026-11-30:enhetschef-barnenheten',
      'prompt:2026-11-30:enhetschef-familjehemsenheten',
      'summary:2026-11-30',
      'welcome:20',
      'welcome:21',
    ]);
    expect(await keysOf(B)).toEqual([
      'prompt:2026-12-01:enhetschef-familjehemsenheten',
      'prompt:2026-12-01:enhetschef-mottagningen',
      'summary:2026-12-01',
      'welcome:20',
      'welcome:25',
    ]);
    // And so are its cursors: the last slot each plan's jobs handled.
    expect((await bot.store.schedule.jobCursor(A, 'prompts'))?.value.lastDueAt).toBe('2026-11-30T08:00:00.000Z');
    expect((await bot.store.schedule.jobCursor(B, 'prompts'))?.value.lastDueAt).toBe('2026-12-01T09:00:00.000Z');
    expect((await bot.store.schedule.jobCursor(A, 'summary'))?.value.lastDueAt).toBe('2026-11-30T07:00:00.000Z');
    expect((await bot.store.schedule.jobCursor(B, 'summary'))?.value.lastDueAt).toBe('2026-12-01T07:00:00.000Z');
  });
});
