import { LocalConnector } from '../support/connector';
import type { TestBot } from '../support/bot';
import { useBotFixture } from '../support/fixture';
import { Chat } from '../support/conversation';
import { USERS, installationUpdate, postActivity } from '../support/teams';

/** The first greeting, by installation, tells each person the truth about what they will get. */
describe('greetings', () => {
  let connector: LocalConnector;
  let bot: TestBot;

  const greetingFor = async (activity: Record<string, unknown>): Promise<string> => {
    const before = connector.sent.length;
    await postActivity(bot.url, activity);
    await connector.waitForSent(before + 1);
    return String(connector.sent[before]!.body.text);
  };

  const fixture = useBotFixture({ per: 'test', start: { now: '2026-11-28T10:00:00+01:00' } });
  beforeEach(() => ({ bot, connector } = fixture));

  it('a deputy hears whose deputy she is, for which activities, and that cards come only while the owner is away', async () => {
    expect(await greetingFor(installationUpdate(connector.url, USERS.sara, 'add'))).toBe(
      'Hej Sara! Jag följer upp åtgärdsplanen för familjehemsplaceringar. Du är ersättare för Karin Lind (1b, 2a och 3b). ' +
        'Statuskorten för 1b, 2a och 3b kommer till dig bara medan Karin Lind är frånvarande; ingen frånvaro är inlagd nu. ' +
        'Skriv /uppdatera för att svara nu eller /hjälp för mer.',
    );
  });

  it('a deputy greeted after the owner’s absence was set hears when the cards come to her', async () => {
    await new Chat(bot, connector).say(USERS.karin, '/frånvaro 2027-07-01–2027-07-31');
    expect(await greetingFor(installationUpdate(connector.url, USERS.sara, 'add'))).toContain(
      'kommer till dig bara medan Karin Lind är frånvarande: 1 juli 2027–31 juli 2027.',
    );
  });

  it('someone outside the deployment is greeted by the name Teams gives, else with a plain "Hej!"', async () => {
    const stranger = { id: 'user-id-9', aadObjectId: '00000000-0000-0000-0000-0000000000099', name: 'Eva Ny' } as const;
    expect(await greetingFor(installationUpdate(connector.url, stranger as never, 'add'))).toMatch(/^Hej Eva! /);
    const nameless = { id: 'user-id-8', aadObjectId: '00000000-0000-0000-0000-0000000000098', name: '' } as const;
    expect(await greetingFor(installationUpdate(connector.url, nameless as never, 'add'))).toBe(
      'Hej! Jag följer upp åtgärdsplanen för familjehemsplaceringar. Skriv /status för läget eller /hjälp för mer.',
    );
  });
});
