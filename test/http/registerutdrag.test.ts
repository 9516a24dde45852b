import { LocalConnector, type SentActivity } from '../support/connector';
import type { TestBot } from '../support/bot';
import { useBotFixture } from '../support/fixture';
import { USERS, messageActivity, postActivity, type TestUser } from '../support/teams';
import { TEXT } from '../../src/teams/replies';

/** /registerutdrag over the real HTTP endpoint: administrators get the summary, others are refused. */
describe('/registerutdrag', () => {
  const fixture = useBotFixture();
  let connector: LocalConnector;
  let bot: TestBot;
  beforeEach(() => ({ bot, connector } = fixture));

  async function say(user: TestUser, text: string): Promise<string> {
    connector.clear();
    const res = await postActivity(bot.url, messageActivity(connector.url, user, text));
    expect(res.status).toBe(200);
    const [sent] = (await connector.waitForSent(1)) as SentActivity[];
    return sent!.body.text ?? '';
  }

  it('gives an administrator the person’s roles and records, and says it is logged', async () => {
    const text = await say(USERS.anders, '/registerutdrag karin lind');
    expect(text).toContain(`Registerutdrag om Karin Lind (${USERS.karin.aadObjectId})`);
    expect(text).toContain('Roller: ansvarig (enhetschef-familjehemsenheten)');
    expect(text).toContain('Utdraget är loggat');
  });

  it('is refused to everyone else, whatever they ask', async () => {
    for (const user of [USERS.karin, USERS.maria, USERS.sara]) {
      expect(await say(user, '/registerutdrag Anders Holm')).toBe(TEXT.register.refused);
    }
  });

  it('asks for a name, says when nobody matches and when several do', async () => {
    expect(await say(USERS.anders, '/registerutdrag')).toBe(TEXT.register.usage);
    expect(await say(USERS.anders, '/registerutdrag Nils Okänd')).toBe(TEXT.register.none('Nils Okänd'));
    expect(await say(USERS.anders, '/registerutdrag a')).toMatch(/^Flera personer matchar ”a”/);
  });
});
