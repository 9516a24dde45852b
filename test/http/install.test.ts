import { LocalConnector } from '../support/connector';
import type { TestBot } from '../support/bot';
import { useBotFixture } from '../support/fixture';
import { BOT, USERS, installationUpdate, postActivity } from '../support/teams';

describe('installing the bot', () => {
  let connector: LocalConnector;
  let bot: TestBot;

  const fixture = useBotFixture({ per: 'test' });
  beforeEach(() => ({ bot, connector } = fixture));

  const texts = () => connector.sent.filter((s) => s.body.type === 'message').map((s) => s.body.text);

  it('an owner is welcomed once, told which activities are theirs and when the next prompt comes, however often the install repeats', async () => {
    for (let i = 0; i < 3; i++) await postActivity(bot.url, installationUpdate(connector.url, USERS.karin, 'add'));
    expect(texts()).toEqual([
      'Hej Karin! Jag följer upp åtgärdsplanen för familjehemsplaceringar. Du är ansvarig för 1b, 2a och 3b. ' +
        'Jag skickar statuskort här, nästa gång 30 november 2026 kl. 09:00. Skriv /uppdatera för att svara nu eller /hjälp för mer.',
    ]);
    expect(await bot.store.conversations.conversation(`personal:${USERS.karin.aadObjectId}`)).toMatchObject({
      gone: false,
    });
  });

  it('someone who owns nothing is pointed to /status', async () => {
    await postActivity(bot.url, installationUpdate(connector.url, USERS.erik, 'add'));
    expect(texts()).toEqual([
      'Hej Erik! Jag följer upp åtgärdsplanen för familjehemsplaceringar. Skriv /status för läget eller /hjälp för mer.',
    ]);
  });

  it('uninstalling marks the chat gone; nothing is sent there', async () => {
    await postActivity(bot.url, installationUpdate(connector.url, USERS.karin, 'add'));
    connector.clear();
    await postActivity(bot.url, installationUpdate(connector.url, USERS.karin, 'remove'));
    expect(connector.sent).toHaveLength(0);
    expect(await bot.store.conversations.conversation(`personal:${USERS.karin.aadObjectId}`)).toMatchObject({
      gone: true,
    });
  });

  it('added to a team, the bot remembers the channel it can post to, without a welcome there', async () => {
    const where = { kind: 'channel' as const, teamId: 'team-id', channelId: 'team-id' };
    const added = {
      ...installationUpdate(connector.url, USERS.anders, 'add', where),
      type: 'conversationUpdate',
      membersAdded: [{ id: BOT.id, name: BOT.name }],
    };
    expect((await postActivity(bot.url, added)).status).toBe(200);
    expect(await bot.store.conversations.conversation('channel:team-id')).toMatchObject({
      kind: 'channel',
      teamId: 'team-id',
    });
    expect(texts()).toEqual([]);
  });
});
