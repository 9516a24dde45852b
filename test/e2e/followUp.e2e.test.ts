/**
 * The December follow-up end to end in the Agents Playground: the management group's assessment
 * from a card, and /rapport (the report card; the files come through Teams' file-consent flow,
 * which the Playground does not carry out, see the README). Screenshots go to docs/screenshots/.
 */
import { startTestBot, type TestBot } from '../support/bot';
import type { ChatPage } from './support/browser';
import { mark, shot, userSession } from './support/session';

jest.setTimeout(120_000);

let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot({ now: '2026-12-02T10:00:00+01:00' });
  mark('bot up');
});

afterAll(async () => {
  await bot?.dispose();
});

describe('as Maria Sjöberg, in the management group', () => {
  let chat: ChatPage;
  userSession(() => bot, {
    userId: 'user-id-4',
    userName: 'Maria Sjöberg',
    open: 'Personal Chat',
    ready: (s) => {
      chat = s.chat;
    },
  });

  it('/bedömning rek2 opens the assessment card; saved, it is kept with her name and time', async () => {
    await chat.send('/bedömning rek2');
    const card = await chat.waitForCard('Bedömning av rek 2');
    await card.getByRole('radio', { name: 'Delvis genomförd' }).check();
    await chat.fillText(
      card,
      'Analys',
      'Rutinen för dokumentation av kontroller är uppdaterad men ännu inte införd i 2c8.',
    );
    await chat.fillText(card, 'Effekter hittills', 'Fler kontroller dokumenteras systematiskt.');
    await chat.screenshot(card, shot('bedomning.png'));
    await card.getByRole('button', { name: 'Spara bedömningen' }).click();
    const saved = await chat.waitForCard('Tack! Bedömningen är sparad');
    expect(await saved.innerText()).toContain('Delvis genomförd');
    await chat.screenshot(saved, shot('bedomning-sparad.png'));
    expect((await bot.store.followUp.assessments('ha-familjehem')).map((a) => [a.verdict, a.assessedBy.name])).toEqual([
      ['delvis', 'Maria Sjöberg'],
    ]);
    mark('assessment');
  });

  it('/rapport shows the report card with the versions', async () => {
    await chat.send('/rapport');
    const card = await chat.waitForCard('Uppföljningsrapporten');
    expect(await card.innerText()).toContain('Ingen version är fastställd ännu.');
    await chat.screenshot(card, shot('rapport.png'));
    mark('report card');
  });
});
