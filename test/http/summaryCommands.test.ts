import { cardText, sentCard, type LocalConnector } from '../support/connector';
import type { TestBot } from '../support/bot';
import { useBotFixture } from '../support/fixture';
import { Chat } from '../support/conversation';
import { USERS, installationUpdate, postActivity } from '../support/teams';

const CHANNEL = { kind: 'channel' as const, teamId: 'team-id', channelId: '19:uppfoljning@thread.tacv2' };

describe('/koppla and /sammanfattning', () => {
  const fixture = useBotFixture();
  let bot: TestBot;
  let chat: Chat;
  let connector: LocalConnector;
  beforeEach(() => ({ bot, chat, connector } = fixture));

  it('/koppla by the management group in a channel links that channel and says when the next summary comes', async () => {
    const [reply] = await chat.say(USERS.maria, '/koppla', 1, {
      ...CHANNEL,
      channelId: `${CHANNEL.channelId};messageid=1795`,
    });
    expect(reply!.body.text).toBe(
      'Kanalen är kopplad till åtgärdsplanen. Veckosammanfattningen publiceras här; nästa gång 30 november 2026 kl. 08:00. Skriv /sammanfattning för att se den nu.',
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

  it('the summary opens with its headline line and names the state beside each light', async () => {
    const text = await chat.cardFor(USERS.maria, '/sammanfattning');
    // Without answers, an activity with a passed, unreached milestone is at risk; the others have no answer.
    expect(text).toMatch(/5 aktiviteter: 🟡 \d risk · ⚪ \d utan svar/);
    expect(text).toContain('🟡 Risk för försening – Rek 2: ');
    expect(text).toMatch(
      /2a Familjehemsenheten: 🟡 Risk för försening · rapporterat: inget svar ännu · \d+ milstolpar passerade/,
    );
  });

  it('people /utskick could not reach are under "Kunde inte nås", with what an administrator can do', async () => {
    await postActivity(bot.url, installationUpdate(connector.url, USERS.anders, 'add'));
    await postActivity(bot.url, installationUpdate(connector.url, USERS.karin, 'add'));
    await postActivity(bot.url, installationUpdate(connector.url, USERS.karin, 'remove'));
    await chat.dispatch(USERS.anders);
    const text = await chat.cardFor(USERS.maria, '/sammanfattning');
    expect(text).toContain('Kunde inte nås\nKarin Lind: har tagit bort appen; be personen öppna appen i Teams igen.');
    expect(text).toContain(
      'En administratör ser hur boten når var och en med /nåbarhet och skickar igen med /utskick.',
    );
  });
});
