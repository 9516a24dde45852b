import { LocalConnector, cardText, sentCard } from '../support/connector';
import type { TestBot } from '../support/bot';
import { useBotFixture } from '../support/fixture';
import { USERS, cardAction, messageActivity, postActivity } from '../support/teams';

describe('/status over the real HTTP endpoint', () => {
  const fixture = useBotFixture();
  let connector: LocalConnector;
  let bot: TestBot;
  beforeEach(() => ({ bot, connector } = fixture));

  async function ask(text: string, where?: Parameters<typeof messageActivity>[3]) {
    const res = await postActivity(bot.url, messageActivity(connector.url, USERS.maria, text, where));
    expect(res.status).toBe(200);
    const [sent] = await connector.waitForSent(1);
    return sent!;
  }

  it('when someone asks /status rek2, the reply is a card naming rek 2, its åtgärd and each activity with owner and status', async () => {
    const sent = await ask('/status rek2');

    const text = cardText(sentCard(sent));
    expect(sent.conversationId).toBe('a:personal-user-id-4');
    expect(text).toContain('Rek 2: Säkerställa att kontroller av familjehem genomförs');
    expect(text).toContain('Säkerställa att samtliga kontroller genomförs och dokumenteras');
    expect(text).toContain('2a · Familjehemsenheten');
    expect(text).toContain('Karin Lind (Enhetschef, familjehemsenheten, ersättare Sara Berg)');
    // Nobody has answered, and milestones of January and spring 2026 have passed unreached.
    expect(text).toContain('🟡 Risk för försening');
    expect(text).toMatch(/Rapporterat: inget svar ännu · \d+ milstolpar passerade utan att vara uppnådda/);
  });

  it.each(['/status rek 2', '/status 2', 'status rek2', '/STATUS Rek2'])(
    '"%s" means the same recommendation',
    async (text) => {
      const sent = await ask(text);
      expect(cardText(sentCard(sent))).toContain('Rek 2: Säkerställa att kontroller');
    },
  );

  it('when someone asks /status, the overview shows all three recommendations', async () => {
    const text = cardText(sentCard(await ask('/status')));
    for (const n of [1, 2, 3]) expect(text).toContain(`Rek ${n}`);
    expect(text).toContain('Åtgärdsplanen – läget');
  });

  it('in a channel, an @mention with /status rek1 is answered in the channel', async () => {
    const sent = await ask('/status rek1', { kind: 'channel', teamId: 'team-id', channelId: 'team-id' });
    expect(sent.conversationId).toBe('team-id');
    expect(cardText(sentCard(sent))).toContain('Rek 1: Säkerställa att förutsättningar finns');
  });

  it('in a group chat, an @mention with /status 2a is answered in the group chat', async () => {
    const sent = await ask('/status 2a', { kind: 'groupChat', id: '19:group-chat-id@thread.v2' });
    expect(sent.conversationId).toBe('19:group-chat-id@thread.v2');
    expect(cardText(sentCard(sent))).toContain('Aktivitet 2a · Familjehemsenheten');
  });

  it('when someone asks for rek9, the answer lists the valid recommendations', async () => {
    const sent = await ask('/status rek9');
    expect(sent.body.text).toContain('rek1, rek2, rek3');
    expect(sent.body.attachments ?? []).toHaveLength(0);
  });

  it('/hjälp and /help describe the commands', async () => {
    for (const command of ['/hjälp', '/help']) {
      connector.clear();
      const text = cardText(sentCard(await ask(command)));
      expect(text).toContain('/status rek2');
    }
  });

  it('any other text gets a short answer pointing to /hjälp', async () => {
    const sent = await ask('hej, hur går det?');
    expect(sent.body.text).toContain('/hjälp');
  });

  it('a card button asking for another recommendation replaces the card with it', async () => {
    const res = await postActivity(bot.url, cardAction(connector.url, USERS.maria, 'showStatus', { target: 'rek3' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardText(res.body!.value)).toContain('Rek 3: Säkerställa att det finns vård- och genomförandeplaner');
  });

  it('the health probe answers', async () => {
    const res = await fetch(`${bot.url}/healthz`);
    expect(await res.json()).toMatchObject({ status: 'ok', store: 'embedded', mode: 'local' });
  });
});
