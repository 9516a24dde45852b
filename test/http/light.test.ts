import type { TestBot } from '../support/bot';
import { describeEachStore, useBotFixture } from '../support/fixture';
import { Chat, promptSubmission } from '../support/conversation';
import { USERS, type TestUser } from '../support/teams';

const DAY = 86_400_000;

describeEachStore('the light weighs the schedule, on the cards and in the summary', (backend) => {
  const fixture = useBotFixture({ backend, per: 'test' });
  let bot: TestBot;
  let chat: Chat;
  beforeEach(() => ({ bot, chat } = fixture));

  async function promptCard(activityId: string, user: TestUser = USERS.karin): Promise<Record<string, unknown>> {
    const sent = await chat.say(user, '/uppdatera', user === USERS.karin ? 4 : 3);
    const card = sent
      .map((s) => s.body.attachments?.[0]?.content as Record<string, unknown> | undefined)
      .find((c) => JSON.stringify(c?.actions ?? []).includes(`"activityId":"${activityId}"`));
    if (!card) throw new Error(`no prompt card for ${activityId}`);
    return card;
  }

  it('when the deputy reports 2a "pågår enligt plan" over passed milestones, rek 2 shows risk and both facts, never green', async () => {
    const card = await promptCard('2a');
    await chat.press(USERS.sara, 'submitStatus', promptSubmission(card, { status: 'pågår' }));

    const rek2 = await chat.cardFor(USERS.maria, '/status rek2');
    expect(rek2).not.toContain('🟢');
    expect(rek2).toContain('🟡 Risk för försening');
    expect(rek2).toMatch(
      /Rapporterat: pågår enligt plan \(28 november 2026\) · \d+ milstolpar passerade utan att vara uppnådda/,
    );
    const summary = await chat.cardFor(USERS.maria, '/sammanfattning');
    expect(summary).toMatch(
      /2a Familjehemsenheten: 🟡 Risk för försening · svar i dag · rapporterat: pågår enligt plan/,
    );
  });

  it('a current "pågår enligt plan" with no passed milestone is green; three weeks and a day later it reads "Ej uppdaterad"', async () => {
    const card = await promptCard('3a', USERS.johan);
    await chat.press(USERS.johan, 'submitStatus', promptSubmission(card, { status: 'pågår' }));
    expect(await chat.cardFor(USERS.maria, '/status 3a')).toContain('🟢 Pågår enligt plan');

    bot.clock.advance(22 * DAY);
    const later = await chat.cardFor(USERS.maria, '/status 3a');
    expect(later).not.toContain('🟢');
    expect(later).toContain('⚪ Ej uppdaterad');
    expect(later).toContain('Rapporterat: pågår enligt plan (28 november 2026, 22 dagar gammalt)');
  });
});
