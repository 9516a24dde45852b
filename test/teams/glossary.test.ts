import { renderCard as renderTyped, type CardName, type CardViews } from '../../src/teams/cards/render';
import { hello, MARK, ruledOutWords } from '../../src/teams/glossary';
import { TEXT } from '../../src/teams/replies';
import { vocabularyProblems } from '../support/vocabulary';
import { cardFixtures } from './cardFixtures';

const fixtures = cardFixtures() as Record<string, Array<{ name: string; view: object }>>;
const renderCard = (name: CardName, view: object) => renderTyped(name, view as CardViews[CardName]);

/** Every template rendered with every view-model fixture it has. */
const rendered = Object.entries(fixtures).flatMap(([template, list]) =>
  list.map((f) => [template, f.name, renderCard(template as CardName, f.view)] as const),
);

/** The plain texts of replies.ts that take no argument, however deep in TEXT. */
function staticTexts(node: unknown, path = 'TEXT'): Array<[string, string]> {
  if (typeof node === 'string') return [[path, node]];
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([key, value]) => staticTexts(value, `${path}.${key}`));
  }
  return [];
}

describe('one vocabulary on every card and in every reply', () => {
  it('renders every template', () => {
    expect(new Set(rendered.map(([t]) => t)).size).toBeGreaterThanOrEqual(13);
  });

  it.each(rendered.map(([t, n, card]) => [`${t}: ${n}`, card]))(
    '%s: only the glossary’s words, Swedish dates, Swedish placeholders',
    (_, card) => {
      expect(vocabularyProblems(card)).toEqual([]);
    },
  );

  it('the check finds each kind of problem', () => {
    const bad = {
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: 'Flytta delmålet till 2027-03-01.' },
        { type: 'Input.Date', id: 'from', label: 'Från' },
        { type: 'Input.Text', id: 'why', label: 'Skäl', placeholder: 'Select a date…' },
      ],
    };
    expect(vocabularyProblems(bad)).toHaveLength(4);
  });

  it.each(staticTexts(TEXT))('%s uses only the glossary’s words', (_, text) => {
    expect(ruledOutWords(text)).toEqual([]);
  });

  it('the replies that name people use the glossary', () => {
    const texts = [
      TEXT.notAllowed('2a', 'Karin Lind'),
      TEXT.updateNotAllowed('2a', 'Karin Lind'),
      TEXT.dispatchStarted(2),
      TEXT.greeting('Karin Lind'),
    ];
    expect(texts.flatMap(ruledOutWords)).toEqual([]);
  });

  it('overdue and "fix this" have a mark each', () => {
    expect(MARK.overdue).not.toBe(MARK.fix);
  });

  it('one greeting: the first name, else a plain "Hej!"', () => {
    expect([hello('Karin Lind'), hello('Erik'), hello(''), hello(undefined), TEXT.greeting('okänd')]).toEqual([
      'Hej Karin!',
      'Hej Erik!',
      'Hej!',
      'Hej!',
      expect.stringMatching(/^Hej! /),
    ]);
  });
});
