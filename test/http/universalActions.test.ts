import { LocalConnector, cardText, sentCard, type SentActivity } from '../support/connector';
import type { TestBot } from '../support/bot';
import { useBotFixture } from '../support/fixture';
import { Chat, promptSubmission } from '../support/conversation';
import { USERS, installationUpdate, postActivity } from '../support/teams';

/**
 * Universal Actions as Teams runs them, at protocol level: the Playground shows neither the update
 * of a message on other devices nor refresh, so these are the tests of both.
 */
describe('saved means saved in Teams, not only in the view that pressed the button', () => {
  const fixture = useBotFixture({ per: 'test' });
  let connector: LocalConnector;
  let bot: TestBot;
  let chat: Chat;
  beforeEach(() => ({ bot, chat, connector } = fixture));

  type Card = Record<string, unknown> & {
    refresh?: { action: { verb: string; data: Record<string, unknown> }; userIds: string[] };
  };

  /** Karin's /uppdatera in her 1:1 chat: the message holding 2a's prompt, with the id Teams gave it. */
  async function promptMessage(): Promise<{ message: SentActivity; card: Card }> {
    const sent = await chat.say(USERS.karin, '/uppdatera', 4);
    const message = sent.find((s) => JSON.stringify(s.body.attachments ?? []).includes('"activityId":"2a"'))!;
    return { message, card: sentCard(message) as Card };
  }

  const puts = () => connector.sent.filter((s) => s.method === 'PUT');

  it('a prompt card carries refresh for the owner and the deputy, by their Teams user ids', async () => {
    await postActivity(bot.url, installationUpdate(connector.url, USERS.sara, 'add'));
    const { card } = await promptMessage();
    expect(card.refresh?.action).toMatchObject({ verb: 'refreshPrompt', data: { activityId: '2a' } });
    expect(card.refresh!.userIds.sort()).toEqual([USERS.karin.id, USERS.sara.id]);
  });

  it('a prompt sent by the bot itself (/utskick, the schedule) carries refresh for the person it goes to', async () => {
    for (const user of [USERS.karin, USERS.anders]) {
      await postActivity(bot.url, installationUpdate(connector.url, user, 'add'));
    }
    connector.clear();
    await chat.dispatch(USERS.anders);
    const toKarin = connector.sent.filter(
      (s) => s.conversationId === `a:personal-${USERS.karin.id}` && s.body.attachments,
    );
    expect(toKarin).toHaveLength(3);
    for (const s of toKarin) expect((sentCard(s) as Card).refresh?.userIds).toEqual([USERS.karin.id]);
  });

  it('saving in 1:1 chat updates the prompt message itself, so every device shows the receipt', async () => {
    const { message, card } = await promptMessage();
    const body = await chat.press(USERS.karin, 'submitStatus', promptSubmission(card, { status: 'pågår' }), {
      replyToId: message.activityId,
    });
    expect(cardText(body.value)).toContain('Tack! Statusen är sparad');
    const [update] = puts();
    expect(update!.path).toBe(
      `/v3/conversations/${encodeURIComponent(message.conversationId)}/activities/${message.activityId}`,
    );
    expect(update!.body.id).toBe(message.activityId);
    expect(cardText(sentCard(update!))).toContain('Tack! Statusen är sparad');
    expect(sentCard(update!).refresh).toBeUndefined();
  });

  it('a refused save is shown to the person only: the message is not updated', async () => {
    const { message, card } = await promptMessage();
    const body = await chat.press(USERS.karin, 'submitStatus', promptSubmission(card, { status: 'försenad' }), {
      replyToId: message.activityId,
    });
    expect(cardText(body.value)).toContain('Ingenting har sparats ännu');
    expect((body.value as Card).refresh).toBeUndefined();
    expect(puts()).toEqual([]);
  });

  it('a prompt opened later (trigger automatic) shows the current state: answered by whom and when, with Rätta svaret', async () => {
    const { message, card } = await promptMessage();
    const refresh = card.refresh!.action;

    // Not answered yet: the form, with the latest answer.
    const before = await chat.press(USERS.karin, refresh.verb, refresh.data, {
      replyToId: message.activityId,
      trigger: 'automatic',
    });
    expect(before.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(before.value)).toContain('Inget tidigare svar.');

    // Sara answers from a card of her own.
    bot.clock.advance(60_000);
    await chat.press(USERS.sara, 'submitStatus', promptSubmission(card, { status: 'risk', comment: 'Sjukfrånvaro' }));
    bot.clock.advance(60_000);

    const after = await chat.press(USERS.karin, refresh.verb, refresh.data, {
      replyToId: message.activityId,
      trigger: 'automatic',
    });
    const text = cardText(after.value);
    expect(text).toContain('Besvarad 28 november 2026 kl. 10:01 av Sara Berg');
    expect(text).toContain('🟡 Risk för försening');
    expect(text).toContain('Sjukfrånvaro');
    const actions = (after.value as { actions: Array<{ title: string; verb: string }> }).actions;
    expect(actions.map((a) => a.title)).toContain('Rätta svaret');
    // Still refreshable: a later answer shows next time.
    expect((after.value as Card).refresh?.action.data).toMatchObject(refresh.data);
    // A refresh is the viewer's; the message stays as it is.
    expect(puts()).toEqual([]);
  });

  it('an old prompt, refreshed after a newer answer, no longer offers an outdated form', async () => {
    const { card: old } = await promptMessage();
    bot.clock.advance(14 * 86_400_000);
    const { card: current } = await promptMessage();
    await chat.press(USERS.karin, 'submitStatus', promptSubmission(current, { status: 'pågår', comment: 'Nytt' }));
    const refreshed = await chat.press(USERS.karin, old.refresh!.action.verb, old.refresh!.action.data, {
      trigger: 'automatic',
    });
    expect(cardText(refreshed.value)).toContain('Besvarad');
    expect(cardText(refreshed.value)).toContain('Nytt');
    expect(JSON.stringify(refreshed.value)).not.toContain('"verb":"submitStatus"');
  });

  it('navigation buttons in a channel stay per person: the message is not updated', async () => {
    const where = { kind: 'channel', teamId: '19:team', channelId: '19:channel@thread.tacv2' } as const;
    const [overview] = await chat.say(USERS.maria, '/status', 1, where);
    const body = await chat.press(
      USERS.maria,
      'showStatus',
      { target: 'rek2' },
      { where, replyToId: overview!.activityId },
    );
    expect(cardText(body.value)).toContain('Rek 2');
    expect(puts()).toEqual([]);
  });

  it("a refresh with data that is not our card's gets a clear message", async () => {
    const body = await chat.press(
      USERS.karin,
      'refreshPrompt',
      { activityId: '2a', promptId: 'x', sentAt: 'igår' },
      {
        trigger: 'automatic',
      },
    );
    expect(body.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(body.value)).toContain('Kortet skickade uppgifter jag inte kan läsa');
  });

  it("/uppdatera in a team channel sends the forms to the owner's 1:1 chat and says so in the channel", async () => {
    await postActivity(bot.url, installationUpdate(connector.url, USERS.karin, 'add'));
    connector.clear();
    const where = { kind: 'channel', teamId: '19:team', channelId: '19:ledning@thread.tacv2' } as const;
    await chat.say(USERS.karin, '/uppdatera', 4, where);
    const inChannel = connector.sent.filter((s) => s.conversationId === where.channelId);
    expect(inChannel).toHaveLength(1);
    expect(inChannel[0]!.body.text).toBe(
      'Karin Lind: jag har skickat dina 3 statuskort till din chatt med mig, så att de inte fyller kanalen.',
    );
    expect(inChannel[0]!.body.attachments ?? []).toHaveLength(0);
    const personal = connector.sent.filter((s) => s.conversationId === `a:personal-${USERS.karin.id}`);
    expect(personal.map((s) => cardText(sentCard(s)).split('\n')[0])).toEqual([
      'Statusuppdatering 1b',
      'Statusuppdatering 2a',
      'Statusuppdatering 3b',
    ]);
  });

  it('/uppdatera in a channel by someone the bot cannot reach in 1:1 posts no forms there', async () => {
    const where = { kind: 'channel', teamId: '19:team', channelId: '19:ledning@thread.tacv2' } as const;
    const [sent] = await chat.say(USERS.johan, '/uppdatera', 1, where);
    expect(sent!.conversationId).toBe(where.channelId);
    expect(sent!.body.text).toContain('Johan Ek: jag kunde inte skicka statuskorten till din chatt med mig');
    expect(sent!.body.text).toContain('Öppna appen i Teams och skriv /uppdatera där.');
    expect(connector.sent.filter((s) => s.body.attachments?.length)).toEqual([]);
  });
});
