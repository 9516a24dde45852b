import { DateTime } from 'luxon';
import type { LocalConnector, SentActivity } from '../support/connector';
import { cardText, sentCard } from '../support/connector';
import type { TestBot } from '../support/bot';
import { describeEachStore, useBotFixture } from '../support/fixture';
import { Chat, promptSubmission } from '../support/conversation';
import { USERS, installationUpdate, postActivity } from '../support/teams';

const PLAN = 'ha-familjehem';
const DAY = 86_400_000;

/** The assessment card's save button with the management group's verdict filled in. */
function assessed(card: Record<string, unknown>, verdict: string): Record<string, unknown> {
  const save = (card.actions as Array<{ verb: string; data: Record<string, unknown> }>).find(
    (a) => a.verb === 'submitAssessment',
  )!;
  return { ...save.data, verdict, analysis: 'Rutinen är införd och följs.', effects: 'Kontrollerna dokumenteras.' };
}

/** Ticks the scheduler once a day at 10:00 until `until`; what it sent, by Stockholm date. */
async function runWeekly(
  bot: TestBot,
  connector: LocalConnector,
  until: string,
): Promise<Array<[string, SentActivity]>> {
  const log: Array<[string, SentActivity]> = [];
  while (bot.clock.now() < new Date(until)) {
    bot.clock.advance(DAY);
    const before = connector.sent.length;
    await bot.scheduler.tick();
    const day = DateTime.fromJSDate(bot.clock.now(), { zone: 'Europe/Stockholm' }).toISODate()!;
    for (const s of connector.sent.slice(before)) log.push([day, s]);
  }
  return log;
}

const promptsFor = (log: Array<[string, SentActivity]>, conversationId: string, activityId: string) =>
  log
    .filter(([, s]) => s.conversationId === conversationId && s.body.attachments)
    .filter(([, s]) => cardText(sentCard(s)).split('\n')[0] === `Statusuppdatering ${activityId}`)
    .map(([day]) => day);

describeEachStore('the plan after the December 2026 follow-up', (backend) => {
  const fixture = useBotFixture({ backend, per: 'test', start: { now: '2027-01-04T10:00:00+01:00' } });
  let bot: TestBot;
  let chat: Chat;
  let connector: LocalConnector;
  beforeEach(() => ({ bot, chat, connector } = fixture));

  const audit = async () => (await bot.store.deployments.auditLog(PLAN)).map((e) => e.what);

  it('closing needs a "Genomförd" assessment or a reason; without either, or by a non-administrator, nothing is stored', async () => {
    const [refusedOwner] = await chat.say(USERS.karin, '/avsluta rek2');
    expect(String(refusedOwner!.body.text)).toContain('administratör');
    const [refused] = await chat.say(USERS.anders, '/avsluta rek2');
    expect(String(refused!.body.text)).toBe(
      'Att avsluta kräver bedömningen ”Genomförd” eller ett skäl. Rekommendationen är inte bedömd. Skriv t.ex. /avsluta rek2 "skäl". Ingenting har ändrats.',
    );
    const [bad] = await chat.say(USERS.anders, '/avsluta rek9 "klart"');
    expect(String(bad!.body.text)).toContain('rek9 är varken en rekommendation eller en aktivitet');
    const [pnr] = await chat.say(USERS.anders, '/avsluta 2a "gäller 19121212-1212"');
    expect(String(pnr!.body.text)).toContain('personnummer');
    expect(await bot.store.deployments.revisions(PLAN)).toEqual([]);
    expect(await audit()).toEqual([]);
  });

  it('a recommendation assessed "Genomförd" is closed: no longer prompted, shown as closed with who, when and why, and audited', async () => {
    const [form] = await chat.say(USERS.maria, '/bedömning rek2');
    await chat.press(USERS.maria, 'submitAssessment', assessed(sentCard(form!), 'genomförd'));
    const [closed] = await chat.say(USERS.anders, '/avsluta rek2');
    expect(String(closed!.body.text)).toContain(
      'Rek 2 avslutad. Skäl: Bedömd genomförd av Maria Sjöberg 4 januari 2027.',
    );
    expect(await audit()).toEqual(['Rek 2 avslutad: Bedömd genomförd av Maria Sjöberg 4 januari 2027.']);

    const rek2 = await chat.cardFor(USERS.maria, '/status rek2');
    expect(rek2).toContain('✅ Avslutad · Avslutad 4 januari 2027 av Anders Holm: Bedömd genomförd av Maria Sjöberg');
    expect(rek2).not.toContain('🟡');
    const summary = await chat.cardFor(USERS.maria, '/sammanfattning');
    expect(summary).toMatch(/2a Familjehemsenheten: ✅ Avslutad .*Avslutad 4 januari 2027 av Anders Holm/);
    expect(summary).not.toMatch(/Karin Lind \([^)]*2a/);

    // Karin's prompts now: 1b and 3b, no longer 2a.
    const cards = await chat.say(USERS.karin, '/uppdatera', 3);
    const headings = cards.filter((s) => s.body.attachments).map((s) => cardText(sentCard(s)).split('\n')[0]);
    expect(headings).not.toContain('Statusuppdatering 2a');
  });

  it('an activity closed with a reason refuses answers; its owner is told why and nothing is stored', async () => {
    await postActivity(bot.url, installationUpdate(connector.url, USERS.karin, 'add'));
    const cards = await chat.say(USERS.karin, '/uppdatera', 4);
    const card = cards
      .map((s) => s.body.attachments?.[0]?.content as Record<string, unknown> | undefined)
      .find((c) => JSON.stringify(c?.actions ?? []).includes('"activityId":"1b"'))!;
    const [ok] = await chat.say(USERS.anders, '/avsluta 1b "Andra linjen följs i Socialförvaltningens styrgrupp"');
    expect(String(ok!.body.text)).toContain('Aktivitet 1b avslutad');
    const answer = await chat.press(USERS.karin, 'submitStatus', promptSubmission(card, { status: 'pågår' }));
    expect(String(answer.value)).toContain('Aktiviteten 1b är avslutad');
    expect(String(answer.value)).toContain('Ingenting har sparats');
    expect(await bot.store.answers.answerHistory(PLAN, '1b')).toEqual([]);
    expect(await chat.cardFor(USERS.maria, '/status 1b')).toContain(
      'Avslutad 4 januari 2027 av Anders Holm: Andra linjen följs i Socialförvaltningens styrgrupp',
    );
  });

  it('through 2027: closed work is never prompted, check-ins come once per check-in date, and an archived plan sends nothing but still answers', async () => {
    for (const user of [USERS.karin, USERS.johan])
      await postActivity(bot.url, installationUpdate(connector.url, user, 'add'));
    await chat.say(USERS.anders, '/avsluta 2a "Rutinen är införd; nämnden godkände uppföljningen"');
    const [quarterly] = await chat.say(USERS.anders, '/avstämning 3b kvartal "Löpande vid avstämningar"');
    expect(String(quarterly!.body.text)).toContain('Aktivitet 3b till avstämningar');
    await chat.say(
      USERS.anders,
      '/avstämning 1b 03-01,09-01 "Andra linjen pågår till och med 2027; årshjulets avstämningar"',
    );
    const [badRhythm] = await chat.say(USERS.anders, '/avstämning 3a varannan "skäl"');
    expect(String(badRhythm!.body.text)).toContain('”varannan” är varken kvartal, tertial eller datum');
    expect(await chat.cardFor(USERS.maria, '/status 3b')).toMatch(/Avstämningar varje kvartal, nästa 15 januari 2027/);

    const year = await runWeekly(bot, connector, '2027-12-31T12:00:00+01:00');
    const karin = 'a:personal-user-id-0';
    expect(promptsFor(year, karin, '2a')).toEqual([]);
    // One prompt per check-in: in the fortnightly cycle that holds the date.
    expect(promptsFor(year, karin, '3b')).toHaveLength(4);
    expect(promptsFor(year, karin, '1b')).toHaveLength(2);
    expect(promptsFor(year, karin, '1b').every((d) => d.startsWith('2027-03') || d.startsWith('2027-09'))).toBe(true);
    // Johan's activities go on every second week.
    expect(promptsFor(year, 'a:personal-user-id-1', '1a').length).toBeGreaterThanOrEqual(25);

    const [notYet] = await chat.say(USERS.anders, '/arkivera');
    expect(String(notYet!.body.text)).toBe(
      'Planen kan arkiveras först när varje rekommendation är avslutad; öppna: rek 1, rek 2, rek 3. Ingenting har ändrats.',
    );
    for (const id of ['rek1', 'rek2', 'rek3']) await chat.say(USERS.anders, `/avsluta ${id} "Nämnden godkände"`);
    const [archived] = await chat.say(USERS.anders, '/arkivera');
    expect(String(archived!.body.text)).toContain('Planen arkiverad');

    const after = await runWeekly(bot, connector, '2028-02-01T12:00:00+01:00');
    expect(after).toEqual([]);
    const overview = await chat.cardFor(USERS.maria, '/status');
    expect(overview).toContain('✅ Rek 1');
    const [report] = await chat.say(USERS.maria, '/rapport');
    expect(JSON.stringify(report!.body)).toContain('rapport');
    const [form] = await chat.say(USERS.maria, '/bedömning rek1');
    const refused = await chat.press(USERS.maria, 'submitAssessment', assessed(sentCard(form!), 'genomförd'));
    expect(String(refused.value)).toContain('Planen är arkiverad');
    expect(await audit()).toEqual(
      expect.arrayContaining([
        'Aktivitet 3b till avstämningar: Löpande vid avstämningar',
        'Rek 1 avslutad: Nämnden godkände',
        'Planen arkiverad: Varje rekommendation är avslutad.',
      ]),
    );
  }, 480_000); // a year of weekly ticks, on a shared machine
});
