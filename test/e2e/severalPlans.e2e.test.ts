/**
 * Two plans in one deployment (deployments/local-two-plans.json) in the Agents Playground: Karin
 * Lind owns activities in both, so /status asks which plan, and a choice on the card opens it.
 */
import { startTestBot, type TestBot } from '../support/bot';
import type { ChatPage } from './support/browser';
import { mark, shot, userSession } from './support/session';

jest.setTimeout(120_000);

let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot({ env: { DEPLOYMENT_FILE: 'deployments/local-two-plans.json' } });
  mark('bot up with two plans');
});

afterAll(async () => {
  await bot?.dispose();
});

describe('as Karin Lind, owner in two plans', () => {
  let chat: ChatPage;
  userSession(() => bot, {
    open: 'Personal Chat',
    ready: (s) => {
      chat = s.chat;
    },
  });

  it('/status offers the plans to choose from; a choice opens that plan in place', async () => {
    await chat.send('/status');
    const choice = await chat.waitForCard('Vilken plan?');
    const text = await choice.innerText();
    expect(text).toContain('Åtgärdsplan kring revisionens projektrapport');
    expect(text).toContain('Exempel: handläggningstider i barn och unga');
    await chat.screenshot(choice, shot('planval.png'));

    await choice.getByRole('button', { name: 'exempel-handlaggning' }).click();
    const overview = await chat.waitForCard('Plan: Exempel: handläggningstider i barn och unga');
    expect(await overview.innerText()).toContain('Utredningar avslutas inom lagstadgad tid');
    mark('plan choice');
  });

  it('/status ha-familjehem rek2 names the plan and opens its recommendation directly', async () => {
    await chat.send('/status ha-familjehem rek2');
    const card = await chat.waitForCard('Rek 2: Säkerställa att kontroller av familjehem');
    expect(await card.innerText()).toContain('Plan: Åtgärdsplan');
  });
});
