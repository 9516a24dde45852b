import { LocalConnector, cardText, sentCard } from '../support/connector';
import { BACKEND_NAMES, startTestBot, stopLocalCosmos, storeFor, type TestBot } from '../support/bot';
import { Chat, promptSubmission } from '../support/conversation';
import { USERS, installationUpdate, postActivity, type TestUser } from '../support/teams';

/** The local deployment: Karin owns 1b, 2a and 3b with Sara as deputy; Johan owns 1a and 3a; Anders administers. */
const conversationOf = (user: TestUser) => `a:personal-${user.id}`;
const MONDAY_PROMPTS = '2026-11-30T09:00:30+01:00';
const TUESDAY = '2026-12-01T10:00:00+01:00';
const THURSDAY_REMINDER = '2026-12-03T09:00:30+01:00';
const FRIDAY_EARLY = '2026-12-04T08:59:00+01:00';
const FRIDAY_REMINDER = '2026-12-04T09:00:30+01:00';

type Action = {
  type: string;
  verb?: string;
  title?: string;
  data?: Record<string, unknown>;
  card?: { actions: Action[] };
};

describe.each(BACKEND_NAMES)('"Påminn mig på torsdag": a reminder moved within the cycle (%s store)', (backend) => {
  let connector: LocalConnector;
  let bot: TestBot;
  let chat: Chat;

  /** The reminder cards a person received, by activity id ("Påminnelse: statusuppdatering 2a" → "2a"). */
  const reminders = (user: TestUser) =>
    connector.sent
      .filter((s) => s.conversationId === conversationOf(user) && (s.body.attachments ?? []).length > 0)
      .map((s) => cardText(sentCard(s)).split('\n')[0]!)
      .filter((heading) => heading.startsWith('Påminnelse'))
      .map((heading) => heading.split(' ').at(-1));

  /** Karin's 2a prompt card, as the schedule sent it on Monday. */
  const promptCard = (activityId: string) => {
    const card = connector.sent
      .filter((s) => s.conversationId === conversationOf(USERS.karin) && (s.body.attachments ?? []).length > 0)
      .map((s) => sentCard(s))
      .find((c) => cardText(c).startsWith(`Statusuppdatering ${activityId}`));
    if (!card) throw new Error(`no prompt card for ${activityId}`);
    return card;
  };

  beforeEach(async () => {
    connector = await new LocalConnector().start();
    bot = await startTestBot({ now: '2026-11-30T08:30:00+01:00', storeSettings: await storeFor(backend) });
    chat = new Chat(bot, connector);
    for (const user of [USERS.karin, USERS.johan, USERS.sara, USERS.anders]) {
      await postActivity(bot.url, installationUpdate(connector.url, user, 'add'));
    }
    await bot.scheduler.tick(); // the job cursors start now: nothing from before is sent
    await connector.waitForSent(4);
    connector.clear();
    bot.clock.set(MONDAY_PROMPTS);
    await bot.scheduler.tick();
  });
  afterEach(async () => {
    await bot.dispose();
    await connector.stop();
  });
  afterAll(() => stopLocalCosmos());

  it('the prompt card offers Thursday and every other working day left in the cycle', () => {
    const actions = promptCard('2a').actions as Action[];
    const thursday = actions.find((a) => a.title === 'Påminn mig på torsdag');
    expect(thursday).toMatchObject({ verb: 'remindLater', data: { activityId: '2a', day: '2026-12-03' } });
    const other = actions.find((a) => a.type === 'Action.ShowCard')!;
    expect(other.title).toBe('Påminn mig en annan dag');
    const days = other.card!.actions.map((a) => [a.title, a.verb, a.data]);
    expect(days.slice(0, 4)).toEqual([
      ['tisdag 1 december', 'remindLater', { activityId: '2a', day: '2026-12-01' }],
      ['onsdag 2 december', 'remindLater', { activityId: '2a', day: '2026-12-02' }],
      ['torsdag 3 december', 'remindLater', { activityId: '2a', day: '2026-12-03' }],
      ['fredag 4 december', 'remindLater', { activityId: '2a', day: '2026-12-04' }],
    ]);
    // Never the day of the next prompt or later: the reminder moves within its cycle.
    for (const [, , data] of days) expect((data as { day: string }).day < '2026-12-14').toBe(true);
  });

  it('moved to Friday: Thursday leaves that activity out, Friday brings it once, the others are unchanged', async () => {
    bot.clock.set(TUESDAY);
    const answer = await chat.press(USERS.karin, 'remindLater', { activityId: '2a', day: '2026-12-04' });
    expect(answer.value).toBe('Du påminns fredag 4 december kl. 09.00 om 2a.');

    bot.clock.set(THURSDAY_REMINDER);
    await bot.scheduler.tick();
    expect(reminders(USERS.karin)).toEqual(['1b', '3b']);
    expect(reminders(USERS.johan)).toEqual(['1a', '3a']);

    bot.clock.set(FRIDAY_EARLY);
    await bot.scheduler.tick();
    expect(reminders(USERS.karin)).toEqual(['1b', '3b']);

    bot.clock.set(FRIDAY_REMINDER);
    await bot.scheduler.tick();
    await bot.scheduler.tick(); // a second pass (or a second instance) sends nothing again
    expect(reminders(USERS.karin)).toEqual(['1b', '3b', '2a']);
    expect(reminders(USERS.johan)).toEqual(['1a', '3a']);
    const moved = await bot.store.schedule.sends('ha-familjehem', 'later:');
    expect(moved.map((s) => [s.key, s.recipient, s.outcome])).toEqual([
      ['later:2026-11-30:2a:enhetschef-familjehemsenheten', USERS.karin.aadObjectId, 'sent'],
    ]);
  });

  it('answered meanwhile: the moved reminder is not sent at all', async () => {
    bot.clock.set(TUESDAY);
    await chat.press(USERS.karin, 'remindLater', { activityId: '2a', day: '2026-12-02' });
    const saved = await chat.press(
      USERS.karin,
      'submitStatus',
      promptSubmission(promptCard('2a'), { status: 'pågår', comment: 'Rutinen är utkastad.' }),
    );
    expect(cardText(saved.value)).toContain('Statusen är sparad');

    bot.clock.set('2026-12-02T09:00:30+01:00');
    await bot.scheduler.tick();
    bot.clock.set(FRIDAY_REMINDER);
    await bot.scheduler.tick();
    expect(reminders(USERS.karin)).toEqual(['1b', '3b']);
    expect(await bot.store.schedule.sends('ha-familjehem', 'later:')).toEqual([]);
  });

  it('only the owner, the deputy or an administrator may move it; bad data changes nothing', async () => {
    bot.clock.set(TUESDAY);
    const press = async (user: TestUser, data: unknown) => String((await chat.press(user, 'remindLater', data)).value);

    expect(await press(USERS.johan, { activityId: '2a', day: '2026-12-04' })).toBe(
      'Bara den ansvarige för 2a, ersättaren eller en administratör kan flytta påminnelsen.',
    );
    expect(await press(USERS.karin, { activityId: '2a', day: '2026-12-14' })).toMatch(
      /^Välj en av omgångens arbetsdagar \(onsdag 2 december, torsdag 3 december, fredag 4 december.*\)\. Inget har ändrats\.$/,
    );
    expect(await press(USERS.karin, { activityId: '2a', day: '2026-12-01' })).toMatch(/Inget har ändrats/); // today: past
    expect(await press(USERS.karin, { activityId: '2a', day: 'torsdag' })).toBe(
      'Kortet skickade uppgifter jag inte kan läsa. Ingenting har sparats. Skriv /uppdatera för ett nytt kort.',
    );
    expect(await press(USERS.karin, { activityId: '9z', day: '2026-12-04' })).toBe(
      'Aktiviteten 9z finns inte i planen.',
    );
    expect(await bot.store.schedule.reminderMoves('ha-familjehem', '2026-11-30')).toEqual([]);

    expect(await press(USERS.sara, { activityId: '2a', day: '2026-12-03' })).toBe(
      'Du påminns torsdag 3 december kl. 09.00 om 2a.',
    );
    expect(await press(USERS.anders, { activityId: '3b', day: '2026-12-04' })).toBe(
      'Du påminns fredag 4 december kl. 09.00 om 3b.',
    );
    const moves = await bot.store.schedule.reminderMoves('ha-familjehem', '2026-11-30');
    expect(moves.map((m) => [m.activityId, m.day, m.movedBy.name]).sort()).toEqual([
      ['2a', '2026-12-03', USERS.sara.name],
      ['3b', '2026-12-04', USERS.anders.name],
    ]);
  });
});
