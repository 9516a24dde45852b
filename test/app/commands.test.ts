import { loadDeployment } from '../../src/config/deploymentFile';
import { interpretMessage } from '../../src/app/commands';
import { COMMAND_WORDS } from '../../src/teams/commands';
import { allActivities } from '../../src/domain/plan';

const { plan } = loadDeployment('deployments/local.json');
const read = (text: string) => interpretMessage(text, plan, COMMAND_WORDS);

/** Every way of naming a recommendation or an activity by itself or in a phrase, for every id in the plan. */
function idSpellings(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const r of plan.recommendations) {
    const n = r.number;
    for (const s of [`rek${n}`, `rek ${n}`, `Rek ${n}`, `REK${n}`, `/rek${n}`, `rek${n}?`, `rekommendation ${n}`]) {
      out.push([s, `rek${n}`]);
    }
    for (const s of [`status för rek ${n}`, `Status för rek${n}?`, `visa rek ${n}`, `hur går det med rek ${n}?`]) {
      out.push([s, `rek${n}`]);
    }
  }
  for (const a of allActivities(plan)) {
    for (const s of [
      a.id,
      a.id.toUpperCase(),
      `${a.id}!`,
      `aktivitet ${a.id}`,
      `status för ${a.id}`,
      `hur går det för ${a.id}?`,
    ]) {
      out.push([s, a.id]);
    }
  }
  return out;
}

/** One-edit typos of a word: each letter dropped, each pair of neighbours swapped, each letter doubled. */
function typos(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) {
    out.add(word.slice(0, i) + word.slice(i + 1));
    out.add(word.slice(0, i) + word[i] + word.slice(i));
    if (i < word.length - 1) out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  out.delete(word);
  // A drop that leaves fewer than four letters is too little to guess from.
  return [...out].filter((t) => t.length >= 4);
}

describe('reading a message no command took', () => {
  it.each(idSpellings())('"%s" is a status question about %s', (text, id) => {
    const meaning = read(text);
    expect(meaning.kind).toBe('status');
    const argument = (meaning as { argument: string }).argument;
    // The argument /status gets names the same thing.
    expect(argument.replace(/[^0-9a-z]/g, '').replace(/^(?:.*?)(rek\d+|\d+[a-z]+)$/, '$1')).toContain(
      id.replace('rek', ''),
    );
  });

  it('bare ids the plan lacks are not status questions', () => {
    for (const text of ['rek9', '9z', '2x', 'rek 0']) expect(read(text).kind).not.toBe('status');
  });

  it.each(
    COMMAND_WORDS.flatMap((c) =>
      typos(c).flatMap((t) => [
        [t, c],
        [`/${t}`, c],
      ]),
    ),
  )('the typo "%s" is answered with "Menade du /%s?"', (typo, command) => {
    const meaning = read(typo);
    // Two commands may be one edit from a typo; the nearest is then either.
    expect(meaning).toMatchObject({ kind: 'didYouMean' });
    if ((meaning as { command: string }).command !== `/${command}`) {
      expect(['/status', '/rapport', '/koppla', '/hjälp']).toContain((meaning as { command: string }).command);
    }
  });

  it('a typo keeps what followed it, so the suggestion is the whole command', () => {
    expect(read('/statsu rek2')).toEqual({ kind: 'didYouMean', command: '/status', rest: 'rek2' });
  });

  it.each(['Hej!', 'hej', 'Hejsan', 'Hallå', 'God morgon!', 'Tjena', 'hej hej', 'Hej boten!', '<p>Hej!</p>'])(
    '"%s" is a greeting',
    (text) => expect(read(text)).toEqual({ kind: 'greeting' }),
  );

  it.each([
    'tack',
    'Tack!',
    'Tack så mycket',
    'tusen tack',
    'Stort tack för hjälpen',
    '👍',
    '👍🏽',
    '👍👍',
    '🙏',
    '❤️',
    '<img alt="👍" src="x">',
  ])('"%s" is thanks', (text) => expect(read(text)).toEqual({ kind: 'thanks' }));

  it.each(['', 'vad ska jag göra', 'xyz', 'sta', 'rapporten är bra men', '12345'])('"%s" is not understood', (text) => {
    expect(read(text).kind).toBe('unknown');
  });
});
