import { LocalConnector, cardText, sentCard } from '../support/connector';
import type { TestBot } from '../support/bot';
import { useBotFixture } from '../support/fixture';
import { Chat } from '../support/conversation';
import { USERS, type TestUser } from '../support/teams';

const PLAN = 'ha-familjehem';
const BARN = 'enhetschef-barnenheten';
const FAMILJEHEM = 'enhetschef-familjehemsenheten';
const asMember = (u: TestUser) => ({
  id: u.id,
  aadObjectId: u.aadObjectId,
  name: u.name,
  userPrincipalName: `${u.name.toLowerCase().replace(' ', '.').replace('ö', 'o')}@example.com`,
});

describe('/admin: running the follow-up from Teams', () => {
  let connector: LocalConnector;
  let bot: TestBot;
  let chat: Chat;

  /** The /admin card Anders gets, and the data its buttons carry. */
  const openAdmin = async () => {
    const [sent] = await chat.say(USERS.anders, '/admin');
    const card = sentCard(sent!);
    const etag = JSON.stringify(card).match(/"etag":"([^"]+)"/)![1]!;
    return { card, text: cardText(card), etag };
  };
  const press = async (user: TestUser, data: Record<string, unknown>) => {
    const res = await chat.press(user, 'adminChange', data);
    return typeof res.value === 'string' ? res.value : cardText(res.value as Record<string, unknown>);
  };
  const stored = async () => (await bot.store.deployments.deployment(PLAN))!.value;

  const fixture = useBotFixture({ per: 'test' });
  beforeEach(() => {
    ({ bot, chat, connector } = fixture);
    // The members of Anders's chat, as Teams (and the Playground's mock users) list them.
    connector.rosters.set(`a:personal-${USERS.anders.id}`, Object.values(USERS).map(asMember));
  });

  it('shows administrators who owns what, the groups, the schedule, and a people picker with a fallback list', async () => {
    const { card, text } = await openAdmin();
    expect(text).toContain('Administration av uppföljningen');
    expect(text).toContain('Karin Lind; ersättare: Sara Berg');
    expect(text).toContain('Johan Ek; ersättare: (ingen)');
    expect(text).toContain('Statuskort var 2:e måndag kl. 09:00; påminnelse efter 3 arbetsdagar, högst 2.');
    const picker = (card.body as Array<Record<string, unknown>>).find((e) => e.id === 'person')!;
    expect(picker['choices.data']).toEqual({ type: 'Data.Query', dataset: 'graph.microsoft.com/users' });
    expect((picker.choices as Array<{ title: string }>).map((c) => c.title)).toContain(
      'Erik Nyström (erik.nystrom@example.com)',
    );
  });

  it('refuses /admin and its buttons to anyone but an administrator', async () => {
    const [reply] = await chat.say(USERS.karin, '/admin');
    expect(reply!.body.text).toBe('Bara administratörer kan ändra hur uppföljningen drivs. Ingenting har ändrats.');
    const { etag } = await openAdmin();
    expect(
      await press(USERS.karin, { op: 'assignOwner', etag, role: BARN, person: USERS.karin.aadObjectId }),
    ).toContain('Bara administratörer');
    expect((await stored()).owners.find((o) => o.role === BARN)!.owner.name).toBe('Johan Ek');
  });

  it('reassigns an owner picked from the conversation: stored, logged, and the new owner gets the prompts', async () => {
    const { etag } = await openAdmin();
    const after = await press(USERS.anders, { op: 'assignOwner', etag, role: BARN, person: USERS.erik.aadObjectId });
    expect(after).toContain('Sparat: Ansvarig för Enhetschef, barnenheten: Johan Ek → Erik Nyström.');
    expect(after).toContain('Erik Nyström; ersättare: (ingen)');
    expect((await stored()).owners.find((o) => o.role === BARN)!.owner).toEqual({
      userId: USERS.erik.aadObjectId,
      name: 'Erik Nyström',
      email: 'erik.nystrom@example.com',
    });
    const [entry] = await bot.store.deployments.auditLog(PLAN);
    expect(entry).toMatchObject({ by: { name: 'Anders Holm' }, before: 'Johan Ek', after: 'Erik Nyström' });

    const erik = await chat.say(USERS.erik, '/uppdatera', 3);
    expect(erik.slice(1).map((s) => cardText(sentCard(s)).split('\n')[0])).toEqual([
      'Statusuppdatering 1a',
      'Statusuppdatering 3a',
    ]);
    const [johan] = await chat.say(USERS.johan, '/uppdatera');
    expect(johan!.body.text).toContain('Du är inte ansvarig för någon aktivitet');
  });

  it('a card shown before another change is refused as stale, and shows the latest', async () => {
    const { etag } = await openAdmin();
    await press(USERS.anders, { op: 'assignDeputy', etag, role: BARN, person: USERS.maria.aadObjectId });
    const stale = await press(USERS.anders, { op: 'assignDeputy', etag, role: BARN, person: USERS.erik.aadObjectId });
    expect(stale).toContain('Någon annan har ändrat inställningarna sedan kortet visades');
    expect(stale).toContain('Johan Ek; ersättare: Maria Sjöberg');
    expect((await stored()).owners.find((o) => o.role === BARN)!.deputy?.name).toBe('Maria Sjöberg');
  });

  it.each([
    [
      { op: 'assignDeputy', role: FAMILJEHEM, person: USERS.karin.aadObjectId },
      'Karin Lind kan inte vara sin egen ersättare',
    ],
    [{ op: 'assignOwner', role: BARN }, 'Välj en person.'],
    [{ op: 'assignOwner', role: BARN, person: 'okänd-id' }, 'Jag hittar inte den valda personen i Teams.'],
    [
      { op: 'removeMember', group: 'administrators', member: USERS.anders.aadObjectId },
      'minst en administratör behövs',
    ],
    [
      { op: 'schedule', everyWeeks: '2', weekday: '1', time: '25:00', afterWorkingDays: '3', maxReminders: '2' },
      'Klockslaget ska skrivas TT:MM',
    ],
    [
      { op: 'schedule', everyWeeks: '0', weekday: '1', time: '09:00', afterWorkingDays: '3', maxReminders: '2' },
      'Antal veckor ska vara minst 1',
    ],
    [{ op: 'pause', pauseFrom: '2027-08-01', pauseTo: '2027-07-01' }, 'perioden slutar innan den börjar'],
    [{ op: 'pause', pauseFrom: '2027-07-01' }, 'Ange både första och sista dagen'],
  ])('%j is refused with a Swedish message and changes nothing', async (data, message) => {
    const before = await stored();
    const { etag } = await openAdmin();
    expect(await press(USERS.anders, { ...data, etag })).toContain(message);
    expect(await stored()).toEqual(before);
    expect(await bot.store.deployments.auditLog(PLAN)).toEqual([]);
  });

  it('adds a member of the ledningsgrupp, who may then read the summary', async () => {
    const { etag } = await openAdmin();
    expect(
      await press(USERS.anders, { op: 'addMember', etag, group: 'managementGroup', member: USERS.erik.aadObjectId }),
    ).toContain('Sparat: Ledningsgruppen: Maria Sjöberg → Maria Sjöberg, Erik Nyström.');
    expect(await chat.cardFor(USERS.erik, '/sammanfattning')).toContain('Sammanfattning – åtgärdsplanen');
  });

  it('changes the cadence and reminders; the schedule follows it', async () => {
    const { etag } = await openAdmin();
    const after = await press(USERS.anders, {
      op: 'schedule',
      etag,
      everyWeeks: '1',
      weekday: '3',
      time: '10:30',
      afterWorkingDays: '2',
      maxReminders: '1',
    });
    expect(after).toContain('Statuskort var 1:e onsdag kl. 10:30; påminnelse efter 2 arbetsdagar, högst 1.');
    expect((await stored()).schedule).toMatchObject({
      prompts: { cron: '30 10 * * 3', everyWeeks: 1 },
      reminders: { afterWorkingDays: 2, max: 1 },
    });
  });

  it('a pause: no prompts during it, and they start again after it', async () => {
    const { etag } = await openAdmin();
    expect(await press(USERS.anders, { op: 'pause', etag, pauseFrom: '2026-11-30', pauseTo: '2026-12-06' })).toContain(
      'Inga statuskort eller påminnelser: 30 november 2026–6 december 2026.',
    );
    await chat.say(USERS.karin, '/status'); // Karin's chat is known
    await bot.scheduler.tick();
    connector.clear();
    bot.clock.set('2026-11-30T09:00:30+01:00');
    expect((await bot.scheduler.tick()).prompts).toBe('2026-11-30 (uppehåll)');
    bot.clock.set('2026-12-03T09:00:30+01:00');
    await bot.scheduler.tick();
    expect(connector.sent).toHaveLength(0);
    bot.clock.set('2026-12-14T09:00:30+01:00');
    expect((await bot.scheduler.tick()).prompts).toBe('2026-12-14');
    expect(connector.cardsByConversation().get(`a:personal-${USERS.karin.id}`)).toBe(3);
  });
});
