import { containsPersonalIdentityNumber, PERSONAL_NUMBER_MASK } from '../../src/domain/personalData';
import { personalKey } from '../../src/app/conversations';
import { LocalConnector, cardText, sentCard } from '../support/connector';
import type { TestBot } from '../support/bot';
import { useBotFixture } from '../support/fixture';
import { Chat } from '../support/conversation';
import { IDENTITIES, htmlSpellings, ordinaryTexts, spellings } from '../support/personnummerCorpus';
import { TENANT, USERS, cardAction, messageActivity, postActivity } from '../support/teams';

const PLAN = 'ha-familjehem';

/** A submission from Karin's prompt card for 2a, with the inputs given. */
const submission = (inputs: Record<string, unknown>) => ({ activityId: '2a', promptId: 'kort-1', ...inputs });

/** Every card input, each with a number written into it. */
const CARD_INPUTS: Array<[string, (n: string) => Record<string, unknown>]> = [
  ['comment', (n) => ({ status: 'pågår', comment: `Samtal med ${n} om placeringen` })],
  ['nextStep', (n) => ({ status: 'pågår', nextStep: `Ring om ${n}` })],
  ['evidenceUrl', (n) => ({ status: 'pågår', evidenceUrl: `https://2c8.stockholm.se/akt?id=${n}` })],
  ['indicator', (n) => ({ status: 'pågår', 'indicator_2a-i1': n })],
  ['milestones', (n) => ({ status: 'pågår', milestones: `2a-m1,${n}` })],
  ['status', (n) => ({ status: n })],
  ['activityId', (n) => ({ status: 'pågår', activityId: n })],
  ['promptId', (n) => ({ status: 'pågår', promptId: n })],
  ['an input the card does not have', (n) => ({ status: 'pågår', extra: n })],
];

/** Everything a reply shows: a card's texts and values, or a message's text. */
const shownIn = (value: unknown): string => (typeof value === 'string' ? value : cardText(value));

describe('a personnummer in anything a person sends', () => {
  const fixture = useBotFixture();
  let connector: LocalConnector;
  let bot: TestBot;
  let chat: Chat;
  beforeEach(() => ({ bot, chat, connector } = fixture));

  describe.each(IDENTITIES)('the number $century$date-$last', (id) => {
    it.each(CARD_INPUTS)(
      'in every spelling, in the card input %s, is refused, never shown back and nothing is stored',
      async (_input, inputs) => {
        const leaks: string[] = [];
        for (const [name, written] of spellings(id)) {
          const body = await chat.press(USERS.karin, 'submitStatus', submission(inputs(written)));
          const shown = shownIn(body.value);
          const json = JSON.stringify(body);
          if (json.includes('Tack! Statusen är sparad')) leaks.push(`${name}: saved`);
          if (shown.includes(written) || containsPersonalIdentityNumber(shown)) leaks.push(`${name}: shown`);
        }
        expect(leaks).toEqual([]);
        expect(await bot.store.answers.allAnswers(PLAN)).toEqual([]);
        expect(connector.sent).toEqual([]);
      },
    );

    it.each([
      ['/status', (n: string) => `/status ${n}`],
      ['/uppdatera', (n: string) => `/uppdatera ${n}`],
      ['/koppla', (n: string) => `/koppla ${n}`],
      ['chat', (n: string) => `Hej! Gäller barnet ${n}, kan du ringa?`],
    ])(
      'in every spelling, in %s, gets only a refusal that asks the person to delete the message',
      async (_where, text) => {
        const wrong: string[] = [];
        const all = [...spellings(id), ...htmlSpellings(id)];
        for (const [name, written] of all) {
          const [answer, ...more] = await chat.say(USERS.karin, text(written));
          if (more.length > 0 || !answer!.body.text?.includes('Ta bort ditt meddelande'))
            wrong.push(`${name}: ${answer!.body.text}`);
          if (containsPersonalIdentityNumber(answer!.body.text ?? '')) wrong.push(`${name}: echoed`);
        }
        expect(wrong).toEqual([]);
        expect(connector.sent).toHaveLength(all.length);
      },
    );
  });

  it('the refused field comes back with the number masked and the rest kept, its error next to it', async () => {
    const body = await chat.press(
      USERS.karin,
      'submitStatus',
      submission({ status: 'pågår', nextStep: 'Ring 19121212\u2014 1212 i morgon', 'indicator_2a-i1': '191212121212' }),
    );
    const card = body.value as { body: Array<Record<string, any>> };
    const flat = JSON.stringify(card);
    expect(flat).toContain(`"value":"Ring ${PERSONAL_NUMBER_MASK} i morgon"`);
    const at = (id: string) => card.body.findIndex((e) => e.id === id);
    expect(card.body[at('nextStep') + 1]).toMatchObject({ color: 'Attention' });
    expect(card.body[at('nextStep') + 1]!.text).toContain('Nästa steg innehöll något som ser ut som ett personnummer');
    const indicator = card.body.find((e) => e.type === 'Container' && JSON.stringify(e).includes('indicator_2a-i1'))!;
    expect(indicator.items[0].value ?? null).toBeNull();
    expect(indicator.items[1].text).toContain('innehöll något som ser ut som ett personnummer');
  });

  it(`ordinary status texts pass through the bot and are saved as written`, async () => {
    const texts = ordinaryTexts().filter((_, i) => i % 12 === 0);
    const refused: string[] = [];
    for (const [i, text] of texts.entries()) {
      const body = await chat.press(
        USERS.karin,
        'submitStatus',
        submission({ promptId: `vanlig-${i}`, status: 'pågår', comment: text, nextStep: text }),
      );
      if (!shownIn(body.value).includes('Tack! Statusen är sparad')) refused.push(text);
    }
    expect(refused).toEqual([]);
    const saved = await bot.store.answers.answerHistory(PLAN, '2a');
    expect(saved.map((a) => a.comment).sort()).toEqual([...texts].sort());
    expect(texts.length).toBeGreaterThanOrEqual(100);
  });
});

/** Every string in a card, with the element type it sits in. */
function placesOf(card: unknown, needle: string): string[] {
  const places: string[] = [];
  const walk = (node: unknown, type: string, key: string): void => {
    if (typeof node === 'string') {
      if (node.includes(needle)) places.push(`${type}.${key}`);
    } else if (Array.isArray(node)) node.forEach((n) => walk(n, type, key));
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      const here = typeof o.type === 'string' ? o.type : 'title' in o && 'value' in o ? 'Fact' : type;
      for (const [k, v] of Object.entries(o)) walk(v, here, k);
    }
  };
  walk(card, 'AdaptiveCard', '');
  return places;
}

describe("a person's text stays text", () => {
  const fixture = useBotFixture();
  let chat: Chat;
  beforeEach(() => ({ chat } = fixture));

  const MARKUP = '**fet** [länk](https://evil.example/x) ![bild](https://evil.example/y.png)\r# Rubrik\n- lista';

  it('a comment and next step full of markup show only as unparsed text runs or input values, in every card', async () => {
    const saved = await chat.press(
      USERS.karin,
      'submitStatus',
      submission({ status: 'risk', comment: MARKUP, nextStep: MARKUP, evidenceUrl: 'https://räksmörgås.se/rutin' }),
    );
    const cards = {
      confirmation: saved.value,
      activity: sentCard((await chat.say(USERS.maria, '/status 2a'))[0]!),
      recommendation: sentCard((await chat.say(USERS.maria, '/status rek2'))[0]!),
      prompt: sentCard((await chat.say(USERS.karin, '/uppdatera 2a', 2))[1]!),
    };
    for (const [name, card] of Object.entries(cards)) {
      const places = placesOf(card, 'evil.example');
      expect([name, places.length > 0]).toEqual([name, true]);
      expect([name, places.filter((p) => p !== 'TextRun.text' && p !== 'Input.Text.value')]).toEqual([name, []]);
    }
    expect(cardText(cards.confirmation)).toContain('xn--rksmrgs-5wao1o.se – https://xn--rksmrgs-5wao1o.se/rutin');
  });

  it('an unknown /status argument is echoed cut to about 40 characters, as plain text', async () => {
    const [answer] = await chat.say(USERS.maria, `/status **${'x'.repeat(200)}**`);
    expect(answer!.body.textFormat).toBe('plain');
    const echoed = /”(.*)”/.exec(answer!.body.text!)![1]!;
    expect([...echoed].length).toBeLessThanOrEqual(40);
    expect(echoed.endsWith('…')).toBe(true);
  });
});

describe('doors', () => {
  const fixture = useBotFixture();
  let connector: LocalConnector;
  let bot: TestBot;
  let chat: Chat;
  beforeEach(() => ({ bot, chat, connector } = fixture));

  it('/uppdatera 2a from someone who may not answer for 2a is refused up front and offered /status 2a', async () => {
    for (const user of [USERS.erik, USERS.johan, USERS.maria]) {
      const sent = await chat.say(user, '/uppdatera 2a');
      expect(sent).toHaveLength(1);
      expect(sent[0]!.body.text).toContain('Du kan inte uppdatera aktivitet 2a');
      expect(sent[0]!.body.text).toContain('Skriv /status 2a');
      expect(sent[0]!.body.attachments ?? []).toEqual([]);
    }
  });

  it('the owner, the deputy and an administrator get the card', async () => {
    for (const user of [USERS.karin, USERS.sara, USERS.anders]) {
      const [, card] = await chat.say(user, '/uppdatera 2a', 2);
      expect(cardText(sentCard(card!))).toContain('Statusuppdatering 2a');
    }
  });

  it('"Rätta svaret" from someone who may not answer opens nothing', async () => {
    const saved = await chat.press(USERS.karin, 'submitStatus', submission({ status: 'pågår' }));
    const correct = (saved.value as { actions: Array<{ verb: string; data: unknown }> }).actions.find(
      (a) => a.verb === 'correctStatus',
    )!;
    const refused = await chat.press(USERS.erik, 'correctStatus', correct.data);
    expect(refused.value).toContain('Du kan inte uppdatera aktivitet 2a');
    const allowed = await chat.press(USERS.sara, 'correctStatus', correct.data);
    expect(cardText(allowed.value)).toContain('Statusuppdatering 2a');
  });

  it('a request from another tenant gets a short refusal and nothing is stored', async () => {
    const other = '99999999-0000-0000-0000-000000000099';
    const answersBefore = (await bot.store.answers.allAnswers(PLAN)).length;
    const inOther = <T extends Record<string, any>>(a: T): T => ({
      ...a,
      conversation: { ...a.conversation, id: 'a:annan', tenantId: other },
      channelData: { tenant: { id: other } },
    });
    const stranger = { id: 'user-id-99', aadObjectId: '99999999-0000-0000-0000-000000000042', name: 'Främling' };
    const message = await postActivity(bot.url, inOther(messageActivity(connector.url, stranger as any, '/status')));
    expect(message.status).toBe(200);
    await connector.waitForSent(1);
    expect(connector.sent[0]!.body.text).toBe(
      'Den här boten används bara inom Stockholms stad. Ingenting har sparats.',
    );
    const invoke = await postActivity(
      bot.url,
      inOther(cardAction(connector.url, stranger as any, 'submitStatus', submission({ status: 'klar' }))),
    );
    expect((invoke.body as any).value).toBe('Den här boten används bara inom Stockholms stad. Ingenting har sparats.');
    expect(await bot.store.answers.allAnswers(PLAN)).toHaveLength(answersBefore);
    expect(await bot.store.conversations.conversation(personalKey(stranger.aadObjectId))).toBeUndefined();
    expect(connector.sent).toHaveLength(1);
    expect(TENANT).not.toBe(other);
  });

  it('/koppla without its slash does nothing', async () => {
    const [answer] = await chat.say(USERS.anders, 'koppla kanalen', 1, {
      kind: 'channel',
      teamId: 't1',
      channelId: '19:k',
    });
    expect(answer!.body.text).toBe(
      'Det kommandot känner jag inte igen. Menade du /koppla kanalen? Skriv /hjälp för att se vad jag kan.',
    );
    expect(await bot.store.schedule.channelLink('ha-familjehem')).toBeUndefined();
  });

  it('read-only commands still work without the slash', async () => {
    expect(await chat.cardFor(USERS.maria, 'status 2a')).toContain('Aktivitet 2a');
  });
});
