/**
 * Running the follow-up from Teams, end to end in the Agents Playground: the administrator opens
 * /admin, reassigns an owner picked from the conversation's members (the Playground has no
 * organisation search: the card's static choices are what it shows), and sets an absence for
 * Karin Lind; then her deputy Sara Berg is greeted truthfully and gets Karin's scheduled prompts,
 * marked as on Karin's behalf.
 */
import { startTestBot, type TestBot } from '../support/bot';
import type { ChatPage } from './support/browser';
import { readPlaygroundBot, type Playground } from './support/playground';
import { mark, shot, userSession } from './support/session';

jest.setTimeout(120_000);

const PLAN = 'ha-familjehem';
const SARA = '00000000-0000-0000-0000-0000000000022';
const ERIK = '00000000-0000-0000-0000-0000000000025';
const ADMIN = /Administration av uppföljningen/;

let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot();
  mark('bot up');
});

afterAll(async () => {
  await bot?.dispose();
});

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

describe('as Anders Holm, administrator, in the team channel', () => {
  let chat: ChatPage;
  const { name: botName } = readPlaygroundBot();
  userSession(() => bot, {
    userId: 'user-id-3',
    userName: 'Anders Holm',
    // In the channel the card's fallback list is the team's members (TeamsInfo), whom the
    // Playground's people picker also offers.
    open: 'Uppföljning',
    ready: (s) => {
      chat = s.chat;
    },
  });

  it('/admin opens the administration card', async () => {
    await chat.sendWithMention(botName, '/admin');
    const card = await chat.waitForCard(ADMIN);
    const text = await card.innerText();
    expect(text).toContain('Johan Ek; ersättare: (ingen)');
    expect(text).toContain('Statuskort var 2:e måndag kl. 09:00');
    expect(text).not.toContain('${');
    await chat.screenshot(card, shot('admin.png'));
    mark('admin card');
  });

  it('reassigns barnenheten to Erik Nyström, picked with the people picker', async () => {
    const card = await chat.waitForCard(ADMIN);
    await chat.choose(card, 'Roll', 'Enhetschef, barnenheten');
    // The Playground renders the people picker (choices.data) as Fluent UI's PeoplePicker over its
    // mock users, and submits the picked user's member id (Teams submits the Entra object id).
    const picker = card.getByRole('combobox', { name: 'People Picker' }).first();
    await picker.click();
    await picker.pressSequentially('Erik');
    await chat.page
      .getByRole('option', { name: /Erik Nyström/ })
      .first()
      .click();
    await card.getByRole('button', { name: 'Gör till ansvarig' }).click();
    const saved = await chat.waitForCard(/Sparat: Ansvarig för Enhetschef, barnenheten: Johan Ek → Erik Nyström/);
    expect(await saved.innerText()).toContain('Erik Nyström; ersättare: (ingen)');
    const stored = (await bot.store.deployments.deployment(PLAN))!.value;
    expect(stored.owners.find((o) => o.role === 'enhetschef-barnenheten')!.owner.userId).toBe(ERIK);
    await chat.screenshot(saved, shot('admin-agare-bytt.png'));
    mark('owner reassigned');
  });

  it('sets Karin Lind’s absence', async () => {
    await chat.sendWithMention(botName, '/frånvaro 2026-11-30–2026-12-20 för Karin Lind');
    await chat.waitForText('Statuskort och påminnelser för 1b, 2a och 3b går under tiden till ersättaren Sara Berg.');
    mark('absence');
  });
});

describe('as Sara Berg, Karin Lind’s deputy', () => {
  let chat: ChatPage;
  userSession(() => bot, {
    userId: 'user-id-2',
    userName: 'Sara Berg',
    open: 'Personal Chat',
    ready: async (s) => {
      chat = s.chat;
      await waitForReference(`personal:${SARA}`, s.playground);
    },
  });

  it('is greeted as the deputy: for whom, for which activities, and when the cards come to her', async () => {
    const greeting = await chat.waitForText('Du är ersättare för Karin Lind');
    const text = await greeting.innerText();
    expect(text).toContain('Hej Sara!');
    expect(text).toContain('kommer till dig bara medan Karin Lind är frånvarande: 30 november 2026–20 december 2026.');
    await chat.screenshot(greeting, shot('ersattare-halsning.png'));
  });

  it('on Monday 09:00 Karin’s prompts come to her, on Karin’s behalf', async () => {
    await bot.scheduler.tick(); // the first pass only starts the job cursors
    bot.clock.set('2026-11-30T09:00:30+01:00');
    const report = await bot.scheduler.tick();
    expect(report.prompts).toBe('2026-11-30');
    for (const id of ['1b', '2a', '3b']) await chat.waitForCard(new RegExp(`Statusuppdatering ${id}`));
    const card = await chat.waitForCard(/Statusuppdatering 1b/);
    expect(await card.innerText()).toContain('Du får kortet som ersättare för Karin Lind');
    const sends = await bot.store.schedule.sends(PLAN, 'prompt:2026-11-30:enhetschef-familjehemsenheten');
    expect(sends.map((s) => [s.recipient, s.outcome])).toEqual([[SARA, 'sent']]);
    await chat.screenshot(card, shot('ersattare-statuskort.png'));
    mark('deputy prompts');
  });
});
