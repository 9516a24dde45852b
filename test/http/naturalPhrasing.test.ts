import { cardText, sentCard } from '../support/connector';
import { useBotFixture } from '../support/fixture';
import { Chat } from '../support/conversation';
import { USERS } from '../support/teams';

/** The sample phrasings of the issue, through the real endpoint; the whole class is in test/app/commands.test.ts. */
describe('natural phrasing in chat', () => {
  const fixture = useBotFixture();
  let chat: Chat;
  beforeEach(() => ({ chat } = fixture));

  it.each([
    ['rek2', 'Rek 2'],
    ['2a', 'Aktivitet 2a'],
    ['status för rek 2', 'Rek 2'],
    ['Hur går det med 3b?', 'Aktivitet 3b'],
  ])('"%s" answers with the card /status would', async (text, expected) => {
    const [sent] = await chat.say(USERS.maria, text);
    expect(cardText(sentCard(sent!))).toContain(expected);
  });

  it('a bare id in a channel, with the bot @mentioned, answers there', async () => {
    const where = { kind: 'channel', teamId: 't', channelId: '19:c@thread.tacv2' } as const;
    const [sent] = await chat.say(USERS.maria, 'rek2', 1, where);
    expect(sent!.conversationId).toBe(where.channelId);
    expect(cardText(sentCard(sent!))).toContain('Rek 2');
  });

  it.each([
    ['/statsu', 'Menade du /status?'],
    ['/statsu rek2', 'Menade du /status rek2?'],
    ['uppdatra', 'Menade du /uppdatera?'],
  ])('the typo "%s" gets "%s" and nothing else happens', async (text, expected) => {
    const [sent] = await chat.say(USERS.karin, text);
    expect(sent!.body.text).toContain(expected);
    expect(sent!.body.textFormat).toBe('plain');
    expect(sent!.body.attachments ?? []).toHaveLength(0);
  });

  it('a greeting is answered briefly, by the first name Teams gives', async () => {
    const [sent] = await chat.say(USERS.karin, 'Hej!');
    expect(sent!.body.text).toBe('Hej Karin! Skriv /status för läget i åtgärdsplanen, eller /hjälp för allt jag kan.');
  });

  it.each(['tack', '👍'])('"%s" gets a short "Varsågod!"', async (text) => {
    const [sent] = await chat.say(USERS.karin, text);
    expect(sent!.body.text).toBe('Varsågod!');
  });

  it('anything else still points to /hjälp', async () => {
    const [sent] = await chat.say(USERS.karin, 'vad ska jag göra nu');
    expect(sent!.body.text).toBe('Det kommandot känner jag inte igen. Skriv /hjälp för att se vad jag kan.');
  });
});
