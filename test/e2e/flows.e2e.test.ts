/**
 * The bot's flows end to end: the real bot (real HTTP endpoint, embedded SQLite store in a temp
 * folder, local mode) behind the Agents Playground, driven in headless Chromium in Swedish, as the
 * local users of .m365agentsplayground.yml. One page per user: the chat history lives in the page,
 * so the tests of a describe run in order and build on each other.
 *
 * Every kind of card the bot sends is saved to docs/screenshots/ under a stable name.
 */
import type { Locator } from 'playwright-core';
import { startTestBot, type TestBot } from '../support/bot';
import type { ChatPage } from './support/browser';
import { readPlaygroundBot } from './support/playground';
import { mark, shot, userSession } from './support/session';

jest.setTimeout(120_000);

const PLAN = 'ha-familjehem';

const COMMENT = 'Rutinen är försenad på grund av sjukfrånvaro i gruppen.';
const NEXT_STEP = 'Remiss till ledningsgruppen i december';
const MILESTONE = /Uppdaterad rutin för dokumentation av kontroller färdig/;
const INDICATOR = /Andel familjehem där samtliga kontroller är dokumenterade/;

let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot();
  mark('bot up');
});

afterAll(async () => {
  await bot?.dispose();
  mark('bot stopped');
});

const history = () => bot.store.answers.answerHistory(PLAN, '2a');

/** Asks for /uppdatera (with an argument, if any) and returns the newest prompt card for 2a. */
async function promptCard2a(chat: ChatPage, command = '/uppdatera'): Promise<Locator> {
  const before = await chat.page.locator('.ac-adaptiveCard').filter({ hasText: 'Statusuppdatering 2a' }).count();
  await chat.send(command);
  const cards = chat.page.locator('.ac-adaptiveCard').filter({ hasText: 'Statusuppdatering 2a' });
  await cards.nth(before).waitFor();
  return cards.nth(before);
}

describe('as Karin Lind, owner of 1b, 2a and 3b', () => {
  let chat: ChatPage;
  userSession(() => bot, {
    open: 'Personal Chat',
    ready: (s) => {
      chat = s.chat;
    },
  });

  it('/hjälp in the personal chat shows the help card', async () => {
    await chat.send('/hjälp');
    const card = await chat.waitForCard('Åtgärdsplan – hjälp');
    expect(await card.innerText()).toContain('/status');
    await chat.screenshot(card, shot('hjalp.png'));
    mark('help');
  });

  it('/status rek2 shows the recommendation with its activity, unit and owner', async () => {
    await chat.send('/status rek2');
    const card = await chat.waitForCard('Rek 2: Säkerställa att kontroller av familjehem');
    const text = await card.innerText();
    expect(text).toContain('2a · Familjehemsenheten');
    expect(text).toContain('Karin Lind');
    expect(text).toMatch(/inget svar ännu/i);
    await chat.screenshot(card, shot('status-rek2.png'));
    mark('status rek2');
  });

  it('/uppdatera gives one prompt card per activity the owner has', async () => {
    await chat.send('/uppdatera');
    await chat.waitForText('Här är dina 3 statuskort, ett per aktivitet.');
    for (const id of ['1b', '2a', '3b']) await chat.waitForCard(`Statusuppdatering ${id}`);
    mark('prompts');
  });

  it('when the owner fills in and saves the prompt card, the confirmation replaces it and the answer is stored', async () => {
    const card = chat.page.locator('.ac-adaptiveCard').filter({ hasText: 'Statusuppdatering 2a' }).last();
    await chat.choose(card, /^Status/, 'Risk för försening');
    await chat.fillText(card, /^Kommentar/, COMMENT);
    await chat.fillText(card, 'Nästa steg', NEXT_STEP);
    await chat.tick(card, MILESTONE);
    await chat.fillNumber(card, INDICATOR, 75);
    expect(await card.getByRole('checkbox', { name: MILESTONE }).isChecked()).toBe(true);
    expect(await card.getByRole('spinbutton', { name: INDICATOR }).inputValue()).toBe('75');
    await chat.screenshot(card, shot('statuskort.png'));

    const cardsBefore = await chat.page.locator('.ac-adaptiveCard').count();
    await card.getByRole('button', { name: 'Spara status' }).click();
    const saved = await chat.waitForCard('Tack! Statusen är sparad');
    const text = await saved.innerText();
    expect(text).toContain('av Karin Lind som ansvarig');
    expect(text).toContain('Risk för försening');
    // In place: the prompt is gone and no card was added.
    expect(await chat.page.locator('.ac-adaptiveCard').filter({ hasText: 'Statusuppdatering 2a' }).count()).toBe(0);
    expect(await chat.page.locator('.ac-adaptiveCard').count()).toBe(cardsBefore);
    await chat.screenshot(saved, shot('sparat.png'));

    const [answer, ...more] = await history();
    expect(more).toEqual([]);
    expect(answer).toMatchObject({
      status: 'risk',
      comment: COMMENT,
      nextStep: NEXT_STEP,
      answeredBy: { name: 'Karin Lind' },
      milestonesReached: ['2a-m2'],
      indicators: { '2a-i1': 75 },
    });
    mark('saved');
  });

  it('/status rek2 afterwards shows the new status and the comment', async () => {
    const before = await chat.page.locator('.ac-adaptiveCard').filter({ hasText: 'Rek 2: Säkerställa' }).count();
    await chat.send('/status rek2');
    const card = chat.page.locator('.ac-adaptiveCard').filter({ hasText: 'Rek 2: Säkerställa' }).nth(before);
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toContain('Risk för försening');
    expect(text).toContain(COMMENT);
    mark('status rek2 after');
  });

  it('/status 2a shows the activity with the answer in its history', async () => {
    await chat.send('/status 2a');
    const card = await chat.waitForCard('Aktivitet 2a · Familjehemsenheten');
    const text = await card.innerText();
    expect(text).toContain('Karin Lind');
    expect(text).toContain('Risk för försening');
    expect(text).toContain(COMMENT);
    await chat.screenshot(card, shot('status-aktivitet-2a.png'));
    mark('status 2a');
  });

  it('when the comment holds a personnummer, the card comes back with the number masked and the reason next to the field', async () => {
    const card = await promptCard2a(chat);
    await chat.choose(card, /^Status/, 'Pågår enligt plan');
    // An em dash and a thin space, as pasted from a document: the guard normalises before it matches.
    await chat.fillText(card, /^Kommentar/, 'Gäller 19121212\u2014\u20091212, se akten');
    await chat.fillText(card, 'Nästa steg', 'Möte');
    await card.getByRole('button', { name: 'Spara status' }).click();

    const again = await chat.waitForCard('Ingenting har sparats ännu:');
    const text = await again.innerText();
    expect(text).toContain('Statusuppdatering 2a');
    expect(text).toContain('Kommentar innehöll något som ser ut som ett personnummer');
    // The label is marked with ⚠️ now: the field is the one to correct.
    expect(await again.getByLabel(/⚠️ Kommentar/).inputValue()).toBe('Gäller [personnummer borttaget], se akten');
    expect(await again.getByLabel('Nästa steg').inputValue()).toBe('Möte');
    expect(await again.innerHTML()).not.toMatch(/19121212|1212, se/);
    // The reason is in the card, not in a message beside it.
    expect(await chat.invokedMessages().filter({ hasText: 'personnummer' }).count()).toBe(0);
    await chat.screenshot(again, shot('statuskort-personnummer.png'));

    expect((await history()).map((a) => a.comment)).toEqual([COMMENT]);
    mark('personnummer');
  });

  it('a refused save shows the reason right above the button, marks the field and keeps the rest', async () => {
    const card = await promptCard2a(chat);
    await chat.choose(card, /^Status/, 'Försenad');
    await chat.fillText(card, 'Nästa steg', 'Möte med ledningsgruppen');
    await card.getByRole('button', { name: 'Spara status' }).click();

    const again = chat.page
      .locator('.ac-adaptiveCard')
      .filter({ hasText: 'Skriv en kommentar om varför statusen är ”försenad”.' })
      .last();
    await again.waitFor();
    expect(await again.getByLabel('Nästa steg').inputValue()).toBe('Möte med ledningsgruppen');
    await again.getByLabel(/⚠️ Kommentar/).waitFor();

    const button = again.getByRole('button', { name: 'Spara status' });
    await button.scrollIntoViewIfNeeded();
    const reason = again.getByText('⚠️ Ingenting har sparats ännu:');
    const [r, b, c] = [await reason.boundingBox(), await button.boundingBox(), await again.boundingBox()];
    // In view together: the reason ends a short way above the button.
    expect(b!.y - (r!.y + r!.height)).toBeLessThan(250);
    const top = Math.max(0, r!.y - 160);
    await chat.page.screenshot({
      path: shot('statuskort-fel-vid-knappen.png'),
      animations: 'disabled',
      clip: { x: c!.x, y: top, width: c!.width, height: b!.y + b!.height + 16 - top },
    });
    expect((await history()).map((a) => a.comment)).toEqual([COMMENT]);
    mark('refused beside the button');
  });

  it('@mentioning the bot with /status in the team channel shows the overview card there', async () => {
    const { name } = readPlaygroundBot();
    await chat.openChat('Uppföljning');
    expect(chat.isChannel).toBe(true);
    await chat.sendWithMention(name, '/status');
    const card = await chat.waitForCard('Åtgärdsplanen – läget');
    const text = await card.innerText();
    for (const n of [1, 2, 3]) expect(text).toContain(`Rek ${n}`);
    await chat.screenshot(card, shot('status-oversikt.png'));
    mark('channel overview');
  });
});

describe('as Erik Nyström, who owns nothing', () => {
  let chat: ChatPage;
  userSession(() => bot, {
    userId: 'user-id-5',
    userName: 'Erik Nyström',
    open: 'Personal Chat',
    ready: (s) => {
      chat = s.chat;
    },
  });

  it('/uppdatera tells him he is not responsible for any activity', async () => {
    await chat.send('/uppdatera');
    await chat.waitForText('Du är inte ansvarig för någon aktivitet');
    mark('erik uppdatera');
  });

  it('/uppdatera 2a is refused up front and offers /status 2a; nothing is stored', async () => {
    const stored = (await bot.store.answers.allAnswers(PLAN)).length;
    await chat.send('/uppdatera 2a');
    const refusal = await chat.waitForText('Du kan inte uppdatera aktivitet 2a');
    expect(await refusal.innerText()).toContain('Skriv /status 2a för att se läget.');
    await chat.screenshot(refusal, shot('ej-agare.png'));

    expect(await bot.store.answers.allAnswers(PLAN)).toHaveLength(stored);
    expect((await history()).map((a) => a.answeredBy.name)).toEqual(['Karin Lind']);
    mark('erik refused');
  });
});
