import { LocalConnector, cardText, sentCard } from '../support/connector';
import { startTestBot, type TestBot } from '../support/bot';
import { describeEachStore, useBotFixture } from '../support/fixture';
import { Chat, promptSubmission } from '../support/conversation';
import { USERS, installationUpdate, postActivity } from '../support/teams';
import { TEXT } from '../../src/teams/replies';

const PLAN = 'ha-familjehem';
/** 2a's milestones overdue on 28 November 2026 (the test clock): Klar asks about them unless ticked. */
const OVERDUE_2A = '2a-m1,2a-m2,2a-m4,2a-m7';
/** The text below a card's last input: what sits right above its buttons. */
function belowInputs(card: unknown): string {
  const body = (card as { body: Array<Record<string, unknown>> }).body;
  const inputs = body.map((e) => String(e.type).startsWith('Input.'));
  return cardText(body.slice(inputs.lastIndexOf(true) + 1));
}

describeEachStore('owners answer from a card', (backend) => {
  const fixture = useBotFixture({ backend, per: 'test' });
  let connector: LocalConnector;
  let bot: TestBot;
  let chat: Chat;
  beforeEach(() => ({ bot, chat, connector } = fixture));

  /** Karin asks for her cards and returns the prompt card for one activity. */
  async function promptCard(activityId = '2a', user = USERS.karin): Promise<Record<string, unknown>> {
    const sent = await chat.say(user, '/uppdatera', 4);
    const card = sent
      .map((s) => s.body.attachments?.[0]?.content as Record<string, unknown> | undefined)
      .find((c) => JSON.stringify(c?.actions ?? []).includes(`"activityId":"${activityId}"`));
    if (!card) throw new Error(`no prompt card for ${activityId}`);
    return card;
  }

  const history = (activityId = '2a') => bot.store.answers.answerHistory(PLAN, activityId);

  /** An administrator's /utskick: the confirmation card it answers with. */
  async function confirmationFor(user = USERS.anders): Promise<Record<string, unknown>> {
    await postActivity(bot.url, installationUpdate(connector.url, user, 'add'));
    const [sent] = await chat.say(user, '/utskick');
    return sentCard(sent!) as Record<string, unknown>;
  }
  const confirmData = (card: Record<string, unknown>) =>
    (card.actions as Array<{ verb: string; data: unknown }>).find((a) => a.verb === 'confirmDispatch')!.data;

  it('an owner asking /uppdatera gets one prompt card per activity, showing the recommendation and milestones', async () => {
    const sent = await chat.say(USERS.karin, '/uppdatera', 4);
    expect(sent[0]!.body.text).toBe('Här är dina 3 statuskort, ett per aktivitet.');
    const texts = sent.slice(1).map((s) => cardText(sentCard(s)));
    expect(texts.map((t) => /Statusuppdatering (\w+)/.exec(t)?.[1])).toEqual(['1b', '2a', '3b']);
    expect(texts[1]).toContain('Rek 2: Säkerställa att kontroller av familjehem');
    expect(texts[1]).toContain('Uppdaterad rutin för dokumentation av kontroller färdig (våren 2026)');
    expect(texts[1]).toContain('Andel familjehem där samtliga kontroller är dokumenterade');
  });

  it("the owner's answer is stored with who and when, replaces the card with a confirmation and shows in /status rek2", async () => {
    const card = await promptCard();
    const body = await chat.press(
      USERS.karin,
      'submitStatus',
      promptSubmission(card, {
        status: 'risk',
        comment: 'Rutinen är försenad på grund av sjukfrånvaro i gruppen.',
        nextStep: 'Remiss till ledningsgruppen i december',
        milestones: '2a-m1,2a-m4',
        'indicator_2a-i1': '75',
        evidenceUrl: 'https://2c8.stockholm.se/rutin/kontroller',
      }),
    );

    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    const confirmation = cardText(body.value);
    expect(confirmation).toContain('Tack! Statusen är sparad');
    expect(confirmation).toContain('av Karin Lind som ansvarig');
    expect(confirmation).toContain('🟡 Risk för försening');

    const [answer] = await history();
    expect(answer).toMatchObject({
      status: 'risk',
      answeredBy: { userId: USERS.karin.aadObjectId, name: 'Karin Lind' },
      ownerRole: 'enhetschef-familjehemsenheten',
      milestonesReached: ['2a-m1', '2a-m4'],
      indicators: { '2a-i1': 75 },
      answeredAt: bot.clock.now().toISOString(),
    });

    const status = await chat.cardFor(USERS.maria, '/status rek2');
    expect(status).toContain('🟡 Risk för försening');
    expect(status).toContain('Rutinen är försenad på grund av sjukfrånvaro i gruppen.');
  });

  it('the deputy and an administrator may answer; the confirmation says in what capacity', async () => {
    const card = await promptCard();
    const asDeputy = await chat.press(USERS.sara, 'submitStatus', promptSubmission(card, { status: 'pågår' }));
    expect(cardText(asDeputy.value)).toContain('av Sara Berg som ersättare');
    bot.clock.advance(60_000);
    const asAdmin = await chat.press(
      USERS.anders,
      'submitStatus',
      promptSubmission(card, { status: 'klar', milestones: OVERDUE_2A }),
    );
    expect(cardText(asAdmin.value)).toContain('av Anders Holm som administratör');
    expect((await history()).map((a) => a.status)).toEqual(['klar', 'pågår']);
  });

  it('when someone who owns nothing submits, they get a clear refusal and nothing is stored', async () => {
    const card = await promptCard();
    const body = await chat.press(USERS.erik, 'submitStatus', promptSubmission(card, { status: 'klar' }));
    expect(body.type).toBe('application/vnd.microsoft.activity.message');
    expect(body.value).toBe(
      'Du kan inte svara för aktivitet 2a: Karin Lind (Enhetschef, familjehemsenheten) är ansvarig för den. Bara den ansvarige, ersättaren eller en administratör kan uppdatera den. Ingenting har sparats.',
    );
    expect(await bot.store.answers.allAnswers(PLAN)).toEqual([]);
  });

  it("the owner of another unit's activity is refused too", async () => {
    const card = await promptCard('2a');
    const body = await chat.press(USERS.johan, 'submitStatus', promptSubmission(card, { status: 'klar' }));
    expect(body.value).toContain('Du kan inte svara för aktivitet 2a');
    expect(await history()).toEqual([]);
  });

  it('when the comment holds a personnummer, the card says so next to the field, masks the number, keeps the rest and stores nothing', async () => {
    const card = await promptCard();
    const body = await chat.press(
      USERS.karin,
      'submitStatus',
      promptSubmission(card, { status: 'pågår', comment: 'Gäller 19121212-1212, se akten', nextStep: 'Möte' }),
    );
    const text = cardText(body.value);
    expect(text).toContain('Ingenting har sparats ännu:');
    expect(text).toContain('Kommentar innehöll något som ser ut som ett personnummer eller samordningsnummer');
    const shown = JSON.stringify(body.value);
    expect(shown).toContain('"value":"Möte"');
    expect(shown).toContain('"value":"Gäller [personnummer borttaget], se akten"');
    expect(shown).not.toContain('19121212-1212');
    const inputs = (body.value as { body: Array<Record<string, unknown>> }).body;
    const comment = inputs.findIndex((e) => e.id === 'comment');
    expect(inputs[comment + 1]).toMatchObject({ color: 'Attention' });
    expect(String(inputs[comment + 1]!.text)).toContain('Kommentar innehöll något som ser ut som ett personnummer');
    expect(await bot.store.answers.allAnswers(PLAN)).toEqual([]);
  });

  it.each([
    [{ status: 'risk' }, 'Skriv en kommentar om varför statusen är ”risk för försening”.'],
    [{ status: 'pågår', evidenceUrl: 'http://intranät/rutin' }, 'Länken till underlag måste börja med https://.'],
    [{ status: 'pågår', 'indicator_2a-i1': '140' }, 'ange ett tal mellan 0 och 100 %'],
    [{ status: 'pågår', comment: 'x'.repeat(1001) }, 'Kommentar får vara högst 1000 tecken (nu 1001).'],
    [{ status: 'pågår', milestones: '1a-m1' }, 'Välj bara bland milstolparna för 2a på kortet.'],
    [{}, 'Välj en status.'],
  ])(
    'an answer breaking a rule (%j) is shown again with the reason under the field and right above the button, and not stored',
    async (inputs, reason) => {
      const card = await promptCard();
      const body = await chat.press(USERS.karin, 'submitStatus', promptSubmission(card, inputs));
      expect(cardText(body.value)).toContain(reason);
      expect(belowInputs(body.value)).toContain('Ingenting har sparats ännu');
      expect(belowInputs(body.value)).toContain(reason);
      expect(JSON.stringify(body.value)).toMatch(/"label":"⚠️ /);
      expect(await history()).toEqual([]);
    },
  );

  it('a refused save keeps everything else the owner wrote, and marks only the field it is about', async () => {
    const card = await promptCard();
    const body = await chat.press(
      USERS.karin,
      'submitStatus',
      promptSubmission(card, { status: 'försenad', nextStep: 'Möte 3 december', milestones: '2a-m1' }),
    );
    const inputs = (body.value as { body: Array<Record<string, unknown>> }).body.filter((e) =>
      String(e.type).startsWith('Input.'),
    );
    const byId = Object.fromEntries(inputs.map((e) => [e.id, e]));
    expect(byId.status).toMatchObject({ value: 'försenad', label: 'Status' });
    expect(byId.nextStep).toMatchObject({ value: 'Möte 3 december', label: 'Nästa steg' });
    expect(byId.milestones).toMatchObject({ value: '2a-m1' });
    expect(String(byId.comment!.label)).toMatch(/^⚠️ Kommentar/);
    expect(belowInputs(body.value)).toContain('Skriv en kommentar om varför statusen är ”försenad”.');
  });

  it('a new prompt after an answer shows the previous comment beside the form, not in it, and "Oförändrat" saves in one click', async () => {
    await chat.press(
      USERS.karin,
      'submitStatus',
      promptSubmission(await promptCard(), { status: 'risk', comment: 'Sjukfrånvaro', nextStep: 'Remiss' }),
    );
    bot.clock.advance(14 * 86_400_000);
    const card = await promptCard();
    const text = cardText(card);
    expect(text).toContain('Förra svaret: 28 november 2026, Karin Lind');
    expect(text).toContain('Förra kommentaren: ');
    expect(text).toContain('Sjukfrånvaro');
    const comment = (card.body as Array<Record<string, unknown>>).find((e) => e.id === 'comment')!;
    expect(comment.value ?? '').toBe('');

    const unchanged = (
      card.actions as Array<{ title: string; verb: string; data: unknown; associatedInputs?: string }>
    ).find((a) => a.title.startsWith('Oförändrat'))!;
    expect(unchanged).toMatchObject({
      verb: 'submitStatus',
      associatedInputs: 'None',
      title: 'Oförändrat: risk för försening',
    });
    const saved = await chat.press(USERS.karin, 'submitStatus', unchanged.data);
    expect(cardText(saved.value)).toContain('Tack! Statusen är sparad');
    const [latest, first] = await history();
    expect(latest).toMatchObject({
      status: 'risk',
      comment: 'Oförändrat sedan svaret 28 november 2026.',
      nextStep: 'Remiss',
    });
    expect(first!.comment).toBe('Sjukfrånvaro');
  });

  it('Klar with overdue milestones not ticked asks which were reached; saving again confirms', async () => {
    const card = await promptCard();
    const asked = await chat.press(
      USERS.karin,
      'submitStatus',
      promptSubmission(card, { status: 'klar', milestones: '2a-m1' }),
    );
    expect(belowInputs(asked.value)).toMatch(/Du har valt Klar, men milstolparna ”.+” och ”.+” har passerat/);
    expect(await history()).toEqual([]);
    const again = await chat.press(
      USERS.karin,
      'submitStatus',
      promptSubmission(asked.value as Record<string, unknown>, { status: 'klar', milestones: '2a-m1' }),
    );
    expect(cardText(again.value)).toContain('Tack! Statusen är sparad');
    expect((await history()).map((a) => [a.status, a.milestonesReached])).toEqual([['klar', ['2a-m1']]]);

    // Ticking them all needs no confirmation.
    bot.clock.advance(60_000);
    const ticked = await chat.press(
      USERS.karin,
      'submitStatus',
      promptSubmission(await promptCard(), { status: 'klar', milestones: OVERDUE_2A }),
    );
    expect(cardText(ticked.value)).toContain('Tack! Statusen är sparad');
  });

  it('malformed card data gets a clear message and stores nothing', async () => {
    for (const data of [{ activityId: '2a' }, { activityId: 'x; DROP TABLE', promptId: 'p', status: 'klar' }, 'klar']) {
      const body = await chat.press(USERS.karin, 'submitStatus', data);
      expect(body.value).toBe(
        'Kortet skickade uppgifter jag inte kan läsa. Ingenting har sparats. Skriv /uppdatera för ett nytt kort.',
      );
    }
    expect(await bot.store.answers.allAnswers(PLAN)).toEqual([]);
  });

  it('a retried identical submission stores one entry', async () => {
    const card = await promptCard();
    const data = promptSubmission(card, { status: 'pågår', comment: 'Enligt plan' });
    await chat.press(USERS.karin, 'submitStatus', data);
    bot.clock.advance(5_000);
    const again = await chat.press(USERS.karin, 'submitStatus', data);
    expect(cardText(again.value)).toContain('Svaret var redan sparat');
    expect(await history()).toHaveLength(1);
  });

  it('two concurrent answers for one activity both end up in the history, and the current status is the later one', async () => {
    const [first, second] = [await promptCard(), await promptCard()];
    bot.clock.ticking(1);
    await Promise.all([
      chat.press(USERS.karin, 'submitStatus', promptSubmission(first, { status: 'pågår', comment: 'Karins svar' })),
      chat.press(USERS.sara, 'submitStatus', promptSubmission(second, { status: 'risk', comment: 'Saras svar' })),
    ]);
    const all = await history();
    expect(all.map((a) => a.comment).sort()).toEqual(['Karins svar', 'Saras svar']);
    const later = [...all].sort((a, b) => a.answeredAt.localeCompare(b.answeredAt)).pop()!;
    expect((await bot.store.states.activityState(PLAN, '2a'))?.value.answerId).toBe(later.id);
  });

  it('a correction starts from the saved answer and is kept as a new entry', async () => {
    const card = await promptCard();
    const saved = await chat.press(
      USERS.karin,
      'submitStatus',
      promptSubmission(card, { status: 'pågår', comment: 'Första' }),
    );
    const correct = (saved.value as { actions: Array<{ verb: string; data: unknown }> }).actions.find(
      (a) => a.verb === 'correctStatus',
    )!;
    const correction = await chat.press(USERS.karin, 'correctStatus', correct.data);
    expect(JSON.stringify(correction.value)).toContain('"value":"Första"');
    bot.clock.advance(60_000);
    await chat.press(
      USERS.karin,
      'submitStatus',
      promptSubmission(correction.value as Record<string, unknown>, { status: 'pågår', comment: 'Rättad' }),
    );
    const [corrected, first] = await history();
    expect([corrected!.comment, first!.comment]).toEqual(['Rättad', 'Första']);
    expect(corrected!.corrects).toBe(first!.id);
    expect(first!.corrects).toBeUndefined();
  });

  it('navigating away from the receipt leaves a way back to it, through every card navigated to', async () => {
    const saved = await chat.press(
      USERS.karin,
      'submitStatus',
      promptSubmission(await promptCard(), { status: 'pågår' }),
    );
    type Actions = { actions: Array<{ title: string; verb: string; data: unknown }> };
    const go = (card: unknown, title: string) => (card as Actions).actions.find((a) => a.title === title)!;
    const rek2 = await chat.press(USERS.karin, 'showStatus', go(saved.value, 'Visa rek 2').data);
    const history2a = await chat.press(USERS.karin, 'showStatus', go(rek2.value, 'Historik 2a').data);
    const back = go(history2a.value, 'Tillbaka till kvittot');
    const receipt = await chat.press(USERS.karin, back.verb, back.data);
    expect(cardText(receipt.value)).toContain('Tack! Statusen är sparad');
    expect(cardText(receipt.value)).toContain('av Karin Lind som ansvarig');
    // /status itself offers no way back to anything.
    const [overview] = await chat.say(USERS.karin, '/status');
    expect(cardText(sentCard(overview!))).not.toContain('Tillbaka till kvittot');
  });

  it('/status 2a shows the last five answers with who, when, status and comment', async () => {
    for (let i = 1; i <= 6; i++) {
      const card = await promptCard();
      bot.clock.advance(3_600_000);
      await chat.press(
        USERS.karin,
        'submitStatus',
        promptSubmission(card, { status: 'pågår', comment: `Svar nummer ${i}` }),
      );
    }
    const text = await chat.cardFor(USERS.maria, '/status 2a');
    expect(text).toContain('Senaste 5 svaren');
    expect(text).toContain('Svar nummer 6');
    expect(text).toContain('Svar nummer 2');
    expect(text).not.toContain('Svar nummer 1');
    expect(text).toMatch(/28 november 2026 kl\. \d\d:\d\d · Karin Lind · Pågår enligt plan/);
  });

  it('someone who owns nothing asking /uppdatera is told so', async () => {
    const [sent] = await chat.say(USERS.erik, '/uppdatera');
    expect(sent!.body.text).toContain('Du är inte ansvarig för någon aktivitet');
  });

  it('a personnummer typed in the chat is refused and not processed', async () => {
    const [sent] = await chat.say(USERS.karin, '/status 121212-1212');
    expect(sent!.body.text).toContain('personnummer');
  });

  it('/utskick’s *Avbryt* sends nothing, and says so', async () => {
    const confirmation = await confirmationFor(USERS.anders);
    const actions = confirmation.actions as Array<{ title: string; verb: string; data: unknown }>;
    const cancel = actions.find((a) => a.title === 'Avbryt')!;
    const before = connector.sent.length;
    const cancelled = await chat.press(USERS.anders, cancel.verb, cancel.data);
    expect(cancelled.value).toBe(TEXT.dispatchCancelled);
    // A refused knock stays refused: the button is the administrators' as *Skicka nu* is.
    expect((await chat.press(USERS.karin, cancel.verb, cancel.data)).value).toBe(TEXT.dispatchRefused);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(connector.sent.slice(before).filter((s) => s.body.attachments)).toEqual([]);
  });

  it('/utskick by an administrator sends every owner their prompts in 1:1 chat; anyone else is refused', async () => {
    for (const user of [USERS.karin, USERS.johan]) {
      for (let i = 0; i < 3; i++) await postActivity(bot.url, installationUpdate(connector.url, user, 'add'));
    }
    const [refusal] = await chat.say(USERS.karin, '/utskick');
    expect(refusal!.body.text).toBe(
      'Bara administratörer kan skicka ut statuskort till alla ansvariga. Ingenting har skickats.',
    );

    connector.clear();
    const confirmation = await confirmationFor(USERS.anders);
    expect(cardText(confirmation)).toContain('Skicka statuskort till 2 ansvariga nu?');
    expect(connector.sent.filter((s) => s.conversationId !== 'a:personal-user-id-3')).toEqual([]);

    const before = connector.sent.length;
    const started = await chat.press(USERS.anders, 'confirmDispatch', confirmData(confirmation));
    expect(started.value).toBe(
      'Utskicket har startat: statuskort går nu till 2 ansvariga. Jag skriver här när det är klart, med vilka som inte gick att nå.',
    );
    const sent = (await connector.waitForSent(before + 6)).slice(before);
    const byConversation = (id: string) => sent.filter((s) => s.conversationId === id && s.body.attachments);
    expect(byConversation('a:personal-user-id-0')).toHaveLength(3);
    expect(byConversation('a:personal-user-id-1')).toHaveLength(2);
    const [report] = sent.filter((s) => s.conversationId === 'a:personal-user-id-3' && s.body.text);
    expect(report!.body.text).toContain('Statuskort skickade till 2 av 2 ansvariga (5 kort).');

    const again = await chat.press(USERS.anders, 'confirmDispatch', confirmData(confirmation));
    expect(again.value).toBe('Utskicket är redan gjort från det här kortet. Skriv /utskick för ett nytt.');
    expect(
      connector.sent.filter((s) => s.body.attachments && s.conversationId !== 'a:personal-user-id-3'),
    ).toHaveLength(5);
  });

  it('without its slash, "utskick" sends nothing and asks nothing', async () => {
    const [answer] = await chat.say(USERS.anders, 'utskick till alla');
    expect(answer!.body.text).toBe(
      'Det kommandot känner jag inte igen. Menade du /utskick till alla? Skriv /hjälp för att se vad jag kan.',
    );
    expect(connector.sent).toHaveLength(1);
  });

  it('after an uninstall, /utskick reports the owner as not reachable', async () => {
    await postActivity(bot.url, installationUpdate(connector.url, USERS.karin, 'add'));
    await postActivity(bot.url, installationUpdate(connector.url, USERS.karin, 'remove'));
    const report = await chat.confirmDispatch(USERS.anders, confirmData(await confirmationFor(USERS.anders)));
    expect(report).toContain('Kunde inte nås: Karin Lind');
    expect(report).toContain('Kunde inte nås: Johan Ek');
  });

  it('stopping and starting the bot keeps what the store held', async () => {
    const card = await promptCard();
    await chat.press(
      USERS.karin,
      'submitStatus',
      promptSubmission(card, { status: 'klar', comment: 'Rutinen är klar', milestones: OVERDUE_2A }),
    );
    await bot.close();

    bot = fixture.bot = await startTestBot({ dataDir: bot.dataDir, storeSettings: bot.storeSettings });
    chat = new Chat(bot, connector);
    const text = await chat.cardFor(USERS.maria, '/status rek2');
    expect(text).toContain('✅ Klar');
    expect(text).toContain('Rutinen är klar');
  });
});
