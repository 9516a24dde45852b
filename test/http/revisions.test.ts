import { cardText, sentCard } from '../support/connector';
import type { TestBot } from '../support/bot';
import { useBotFixture } from '../support/fixture';
import { Chat } from '../support/conversation';
import { USERS, type TestUser } from '../support/teams';
import { exportFollowUp } from '../../src/cli/uppfoljning';

const PLAN = 'ha-familjehem';

describe('/revidera: an administrator revises the plan, always with a reason', () => {
  let bot: TestBot;
  let chat: Chat;

  const say = async (text: string, user: TestUser = USERS.anders) =>
    (await chat.say(user, text))[0]!.body.text as string;
  const activityCard = async (id: string) => cardText(sentCard((await chat.say(USERS.anders, `/status ${id}`))[0]!));

  const fixture = useBotFixture({ per: 'test' });
  beforeEach(() => ({ bot, chat } = fixture));

  it('moves a milestone: stored, audited, judged against the new date, shown on the card and in the report', async () => {
    expect(await activityCard('2a')).toMatch(/⏰ [^\n]*\(januari 2026\) – försenad/);

    expect(await say('/revidera 2a-m1 2027-03 "Ny lagstiftning kräver ny rutin"')).toBe(
      'Planen är reviderad: Delmål 2a-m1 flyttat (januari 2026 → mars 2027). Skäl: Ny lagstiftning kräver ny rutin',
    );

    const revised =
      '(mars 2027; reviderad från januari 2026 till mars 2027 – skäl: Ny lagstiftning kräver ny rutin (Anders Holm, 28 november 2026)) – kommande';
    expect(await activityCard('2a')).toContain(revised);
    const [revision] = await bot.store.deployments.revisions(PLAN);
    expect(revision).toMatchObject({
      by: { name: 'Anders Holm' },
      reason: 'Ny lagstiftning kräver ny rutin',
      change: { kind: 'moved', milestoneId: '2a-m1', to: { text: 'mars 2027' } },
    });
    const audit = await bot.store.deployments.auditLog(PLAN);
    expect(audit.at(-1)).toMatchObject({ before: 'januari 2026', after: 'mars 2027', by: { name: 'Anders Holm' } });

    const md = (await exportFollowUp({ DATA_DIR: bot.dataDir }, { format: 'md', clock: bot.clock })) as string;
    expect(md).toMatch(
      /\| mars 2027\\?; reviderad från januari 2026 till mars 2027 – skäl\\?: Ny lagstiftning kräver ny rutin \\?\(Anders Holm\\?, 28 november 2026\\?\) \| Kommande \|/,
    );
  });

  it('adds and removes milestones', async () => {
    expect(await say('/revidera 2a ny 2027-02 "Extra uppföljning med nämnden" "Nämndens beslut"')).toMatch(
      /^Planen är reviderad: Delmål 2a-m\d+ tillagt/,
    );
    expect(await say('/revidera 2a-m2 bort "Ingår i 2a-m1"')).toContain('Delmål 2a-m2 borttaget');
    const card = await activityCard('2a');
    expect(card).toContain(
      'Extra uppföljning med nämnden (februari 2027; tillagd (februari 2027) – skäl: Nämndens beslut',
    );
    expect(card).not.toMatch(/2a-m2/);
    expect(await bot.store.deployments.revisions(PLAN)).toHaveLength(2);
  });

  it('refuses bad input and non-administrators with a Swedish message, and changes nothing', async () => {
    const refusals: Array<[string, RegExp]> = [
      ['/revidera 9z-m1 2027-03 "skäl"', /^Delmålet 9z-m1 finns inte i planen\. Ingenting har ändrats\.$/],
      ['/revidera 2a-m1 2027-03 ""', /^Ange ett skäl till revideringen\./],
      ['/revidera 2a-m1 2027-03', /^Ange ett skäl till revideringen\./],
      ['/revidera 2a-m1 mars "skäl"', /^"mars" är ingen månad\. Skriv t\.ex\. 2026-06\. Ingenting har ändrats\.$/],
      ['/revidera 2a-m1 2026-01 "skäl"', /har redan datumet januari 2026\. Ingenting har ändrats\.$/],
      ['/revidera 2a-m1 2027-03 skäl utan citattecken', /^Skriv skälet inom citattecken\./],
      ['/revidera', /^Ange milstolpe, nytt datum och skäl\./],
      ['/revidera 9z ny 2027-03 "x" "skäl"', /^Aktiviteten 9z finns inte i planen\./],
    ];
    for (const [text, expected] of refusals) expect(await say(text)).toMatch(expected);
    expect(await say('/revidera 2a-m1 2027-03 "skäl"', USERS.karin)).toBe(
      'Bara administratörer kan ändra hur uppföljningen drivs. Ingenting har ändrats.',
    );
    expect(await bot.store.deployments.revisions(PLAN)).toEqual([]);
    expect(await activityCard('2a')).toMatch(/\(januari 2026\) – försenad/);
  });

  it('never stores a personnummer in a reason', async () => {
    const reply = await say('/revidera 2a-m1 2027-03 "Gäller barnet 19121212-1212"');
    expect(reply).not.toContain('19121212-1212');
    expect(reply).toMatch(/personnummer/i);
    expect(await bot.store.deployments.revisions(PLAN)).toEqual([]);
    expect(JSON.stringify(await bot.store.deployments.auditLog(PLAN))).not.toContain('19121212');
  });
});
