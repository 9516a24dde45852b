import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { containsPersonalIdentityNumber } from '../../src/domain/personalData';
import { MAX_CARD_DEPTH } from '../../src/teams/cardData';
import { cardText, sentCard, type LocalConnector } from '../support/connector';
import type { TestBot } from '../support/bot';
import { useBotFixture } from '../support/fixture';
import { Chat } from '../support/conversation';
import { aDisguisedNumber } from '../support/spellingArbitraries';
import { checkForPersonalNumbers, logLinesScreened, takeLeaks } from '../support/leakCheck';
import { USERS, cardAction } from '../support/teams';

const PLAN = 'ha-familjehem';

/** A handful of numbers for each entry point, the same on every run: HTTP is slower than the guard itself. */
const disguised = (seed: number, n = 12): string[] => fc.sample(aDisguisedNumber, { seed, numRuns: n });

const shownIn = (value: unknown): string => (typeof value === 'string' ? value : cardText(value));

describe('a number disguised in any way, through every way text enters the bot', () => {
  const fixture = useBotFixture();
  let bot: TestBot;
  let chat: Chat;
  let connector: LocalConnector;
  beforeEach(() => ({ bot, chat, connector } = fixture));

  it.each([
    ['comment', (n: string) => ({ comment: `Samtal med ${n} om placeringen` })],
    ['next step', (n: string) => ({ nextStep: `Ring ${n}` })],
    ['evidence link', (n: string) => ({ evidenceUrl: `https://2c8.stockholm.se/akt/${n}` })],
    ['indicator', (n: string) => ({ 'indicator_2a-i1': n })],
  ])('in the %s of a status card, it is refused and nothing is stored', async (_field, inputs) => {
    const saved: string[] = [];
    for (const [i, written] of disguised(2101).entries()) {
      const body = await chat.press(USERS.karin, 'submitStatus', {
        activityId: '2a',
        promptId: `kort-${i}`,
        status: 'pågår',
        ...inputs(written),
      });
      if (shownIn(body.value).includes('Tack! Statusen är sparad')) saved.push(JSON.stringify(written));
    }
    expect(saved).toEqual([]);
    expect(await bot.store.answers.allAnswers(PLAN)).toEqual([]);
  });

  it.each([
    ['analysis', (n: string) => ({ analysis: `Uppföljning av ${n}` })],
    ['effects', (n: string) => ({ effects: `Effekt för ${n}` })],
  ])('in the %s of an assessment, it is refused and nothing is stored', async (_field, inputs) => {
    const saved: string[] = [];
    for (const written of disguised(2102)) {
      const body = await chat.press(USERS.maria, 'submitAssessment', {
        recommendationId: 'rek2',
        formId: randomUUID(),
        verdict: 'delvis',
        ...inputs(written),
      });
      if (shownIn(body.value).includes('Bedömningen är sparad')) saved.push(JSON.stringify(written));
    }
    expect(saved).toEqual([]);
    expect(await bot.store.followUp.assessments(PLAN)).toEqual([]);
  });

  it.each([
    ['chat', (n: string) => `Hej! Gäller barnet ${n}, kan du ringa?`],
    ['/status', (n: string) => `/status ${n}`],
    ['a /revidera reason', (n: string) => `/revidera 2a-m1 2027-03 "Barnet ${n} har flyttat"`],
    ['a /frånvaro name', (n: string) => `/frånvaro 2027-07-01–2027-07-31 för ${n}`],
    ['a link in chat', (n: string) => `/status <a href="https://x.se/?pnr=${n}">ärendet</a>`],
    ['an image text', (n: string) => `/status <img alt="${n}" src="https://x.se/a.png">`],
    ['an HTML comment', (n: string) => `/status 2a <!-- ${n} -->`],
    ['a span title', (n: string) => `/frånvaro 2027-07-01–2027-07-31 för <span title="${n}">Nisse</span>`],
  ])('in %s, it gets only the refusal and nothing is stored', async (_where, text) => {
    const wrong: string[] = [];
    const numbers = disguised(2103, 8);
    for (const written of numbers) {
      const [answer, ...more] = await chat.say(USERS.anders, text(written));
      if (more.length > 0 || !answer!.body.text?.includes('Ta bort ditt meddelande')) {
        wrong.push(`${JSON.stringify(written)}: ${answer!.body.text}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(connector.sent).toHaveLength(numbers.length);
  });
});

describe('what the bot repeats of what a person wrote', () => {
  const fixture = useBotFixture();
  let chat: Chat;
  beforeEach(() => ({ chat } = fixture));

  it('an unknown /status target is repeated without its markup', async () => {
    const [answer] = await chat.say(USERS.maria, '/status <b>rek9</b> <!-- dolt --> <span title="x">x</span>');
    expect(answer!.body.text).toContain('som heter ”rek9 x”');
    expect(answer!.body.text).not.toMatch(/<|dolt|title/);
  });

  it('an unknown /frånvaro name is repeated without its markup, control characters or Markdown', async () => {
    const [answer] = await chat.say(USERS.anders, '/frånvaro 2027-07-01–2027-07-31 för <i>**Nisse**</i>\u0007');
    expect(answer!.body.text).toContain('Jag hittar ingen som heter "Nisse"');
  });
});

describe('ids the bot made itself are read by their own schema', () => {
  const fixture = useBotFixture();
  let chat: Chat;
  beforeEach(() => ({ chat } = fixture));

  it('a prompt id whose digits form a valid samordningsnummer is our card', async () => {
    expect(containsPersonalIdentityNumber('3807793082')).toBe(true);
    const body = await chat.press(USERS.karin, 'submitStatus', {
      activityId: '2a',
      promptId: '830cc103-2a9d-4015-bf47-3807793082d3',
      status: 'pågår',
    });
    expect(shownIn(body.value)).toContain('Tack! Statusen är sparad');
  });

  it('random ids that hold a valid number in every id field of a status card never get the card refused', async () => {
    // Ids built to hold a number: far likelier to trip the screen than the random ones the bot makes.
    const withNumber = (digits: string): string => {
      const hex = randomUUID().replace(/-/g, '');
      const at = Math.floor(Math.random() * 20);
      return hex.slice(0, at) + digits + hex.slice(at + digits.length);
    };
    const refused: string[] = [];
    for (let i = 0; i < 20; i++) {
      const digits = i % 2 === 0 ? '3807793082' : '121212121212';
      const promptId = `${withNumber(digits).slice(0, 8)}-${randomUUID().slice(9, 23)}-${withNumber(digits).slice(0, 12)}`;
      const body = await chat.press(USERS.karin, 'submitStatus', {
        activityId: '2a',
        promptId,
        corrects: withNumber(digits),
        status: 'pågår',
        comment: `svar ${i}`,
      });
      if (!shownIn(body.value).includes('Tack! Statusen är sparad')) refused.push(promptId);
    }
    expect(refused).toEqual([]);
  });
});

describe('control characters and depth at the edge', () => {
  const fixture = useBotFixture();
  let bot: TestBot;
  let chat: Chat;
  let connector: LocalConnector;
  beforeEach(() => ({ bot, chat, connector } = fixture));

  it('control characters and lone surrogates are removed from a comment before it is stored', async () => {
    const body = await chat.press(USERS.karin, 'submitStatus', {
      activityId: '2a',
      promptId: 'kort-c',
      status: 'pågår',
      comment: 'Rutin\u0000 klar\u0007\u009b\ud800 i\ttid\r\nnästa rad',
    });
    expect(shownIn(body.value)).toContain('Tack! Statusen är sparad');
    const [answer] = await bot.store.answers.allAnswers(PLAN);
    expect(answer!.comment).toBe('Rutin klar i\ttid\nnästa rad');
  });

  it(`card data nested deeper than ${MAX_CARD_DEPTH} levels gets a clear refusal and changes nothing`, async () => {
    const before = (await bot.store.answers.allAnswers(PLAN)).length;
    for (const depth of [MAX_CARD_DEPTH + 1, 10_000]) {
      // Written out by hand: JSON.stringify itself would overflow on the deepest.
      const activity = cardAction(connector.url, USERS.karin, 'submitStatus', {
        activityId: '2a',
        promptId: 'kort-d',
        status: 'pågår',
        deep: 'DEEP',
      });
      const raw = JSON.stringify(activity).replace('"DEEP"', `${'{"x":'.repeat(depth)}"botten"${'}'.repeat(depth)}`);
      const res = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: raw,
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { value: unknown };
      expect(String(body.value)).toContain(`Kortet skickade uppgifter i fler än ${MAX_CARD_DEPTH} nivåer`);
    }
    expect(await bot.store.answers.allAnswers(PLAN)).toHaveLength(before);
  });

  it('card data within the bound is read as before', async () => {
    let deep: unknown = 'botten';
    for (let i = 0; i < MAX_CARD_DEPTH - 4; i++) deep = { x: deep };
    const body = await chat.press(USERS.karin, 'submitStatus', {
      activityId: '2a',
      promptId: 'kort-e',
      status: 'pågår',
      deep,
    });
    expect(shownIn(body.value)).toContain('Tack! Statusen är sparad');
  });
});

describe('refreshPrompt behind its door', () => {
  const fixture = useBotFixture();
  let chat: Chat;
  beforeEach(() => ({ chat } = fixture));

  it("someone who may not answer for 3b gets a read-only card without the owner's link or indicator values", async () => {
    const [, first] = await chat.say(USERS.karin, '/uppdatera 3b', 2);
    const form = sentCard(first!) as { actions: Array<{ verb: string; data: Record<string, unknown> }> };
    const submit = form.actions.find((a) => a.verb === 'submitStatus')!;
    const indicators = Object.fromEntries(
      JSON.stringify(form)
        .match(/"id":"indicator_[^"]+"/g)!
        .map((m) => [m.slice(6, -1), '47']),
    );
    const saved = await chat.press(USERS.karin, 'submitStatus', {
      ...submit.data,
      status: 'pågår',
      evidenceUrl: 'https://intranet.example.se/hemlig-akt-4711',
      ...indicators,
    });
    expect(shownIn(saved.value)).toContain('Tack! Statusen är sparad');
    const [, again] = await chat.say(USERS.karin, '/uppdatera 3b', 2);
    const refresh = (sentCard(again!) as { refresh: { action: { data: Record<string, unknown> } } }).refresh.action;

    for (const user of [USERS.erik, USERS.maria, USERS.johan]) {
      const body = await chat.press(user, 'refreshPrompt', refresh.data, { trigger: 'automatic' });
      const json = JSON.stringify(body);
      expect([user.name, json.includes('hemlig-akt-4711'), json.includes('"47"'), /Input\./.test(json)]).toEqual([
        user.name,
        false,
        false,
        false,
      ]);
      expect(cardText(body.value)).toContain('Aktivitet 3b');
    }
    for (const user of [USERS.karin, USERS.sara, USERS.anders]) {
      const body = await chat.press(user, 'refreshPrompt', refresh.data, { trigger: 'automatic' });
      expect([user.name, JSON.stringify(body).includes('hemlig-akt-4711')]).toEqual([user.name, true]);
    }
  });
});

describe('the check that screens every reply, card and log line', () => {
  const fixture = useBotFixture();
  let chat: Chat;
  beforeEach(() => ({ chat } = fixture));

  it('reads the log lines the bot writes, and finds a number in anything it is handed', async () => {
    const before = logLinesScreened();
    // Refused card data is logged as a warning: a line written during a turn.
    let deep: unknown = 'botten';
    for (let i = 0; i <= MAX_CARD_DEPTH; i++) deep = { x: deep };
    await chat.press(USERS.karin, 'submitStatus', { activityId: '2a', promptId: 'kort-l', status: 'pågår', deep });
    expect(logLinesScreened()).toBeGreaterThan(before);
    checkForPersonalNumbers({ body: { text: 'Kontakt med 19121212\u034f-1212' } }, 'a made-up reply');
    expect(takeLeaks()).toEqual([expect.stringContaining('a made-up reply')]);
  });
});
