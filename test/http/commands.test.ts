import { LocalConnector, cardText, sentCard, type SentActivity } from '../support/connector';
import type { TestBot } from '../support/bot';
import { useBotFixture } from '../support/fixture';
import { USERS, messageActivity, postActivity, type TestUser } from '../support/teams';
import { COMMANDS, type CommandSpec } from '../../src/teams/commands';
import { TEXT } from '../../src/teams/replies';

/**
 * The one command table (src/teams/commands.ts) over the real HTTP endpoint: every name and alias
 * reaches its command, a command that needs its slash is pointed out without it, a near miss of any
 * command is answered with "Menade du …?", and /hjälp lists what the asker may use.
 */
describe('the command table', () => {
  const fixture = useBotFixture();
  let connector: LocalConnector;
  let bot: TestBot;
  beforeEach(() => ({ bot, connector } = fixture));

  async function say(user: TestUser, text: string): Promise<SentActivity> {
    connector.clear();
    const res = await postActivity(bot.url, messageActivity(connector.url, user, text));
    expect(res.status).toBe(200);
    const [sent] = await connector.waitForSent(1);
    return sent!;
  }
  const said = (sent: SentActivity): string => sent.body.text ?? cardText(sentCard(sent));
  const notRouted = (text: string): boolean =>
    text === TEXT.unknownCommand || text.startsWith('Det kommandot känner jag inte igen. Menade du');

  const spellings = COMMANDS.flatMap((spec) =>
    [spec.name, ...spec.aliases].flatMap((word) => [
      [`/${word}`, spec.name],
      [`/${word.toUpperCase()}`, spec.name],
    ]),
  );
  it.each(spellings)('"%s" reaches /%s', async (typed) => {
    expect(notRouted(said(await say(USERS.anders, typed)))).toBe(false);
  });

  const slashed = COMMANDS.filter((c) => c.slash === 'required');
  it.each(slashed.map((c) => [c.name]))(
    '"%s" without its slash changes nothing and asks "Menade du …?"',
    async (name) => {
      expect(said(await say(USERS.anders, name))).toContain(`Menade du /${name}?`);
    },
  );

  /** One letter dropped from the end, and two different letters swapped in the middle: a typo of each command. */
  const nearMisses = COMMANDS.flatMap((c) => {
    const w = c.name;
    let i = Math.floor(w.length / 2) - 1;
    while (w[i] === w[i + 1]) i++;
    const swapped = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    return [
      [`/${w.slice(0, -1)}`, w],
      [`/${swapped}`, w],
    ];
  });
  it.each(nearMisses)('"%s" is answered with "Menade du /%s?"', async (typo, name) => {
    const text = said(await say(USERS.anders, typo));
    expect(text).toMatch(/Menade du \/\S+\?/);
    // Two commands can be as near to a typo; the table's own command is then one of them.
    if (!text.includes(`Menade du /${name}?`)) expect(name.length).toBeLessThanOrEqual(6);
  });

  it('"/frånvar" is answered with "Menade du /frånvaro?"', async () => {
    expect(said(await say(USERS.karin, '/frånvar'))).toContain('Menade du /frånvaro?');
  });

  /** What each person is in the local deployment, written out here rather than read from the bot. */
  const ROLES: Record<'karin' | 'maria' | 'anders' | 'erik', ReadonlyArray<CommandSpec['door']>> = {
    karin: ['anyone', 'answerer', 'selfOrAdministrator'],
    maria: ['anyone', 'management'],
    anders: ['anyone', 'answerer', 'management', 'administrator', 'selfOrAdministrator'],
    erik: ['anyone'],
  };
  it.each(Object.keys(ROLES) as Array<keyof typeof ROLES>)(
    '/hjälp for %s lists exactly the commands open to them',
    async (who) => {
      const text = cardText(sentCard(await say(USERS[who], '/hjälp')));
      for (const spec of COMMANDS) {
        // A command without a help line of its own (Teams' ten a scope) is named in another's line.
        const listed = text.includes(spec.help[0]?.command ?? `/${spec.name}`);
        expect({ command: spec.name, listed }).toEqual({ command: spec.name, listed: ROLES[who].includes(spec.door) });
      }
    },
  );
});
