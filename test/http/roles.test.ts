import { loadDeployment } from '../../src/config/deploymentFile';
import { CARD_VERB_DOORS, opens, type CardVerb, type Door } from '../../src/app/permissionTable';
import { COMMANDS } from '../../src/teams/commands';
import { TEXT } from '../../src/teams/replies';
import { sentCard } from '../support/connector';
import { useBotFixture } from '../support/fixture';
import { USERS } from '../support/teams';

const { plan, deployment } = loadDeployment('deployments/local.json');

/** The doors that open for a person in general (no activity or person named), read from the permission table. */
const doorsOf = (userId: string): Door[] =>
  (['anyone', 'answerer', 'management', 'administrator', 'selfOrAdministrator'] as const).filter((door) =>
    opens(door, { deployment, plan, userId }),
  );

/** Every Action.Execute verb on a card, wherever it sits (actions, ActionSets, selectActions). */
function verbsOn(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Execute' && typeof o.verb === 'string') out.push(o.verb);
      // A refresh action is never shown: Teams runs it by itself.
      Object.entries(o).forEach(([key, value]) => key !== 'refresh' && walk(value));
    }
  };
  walk(card);
  return out;
}

/**
 * Each of the six local users over HTTP: /hjälp, the buttons on the cards they read and the
 * replies offer only what the permission table opens for them; the expectations are generated
 * from the table, person by person.
 */
describe.each(Object.keys(USERS) as Array<keyof typeof USERS>)('what %s is offered', (who) => {
  const fixture = useBotFixture({ per: 'file' });
  const user = USERS[who];
  const doors = doorsOf(user.aadObjectId);
  const mayVerb = (verb: CardVerb): boolean => doors.includes(CARD_VERB_DOORS[verb]);

  it('/hjälp lists exactly the commands whose door opens, and whom to ask when only reading opens', async () => {
    const text = await fixture.chat.cardFor(user, '/hjälp');
    for (const spec of COMMANDS) {
      // A command without a help line of its own (Teams' ten a scope) is named in another's line.
      const listed = text.includes(spec.help[0]?.command ?? `/${spec.name}`);
      expect({ command: spec.name, listed }).toEqual({ command: spec.name, listed: doors.includes(spec.door) });
    }
    const noRole = doors.length === 1;
    expect(text.includes('Du har ingen roll i åtgärdsplanen')).toBe(noRole);
    if (noRole) expect(text).toContain(deployment.administrators[0]!.name);
  });

  it.each(['/status', '/status rek2', '/status 2a'])('every button on %s opens for them', async (command) => {
    const [sent] = await fixture.chat.say(user, command);
    const verbs = verbsOn(sentCard(sent!));
    expect(verbs.length).toBeGreaterThan(0);
    for (const verb of verbs) expect({ verb, opens: mayVerb(verb as CardVerb) }).toEqual({ verb, opens: true });
  });

  it('the recommendation card offers *Bedöm rek 2* exactly when the assessment door opens', async () => {
    const text = await fixture.chat.cardFor(user, '/status rek2');
    expect(text.includes('Bedöm rek 2')).toBe(mayVerb('showAssessment'));
    const pressed = await fixture.chat.press(user, 'showStatus', { target: 'rek2' });
    expect(verbsOn(pressed.value).includes('showAssessment')).toBe(mayVerb('showAssessment'));
  });

  it('/frånvaro explains its dates only to someone it is for', async () => {
    const [sent] = await fixture.chat.say(user, '/frånvaro');
    const text = sent!.body.text ?? '';
    const mayAbsence = doors.includes(COMMANDS.find((c) => c.name === 'frånvaro')!.door);
    expect(text.includes('Skriv frånvaron som två datum')).toBe(mayAbsence);
    if (!mayAbsence) expect(text).toBe(TEXT.absenceNoActivities);
  });
});

describe('the roles the table gives the six local users', () => {
  // Written out, so that the generated expectations above are checked against what the deployment says.
  it.each([
    ['karin', ['anyone', 'answerer', 'selfOrAdministrator']],
    ['johan', ['anyone', 'answerer', 'selfOrAdministrator']],
    ['sara', ['anyone', 'answerer']],
    ['anders', ['anyone', 'answerer', 'management', 'administrator', 'selfOrAdministrator']],
    ['maria', ['anyone', 'management']],
    ['erik', ['anyone']],
  ] as const)('%s: %j', (who, expected) => {
    expect(doorsOf(USERS[who].aadObjectId)).toEqual(expected);
  });
});
