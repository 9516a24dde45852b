/**
 * What the bot does by itself, end to end: the weekly summary to the channel the management group
 * linked, and the scheduled status prompts and reminders in an owner's personal chat. The real bot
 * (local mode, SQLite in a temp folder) runs on a test clock; the tests move the clock and call
 * `bot.scheduler.tick()` where the running bot's cron would. Nobody types for the scheduled cards:
 * they arrive as proactive messages in the Agents Playground, driven in headless Chromium.
 *
 * Only the Playground's current user can type, and the bot can only write to someone whose
 * conversation it has seen, so there are two sessions: Maria Sjöberg (ledningsgruppen) links the
 * channel and sees the summaries; then Karin Lind (owner of 1b, 2a and 3b) gets the prompts.
 */
import type { Locator } from 'playwright-core';
import { startTestBot, type TestBot } from '../support/bot';
import type { ChatPage } from './support/browser';
import { readPlaygroundBot, type Playground } from './support/playground';
import { mark, shot, userSession } from './support/session';

jest.setTimeout(120_000);

const PLAN = 'ha-familjehem';

/** Entra object ids of deployments/local.json. */
const MARIA = '00000000-0000-0000-0000-0000000000024';
const KARIN = '00000000-0000-0000-0000-0000000000020';
const JOHAN = '00000000-0000-0000-0000-0000000000021';
const CHANNEL_KEY = 'channel:channel-uppfoljning-id';

/** Case-sensitive, so "Sammanfattning" does not match "Veckosammanfattning" (nor the other way). */
const SUMMARY = /Sammanfattning – åtgärdsplanen/;
const WEEKLY = /Veckosammanfattning – åtgärdsplanen/;
const prompt = (id: string): RegExp => new RegExp(`Statusuppdatering ${id}`);
const reminder = (id: string): RegExp => new RegExp(`Påminnelse: statusuppdatering ${id}`);

let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot();
  mark('bot up');
});

afterAll(async () => {
  await bot?.dispose();
  mark('bot stopped');
});

/** Sets the bot's clock and runs one scheduler pass, as the bot's own cron would at that minute. */
async function tickAt(iso: string) {
  bot.clock.set(iso);
  return bot.scheduler.tick();
}

/** Waits until the bot holds a conversation reference for `key` that points at this Playground. */
async function waitForReference(key: string, playground: Playground): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = await bot.store.conversations.conversation(key);
    const serviceUrl = (found?.reference as { serviceUrl?: string } | undefined)?.serviceUrl ?? '';
    if (found && !found.gone && serviceUrl.includes(`:${playground.port}`)) return;
    if (Date.now() > deadline) throw new Error(`no conversation reference ${key} for port ${playground.port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The summary's headline line, as the Playground shows it, above the recommendations. */
async function expectHeadline(card: Locator, headline: string): Promise<void> {
  const text = await card.innerText();
  expect(text).toContain(headline);
  expect(text.indexOf(headline)).toBeLessThan(text.indexOf('Rek 1'));
}

const cards = (chat: ChatPage, text: RegExp): Locator =>
  chat.page.locator('.ac-adaptiveCard').filter({ hasText: text });

describe('as Maria Sjöberg, ledningsgruppen, in the team channel', () => {
  let chat: ChatPage;
  const { name: botName } = readPlaygroundBot();
  userSession(() => bot, {
    userId: 'user-id-4',
    userName: 'Maria Sjöberg',
    open: 'Uppföljning',
    ready: (s) => {
      chat = s.chat;
    },
  });

  it('@mentioning the bot with /koppla links the channel for the weekly summary', async () => {
    expect(chat.isChannel).toBe(true);
    await chat.sendWithMention(botName, '/koppla');
    const text = await (await chat.waitForText('Kanalen är kopplad till åtgärdsplanen')).innerText();
    expect(text).toContain('Veckosammanfattningen publiceras här; nästa gång 30 november 2026 kl. 08:00.');
    expect(await bot.store.schedule.channelLink(PLAN)).toMatchObject({ conversationKey: CHANNEL_KEY, linkedBy: MARIA });
    // /koppla also read the team's roster from the Playground: Johan, who never wrote, can be reached.
    expect(await bot.store.roster.entriesOf(PLAN, JOHAN)).toMatchObject([{ present: true }]);
    mark('koppla');
  });

  it('/sammanfattning posts the summary card in the channel', async () => {
    await chat.sendWithMention(botName, '/sammanfattning');
    const card = await chat.waitForCard(SUMMARY);
    const text = await card.innerText();
    for (const part of ['Rek 1', 'Rek 2', 'Rek 3', 'Har inte svarat', 'Milstolpar i november och december']) {
      expect(text).toContain(part);
    }
    expect(text).toContain('Karin Lind (1b, 2a, 3b)');
    expect(text).not.toContain('${');
    // Nobody has answered yet, and three activities have a milestone passed unreached: at risk, not silent.
    await expectHeadline(card, '5 aktiviteter: 🟡 3 risk · ⚪ 2 utan svar');
    await chat.screenshot(card, shot('sammanfattning.png'));
    mark('sammanfattning');
  });

  it('the weekly summary arrives in the linked channel by itself on Monday 08:00', async () => {
    // The very first pass only records when the scheduler started; the slot after it is sent.
    // (The daily gallring also runs in that pass; it sends nothing.)
    const first = await tickAt('2026-11-30T07:30:00+01:00');
    expect(first).toMatchObject({ leader: true });
    expect([first.prompts, first.reminder, first.summary]).toEqual([undefined, undefined, undefined]);
    expect(await cards(chat, WEEKLY).count()).toBe(0);

    const report = await tickAt('2026-11-30T08:00:30+01:00');
    expect(report.summary).toBeDefined();
    expect(report.summary).not.toMatch(/\(/); // not "(ingen kanal kopplad)", "(misslyckades)", …
    expect(report.prompts).toBeUndefined(); // the prompt cycle starts at 09:00

    const card = await chat.waitForCard(WEEKLY);
    const text = await card.innerText();
    expect(text).toContain('Läget 30 nov');
    for (const part of ['Rek 1', 'Har inte svarat', 'Milstolpar i november och december']) {
      expect(text).toContain(part);
    }
    expect(text).not.toContain('${');
    expect(await cards(chat, WEEKLY).count()).toBe(1);
    // Nobody has answered yet, and three activities have a milestone passed unreached: at risk, not silent.
    await expectHeadline(card, '5 aktiviteter: 🟡 3 risk · ⚪ 2 utan svar');
    await chat.screenshot(card, shot('veckosammanfattning.png'));
    mark('veckosammanfattning');
  });
});

describe('as Karin Lind, owner of 1b, 2a and 3b', () => {
  let chat: ChatPage;
  const { name: botName } = readPlaygroundBot();
  userSession(() => bot, {
    userId: 'user-id-0',
    open: 'Personal Chat',
    ready: async (s) => {
      chat = s.chat;
      // Her chat was installed on page load: the bot can now write to her at this Playground.
      await waitForReference(`personal:${KARIN}`, s.playground);
      // Each Playground session is a Teams of its own: the team read in Maria's session is gone
      // with it, so Johan (who never wrote) is reported as not in any team, not retried forever.
      for (const team of await bot.rosters.teams()) await bot.rosters.teamRemoved(team.teamId);
    },
  });

  it('on Monday 09:00 her three prompt cards arrive by themselves', async () => {
    const report = await tickAt('2026-11-30T09:00:30+01:00');
    expect(report.prompts).toBeDefined();
    expect(report.prompts).not.toMatch(/ofullständig/);

    for (const id of ['1b', '2a', '3b']) await chat.waitForCard(prompt(id));
    for (const id of ['1b', '2a', '3b']) expect(await cards(chat, prompt(id)).count()).toBe(1);
    const card = cards(chat, prompt('1b'));
    const text = await card.innerText();
    expect(text).toContain('Ansvarig: Karin Lind');
    expect(text).not.toContain('${');
    await chat.screenshot(card, shot('schemalagt-statuskort.png'));
    mark('scheduled prompts');
  });

  it('after she answers 2a, the reminder three working days later covers only 1b and 3b', async () => {
    const card = cards(chat, prompt('2a'));
    await chat.choose(card, /^Status/, 'Pågår enligt plan');
    await chat.fillText(card, /^Kommentar/, 'Arbetet går enligt plan.');
    await chat.fillText(card, 'Nästa steg', 'Avstämning med ledningsgruppen');
    await card.getByRole('button', { name: 'Spara status' }).click();
    await chat.waitForCard('Tack! Statusen är sparad');
    expect((await bot.store.answers.answerHistory(PLAN, '2a')).map((a) => a.answeredBy.name)).toEqual(['Karin Lind']);

    // Thursday 3 December: three working days after Monday's cycle.
    const report = await tickAt('2026-12-03T09:00:30+01:00');
    expect(report.reminder).toMatch(/:1$/);

    for (const id of ['1b', '3b']) await chat.waitForCard(reminder(id));
    expect(await cards(chat, reminder('2a')).count()).toBe(0);
    const sends = await bot.store.schedule.sends(PLAN, 'reminder:');
    expect(sends.map((s) => s.recipient)).toContain(KARIN);
    mark('reminder');
  });

  it('/koppla from her in the channel is refused: she is not in the management group', async () => {
    await chat.openChat('Uppföljning');
    await chat.sendWithMention(botName, '/koppla');
    await chat.waitForText('Bara administratörer och ledningsgruppen kan koppla en kanal till åtgärdsplanen.');
    expect(await bot.store.schedule.channelLink(PLAN)).toMatchObject({ conversationKey: CHANNEL_KEY, linkedBy: MARIA });
    mark('koppla refused');
  });
});
