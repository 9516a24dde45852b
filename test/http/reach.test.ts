import { LocalConnector, cardText, sentCard, type RosterMember } from '../support/connector';
import { BACKEND_NAMES, startTestBot, stopLocalCosmos, storeFor, type TestBot } from '../support/bot';
import { Chat } from '../support/conversation';
import { BOT, TENANT, USERS, installationUpdate, postActivity, type TestUser } from '../support/teams';

const PLAN = 'ha-familjehem';
const TEAM = { id: '19:enheterna@thread.tacv2', name: 'IFO Enheterna' };
const CHANNEL = { kind: 'channel' as const, teamId: TEAM.id, channelId: TEAM.id };
const BEFORE_SLOT = '2026-11-30T08:30:00+01:00';
const AT_SLOT = '2026-11-30T09:00:30+01:00';

/** How Teams lists a person in a team's roster. */
const member = (user: TestUser): RosterMember => ({
  id: `29:${user.id}`,
  aadObjectId: user.aadObjectId,
  name: user.name,
  tenantId: TENANT,
});
/** Someone in the team the deployment does not name. */
const stranger = (n: number): RosterMember => ({
  id: `29:stranger-${n}`,
  aadObjectId: `ffffffff-0000-0000-0000-00000000000${n}`,
  name: `Kollega ${n}`,
});

/** A conversationUpdate in the team, as Teams sends it when members (or the bot) come or go. */
function teamUpdate(
  serviceUrl: string,
  change: { membersAdded?: Array<{ id: string }>; membersRemoved?: Array<{ id: string }> },
) {
  return {
    ...installationUpdate(serviceUrl, USERS.anders, 'add', CHANNEL),
    type: 'conversationUpdate',
    action: undefined,
    channelData: {
      tenant: { id: TENANT },
      team: { id: TEAM.id, name: TEAM.name },
      eventType: change.membersRemoved ? 'teamMemberRemoved' : 'teamMemberAdded',
    },
    ...change,
  };
}

describe.each(BACKEND_NAMES)('reaching people who never wrote to the bot (%s store)', (backend) => {
  let connector: LocalConnector;
  let bot: TestBot;
  let chat: Chat;

  beforeEach(async () => {
    connector = await new LocalConnector().start();
    bot = await startTestBot({ now: BEFORE_SLOT, storeSettings: await storeFor(backend) });
    chat = new Chat(bot, connector);
    await bot.scheduler.tick(); // the schedule starts counting from here
  });
  afterEach(async () => {
    await bot.dispose();
    await connector.stop();
  });
  afterAll(() => stopLocalCosmos());

  const addBotToTeam = async (roster: RosterMember[]) => {
    connector.rosters.set(TEAM.id, roster);
    const res = await postActivity(bot.url, teamUpdate(connector.url, { membersAdded: [{ id: BOT.id }] }));
    expect(res.status).toBe(200);
  };
  /** Messages (text or card) posted to a conversation, in order. */
  const postedTo = (conversationId: string) =>
    connector.sent.filter((s) => s.conversationId === conversationId && s.body.type === 'message');
  const createdFor = (user: TestUser) => `a:created-29:${user.id}`;
  /** /utskick by the administrator: the report they get back (the prompts to others go out first). */
  const dispatch = (): Promise<string> => new Chat(bot, connector).dispatch(USERS.anders);

  it('added to a team, the bot reads the roster page by page, and on Monday 09:00 owners who never wrote get a greeting and their prompts', async () => {
    await addBotToTeam([stranger(1), member(USERS.karin), stranger(2), member(USERS.johan), member(USERS.anders)]);
    // Five members at the stand-in's two a page: three pages, following the continuation token.
    expect(connector.rosterPages.map((p) => p.continuationToken)).toEqual([undefined, '2', '4']);
    expect(connector.rosterPages[0]!.pageSize).toBe(500);
    const entries = await bot.store.roster.entriesOf(PLAN, USERS.karin.aadObjectId);
    expect(entries).toMatchObject([{ teamId: TEAM.id, memberId: '29:user-id-0', present: true }]);
    expect(await bot.store.roster.entriesOf(PLAN, USERS.erik.aadObjectId)).toEqual([]);

    bot.clock.set(AT_SLOT);
    await bot.scheduler.tick();

    // One 1:1 conversation created per owner, with the member's id and the tenant, as Teams requires.
    expect(connector.created.map((c) => c.memberId).sort()).toEqual(['29:user-id-0', '29:user-id-1']);
    for (const c of connector.created) {
      expect(c.body).toMatchObject({
        isGroup: false,
        bot: { id: BOT.id },
        tenantId: TENANT,
        channelData: { tenant: { id: TENANT } },
      });
    }
    const karin = postedTo(createdFor(USERS.karin));
    expect(karin[0]!.body.text).toBe(
      'Hej Karin! Jag följer upp åtgärdsplanen för familjehemsplaceringar. Du är ansvarig för 1b, 2a och 3b. ' +
        'Jag skickar statuskort här, nästa gång 14 december 2026 kl. 09:00. Skriv /uppdatera för att svara nu eller /hjälp för mer.',
    );
    expect(karin.slice(1).map((s) => cardText(sentCard(s)).split('\n')[0])).toHaveLength(3);
    expect(connector.cardsByConversation().get(createdFor(USERS.karin))).toBe(3);
    expect(connector.cardsByConversation().get(createdFor(USERS.johan))).toBe(2);
    const sends = await bot.store.schedule.sends(PLAN, 'prompt:2026-11-30:');
    expect(sends.map((s) => s.outcome)).toEqual(['sent', 'sent']);
    // The administrator in the team owns nothing and is not prompted; nobody outside the deployment is touched.
    expect(connector.created.some((c) => c.memberId.startsWith('29:stranger'))).toBe(false);
  });

  it('the greeting goes once per person: not again when the person later installs the app, nor on the next send', async () => {
    await addBotToTeam([member(USERS.karin), member(USERS.johan)]);
    bot.clock.set(AT_SLOT);
    await bot.scheduler.tick();
    const greetings = () => connector.sent.filter((s) => /^Hej Karin!/.test(s.body.text ?? ''));
    expect(greetings()).toHaveLength(1);

    // Karin opens the app herself: Teams sends the install with her own conversation.
    await postActivity(bot.url, installationUpdate(connector.url, USERS.karin, 'add'));
    await dispatch();
    expect(greetings()).toHaveLength(1);
  });

  it('someone who installed the app first is greeted then, and not again when the bot reaches them from the roster', async () => {
    await postActivity(bot.url, installationUpdate(connector.url, USERS.karin, 'add'));
    await addBotToTeam([member(USERS.karin), member(USERS.johan)]);
    bot.clock.set(AT_SLOT);
    await bot.scheduler.tick();
    expect(connector.sent.filter((s) => /^Hej /.test(s.body.text ?? '')).map((s) => s.conversationId)).toEqual([
      'a:personal-user-id-0',
      createdFor(USERS.johan),
    ]);
    // Karin's own chat is used; no new one is created for her.
    expect(connector.created.map((c) => c.memberId)).toEqual(['29:user-id-1']);
  });

  it('members added later are read again and reached; a member removed is no longer reached through the team', async () => {
    await addBotToTeam([member(USERS.karin)]);
    let report = await dispatch();
    expect(report).toContain('Statuskort skickade till 1 av 2 ansvariga');
    expect(report).toContain(
      `Kunde inte nås: Johan Ek: finns inte i något team där boten finns; lägg till personen i teamet ”${TEAM.name}”`,
    );

    connector.rosters.set(TEAM.id, [member(USERS.karin), member(USERS.johan)]);
    await postActivity(bot.url, teamUpdate(connector.url, { membersAdded: [{ id: member(USERS.johan).id }] }));
    expect((await bot.store.roster.entriesOf(PLAN, USERS.johan.aadObjectId))[0]).toMatchObject({ present: true });
    bot.clock.advance(60_000); // a new /utskick, not a retry of the first
    report = await dispatch();
    expect(report).toContain('Statuskort skickade till 2 av 2 ansvariga (5 kort)');
    expect(connector.cardsByConversation().get(createdFor(USERS.johan))).toBe(2);

    connector.rosters.set(TEAM.id, [member(USERS.johan)]);
    await postActivity(bot.url, teamUpdate(connector.url, { membersRemoved: [{ id: member(USERS.karin).id }] }));
    expect((await bot.store.roster.entriesOf(PLAN, USERS.karin.aadObjectId))[0]).toMatchObject({ present: false });
  });

  it('the daily pass reads every team again and finds who joined without the bot being told', async () => {
    await addBotToTeam([member(USERS.karin)]);
    connector.rosters.set(TEAM.id, [member(USERS.karin), member(USERS.johan)]);
    expect(await bot.rosters.readAll()).toEqual([{ teamId: TEAM.id, members: 2, found: 2 }]);
    expect((await bot.store.roster.entriesOf(PLAN, USERS.johan.aadObjectId))[0]).toMatchObject({ present: true });
  });

  it('removed from the team, the bot reaches nobody through it and says so', async () => {
    await addBotToTeam([member(USERS.karin), member(USERS.johan)]);
    await postActivity(bot.url, teamUpdate(connector.url, { membersRemoved: [{ id: BOT.id }] }));
    expect(await dispatch()).toContain('Statuskort skickade till 0 av 2 ansvariga');
    expect(connector.created).toHaveLength(0);
  });

  it('/koppla in a team reads its roster too', async () => {
    connector.rosters.set(TEAM.id, [member(USERS.johan)]);
    await chat.say(USERS.maria, '/koppla', 1, CHANNEL);
    expect((await bot.store.roster.entriesOf(PLAN, USERS.johan.aadObjectId))[0]).toMatchObject({ present: true });
  });

  it('an owner who blocked the bot is reported as blocked, with what to do, in /utskick, the summary and the admin view', async () => {
    await addBotToTeam([member(USERS.karin), member(USERS.johan)]);
    await chat.say(USERS.maria, '/koppla', 1, CHANNEL);
    connector.blocked.add(member(USERS.johan).id);
    bot.clock.set(AT_SLOT);
    await bot.scheduler.tick();
    const johan = (await bot.store.schedule.sends(PLAN, 'prompt:2026-11-30:')).find(
      (s) => s.recipient === USERS.johan.aadObjectId,
    );
    expect(johan).toMatchObject({ outcome: 'unreachable', status: 403, reason: 'blocked' });

    expect(await dispatch()).toContain(
      'Kunde inte nås: Johan Ek: har blockerat boten; be personen häva blockeringen i chatten med boten.',
    );
    const summary = cardText(sentCard((await chat.say(USERS.maria, '/sammanfattning', 1, CHANNEL))[0]!));
    expect(summary).toContain('Johan Ek: har blockerat boten');

    const [view] = await chat.say(USERS.anders, '/nåbarhet');
    expect(view!.body.text).toContain(`Boten finns i teamet ”${TEAM.name}”.`);
    expect(view!.body.text).toContain('✅ Karin Lind: nås i sin chatt med boten.');
    expect(view!.body.text).toContain('⚠️ Johan Ek: har blockerat boten');
    expect(view!.body.text).toContain('⚠️ Sara Berg: finns inte i något team där boten finns');
  });

  it('an owner who removed the app is not re-created a chat, and is reported as uninstalled', async () => {
    await addBotToTeam([member(USERS.karin), member(USERS.johan)]);
    await postActivity(bot.url, installationUpdate(connector.url, USERS.johan, 'add'));
    await postActivity(bot.url, installationUpdate(connector.url, USERS.johan, 'remove'));
    expect(await dispatch()).toContain(
      'Kunde inte nås: Johan Ek: har tagit bort appen; be personen öppna appen i Teams igen.',
    );
    expect(connector.created.map((c) => c.memberId)).toEqual(['29:user-id-0']);
  });

  it('a malformed team event or roster changes nothing and breaks nothing', async () => {
    connector.rosters.set(TEAM.id, [
      { id: 42, aadObjectId: USERS.karin.aadObjectId, name: 'x' } as any,
      { aadObjectId: USERS.johan.aadObjectId } as any,
    ]);
    const res = await postActivity(bot.url, {
      ...teamUpdate(connector.url, { membersAdded: [{ id: BOT.id }] }),
      channelData: { tenant: { id: TENANT }, team: { id: 42, name: ['x'] } },
    });
    expect(res.status).toBe(200);
    expect(await bot.store.roster.teams(PLAN)).toEqual([]);
    await addBotToTeam(connector.rosters.get(TEAM.id)!);
    expect(await bot.store.roster.entriesOf(PLAN, USERS.karin.aadObjectId)).toEqual([]);
    expect(await dispatch()).toContain('Statuskort skickade till 0 av 2 ansvariga');
  });

  it('the admin view is for administrators only', async () => {
    const [reply] = await chat.say(USERS.karin, '/nåbarhet');
    expect(reply!.body.text).toBe('Bara administratörer kan se hur boten når varje person.');
  });

  it('the roster re-read during a fan-out changes nothing about who gets what: every owner gets their prompts once', async () => {
    await addBotToTeam([member(USERS.karin), member(USERS.johan), stranger(1)]);
    connector.delayMs = 40;
    bot.clock.set(AT_SLOT);
    const tick = bot.scheduler.tick();
    const rereads = [
      postActivity(bot.url, teamUpdate(connector.url, { membersAdded: [{ id: stranger(2).id }] })),
      bot.rosters.readAll(),
      postActivity(bot.url, teamUpdate(connector.url, { membersAdded: [{ id: BOT.id }] })),
      dispatch(),
    ];
    await Promise.all([tick, ...rereads]);
    await bot.scheduler.tick();
    const prompts = (await bot.store.schedule.sends(PLAN, 'prompt:2026-11-30:')).map((s) => s.outcome);
    expect(prompts).toEqual(['sent', 'sent']);
    // Scheduled prompts and the manual /utskick: each owner gets exactly one of each, and one greeting.
    expect(connector.cardsByConversation().get(createdFor(USERS.karin))).toBe(6);
    expect(connector.cardsByConversation().get(createdFor(USERS.johan))).toBe(4);
    for (const user of [USERS.karin, USERS.johan]) {
      expect(postedTo(createdFor(user)).filter((s) => /^Hej /.test(s.body.text ?? ''))).toHaveLength(1);
    }
  }, 30_000);
});
