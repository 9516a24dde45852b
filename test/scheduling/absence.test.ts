import { LocalConnector, cardText, sentCard } from '../support/connector';
import { BACKEND_NAMES, startTestBot, stopLocalCosmos, storeFor, type TestBot } from '../support/bot';
import { Chat } from '../support/conversation';
import { USERS, installationUpdate, postActivity, type TestUser } from '../support/teams';

/** The local deployment: Karin owns 1b, 2a and 3b with Sara as deputy; Johan owns 1a and 3a with none; Anders administers. */
const conversationOf = (user: TestUser) => `a:personal-${user.id}`;
const MONDAY_PROMPTS = '2026-11-30T09:00:30+01:00';
const TUESDAY = '2026-12-01T10:00:00+01:00';
const THURSDAY_REMINDER = '2026-12-03T09:00:30+01:00';

describe.each(BACKEND_NAMES)('absence and the schedule (%s store)', (backend) => {
  let connector: LocalConnector;
  let bot: TestBot;
  let chat: Chat;

  /** What each person received from the schedule: prompt and reminder cards, and texts. */
  const received = (user: TestUser) => {
    const sent = connector.sent.filter((s) => s.conversationId === conversationOf(user));
    const cards = sent.filter((s) => (s.body.attachments ?? []).length > 0).map((s) => cardText(sentCard(s)));
    return {
      prompts: cards.filter((t) => t.startsWith('Statusuppdatering')),
      reminders: cards.filter((t) => t.startsWith('Påminnelse')),
      texts: sent.filter((s) => !(s.body.attachments ?? []).length).map((s) => String(s.body.text)),
    };
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
  });
  afterEach(async () => {
    await bot.dispose();
    await connector.stop();
  });
  afterAll(() => stopLocalCosmos());

  it('an absence starting mid-cycle: the prompt is not repeated to the deputy, the reminder goes to her, once', async () => {
    bot.clock.set(MONDAY_PROMPTS);
    await bot.scheduler.tick();
    expect(received(USERS.karin).prompts).toHaveLength(3);

    bot.clock.set(TUESDAY);
    const [reply] = await chat.say(USERS.karin, '/frånvaro 2026-12-01–2026-12-20');
    expect(reply!.body.text).toBe(
      'Frånvaro inlagd för Karin Lind 1 december 2026–20 december 2026. Statuskort och påminnelser för 1b, 2a och 3b går under tiden till ersättaren Sara Berg.',
    );
    await bot.scheduler.tick();
    bot.clock.set(THURSDAY_REMINDER);
    await bot.scheduler.tick();
    await bot.scheduler.tick(); // a second pass (or a second instance) sends nothing again

    const sara = received(USERS.sara);
    expect(sara.prompts).toHaveLength(0);
    expect(sara.reminders).toHaveLength(3);
    for (const card of sara.reminders) expect(card).toContain('Du får kortet som ersättare för Karin Lind');
    expect(received(USERS.karin)).toMatchObject({ prompts: expect.any(Array), reminders: [] });
    expect(received(USERS.karin).prompts).toHaveLength(3);
    expect(received(USERS.johan)).toMatchObject({ prompts: expect.any(Array), reminders: expect.any(Array) });
    expect([received(USERS.johan).prompts.length, received(USERS.johan).reminders.length]).toEqual([2, 2]);
    const reminderSends = await bot.store.schedule.sends('ha-familjehem', 'reminder:2026-11-30:1:');
    expect(reminderSends.map((s) => [s.key, s.recipient, s.outcome]).sort()).toEqual([
      ['reminder:2026-11-30:1:enhetschef-barnenheten', USERS.johan.aadObjectId, 'sent'],
      ['reminder:2026-11-30:1:enhetschef-familjehemsenheten', USERS.sara.aadObjectId, 'sent'],
    ]);
  });

  it('an absence set by an administrator before the cycle: the prompts go to the deputy, not to the owner', async () => {
    await chat.say(USERS.anders, '/frånvaro 2026-11-30–2026-12-20 för Karin Lind');
    bot.clock.set(MONDAY_PROMPTS);
    await bot.scheduler.tick();
    expect(received(USERS.sara).prompts).toHaveLength(3);
    expect(received(USERS.karin).prompts).toHaveLength(0);
  });

  it('an owner away with no deputy: the administrators are told once, and nobody else gets the cards', async () => {
    bot.clock.set('2026-11-29T12:00:00+01:00');
    const [reply] = await chat.say(USERS.anders, '/frånvaro 2026-11-30–2026-12-11 för johan.ek@example.com');
    expect(reply!.body.text).toContain('1a och 3a har ingen ersättare: administratörerna får besked i stället.');
    connector.clear();
    bot.clock.set(MONDAY_PROMPTS);
    await bot.scheduler.tick();
    await bot.scheduler.tick();

    expect(received(USERS.johan).prompts).toHaveLength(0);
    expect(received(USERS.anders).texts).toEqual([
      'Johan Ek är frånvarande 30 november 2026–11 december 2026 och har ingen ersättare, så statuskorten för 1a och 3a har inte skickats till någon. Utse en ersättare med /admin, eller svara själv med /uppdatera 1a.',
    ]);
    expect(received(USERS.karin).prompts).toHaveLength(3);
  });

  it('an absence ended early: the next reminder goes to the owner again', async () => {
    await chat.say(USERS.karin, '/frånvaro 2026-11-30–2026-12-20');
    bot.clock.set(MONDAY_PROMPTS);
    await bot.scheduler.tick();
    bot.clock.set(TUESDAY);
    const [reply] = await chat.say(USERS.karin, '/frånvaro slut');
    expect(reply!.body.text).toBe('Karin Lind är inte längre frånvarande: statuskorten går till Karin Lind igen.');
    bot.clock.set(THURSDAY_REMINDER);
    await bot.scheduler.tick();

    expect([received(USERS.sara).prompts.length, received(USERS.sara).reminders.length]).toEqual([3, 0]);
    expect([received(USERS.karin).prompts.length, received(USERS.karin).reminders.length]).toEqual([0, 3]);
  });

  it.each([
    ['/frånvaro imorgon', 'Skriv frånvaron som två datum'],
    ['/frånvaro 2027-02-30–2027-03-05', '2027-02-30 är inget giltigt datum. Ingenting har ändrats.'],
    ['/frånvaro 2027-08-01–2027-07-01', 'Frånvaron slutar (2027-07-01) innan den börjar (2027-08-01).'],
    ['/frånvaro 2026-01-01–2026-01-31', 'Frånvaron 2026-01-01–2026-01-31 har redan passerat. Ingenting har ändrats.'],
    [
      '/frånvaro 2027-07-01–2027-07-31 för Johan Ek',
      'Bara personen själv eller en administratör kan lägga in frånvaro.',
    ],
    ['/frånvaro 2027-07-01–2027-07-31 för Okänd Person', 'Jag hittar ingen som heter "Okänd Person"'],
  ])('%s is refused with a Swedish message and changes nothing', async (text, message) => {
    const [reply] = await chat.say(USERS.karin, text);
    expect(reply!.body.text).toContain(message);
    expect((await bot.store.deployments.deployment('ha-familjehem'))?.value.absences).toEqual([]);
    expect(await bot.store.deployments.auditLog('ha-familjehem')).toEqual([]);
  });

  it('the absence is in the audit log with who set it', async () => {
    await chat.say(USERS.anders, '/frånvaro 2027-07-01–2027-07-31 för Karin Lind');
    const [entry] = await bot.store.deployments.auditLog('ha-familjehem');
    expect(entry).toMatchObject({
      by: { userId: USERS.anders.aadObjectId, name: 'Anders Holm' },
      what: 'Frånvaro för Karin Lind',
      before: '(ingen)',
      after: '2027-07-01–2027-07-31',
    });
  });
});
