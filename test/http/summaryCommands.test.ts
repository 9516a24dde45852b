import { cardText, sentCard } from '../support/connector';
import type { TestBot } from '../support/bot';
import { useBotFixture } from '../support/fixture';
import { Chat } from '../support/conversation';
import { USERS } from '../support/teams';

const CHANNEL = { kind: 'channel' as const, teamId: 'team-id', channelId: '19:uppfoljning@thread.tacv2' };

describe('/koppla and /sammanfattning', () => {
  const fixture = useBotFixture();
  let bot: TestBot;
  let chat: Chat;
  beforeEach(() => ({ bot, chat } = fixture));

  it('/koppla by the management group in a channel links that channel and says when the next summary comes', async () => {
    const [reply] = await chat.say(USERS.maria, '/koppla', 1, {
      ...CHANNEL,
      channelId: `${CHANNEL.channelId};messageid=1795`,
    });
    expect(reply!.body.text).toBe(
      'Kanalen är kopplad till åtgärdsplanen. Veckosammanfattningen publiceras här; nästa gång 30 nov. 2026 08:00. Skriv /sammanfattning för att se den nu.',
    );
    expect(await bot.store.schedule.channelLink('ha-familjehem')).toMatchObject({
      conversationKey: `channel:${CHANNEL.channelId}`,
      teamId: 'team-id',
      linkedBy: USERS.maria.aadObjectId,
    });
  });

  it('/koppla in personal chat explains where to type it and links nothing new', async () => {
    const [reply] = await chat.say(USERS.anders, '/koppla');
    expect(reply!.body.text).toContain('Skriv /koppla i den kanal i teamet');
    expect((await bot.store.schedule.channelLink('ha-familjehem'))?.linkedBy).toBe(USERS.maria.aadObjectId);
  });

  it('/koppla by an owner outside the management group is refused', async () => {
    const [reply] = await chat.say(USERS.karin, '/koppla', 1, CHANNEL);
    expect(reply!.body.text).toBe('Bara administratörer och ledningsgruppen kan koppla en kanal till åtgärdsplanen.');
    expect((await bot.store.schedule.channelLink('ha-familjehem'))?.linkedBy).toBe(USERS.maria.aadObjectId);
  });

  it('/sammanfattning in personal chat shows the summary to the asker', async () => {
    const text = await chat.cardFor(USERS.maria, '/sammanfattning');
    expect(text).toContain('Sammanfattning – åtgärdsplanen');
    expect(text).toContain('Har inte svarat ännu');
    expect(text).toContain('Karin Lind (1b, 2a, 3b)');
  });

  it('/sammanfattning by someone outside the management group is refused', async () => {
    const [reply] = await chat.say(USERS.erik, '/sammanfattning');
    expect(reply!.body.text).toContain('Sammanfattningen är för ledningsgruppen och administratörer');
    expect(reply!.body.attachments ?? []).toHaveLength(0);
  });

  it('/sammanfattning in the channel is posted there', async () => {
    const [sent] = await chat.say(USERS.anders, '/sammanfattning', 1, CHANNEL);
    expect(sent!.conversationId).toBe(CHANNEL.channelId);
    expect(cardText(sentCard(sent!))).toContain('Sammanfattning – åtgärdsplanen');
  });
});
