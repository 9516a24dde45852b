import { LocalConnector, cardText, sentCard, type SentActivity } from '../support/connector';
import { BACKEND_NAMES, startTestBot, stopLocalCosmos, storeFor, type TestBot } from '../support/bot';
import { Chat, promptSubmission } from '../support/conversation';
import { USERS, installationUpdate, postActivity } from '../support/teams';
import { DateTime } from 'luxon';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHANNEL = { kind: 'channel' as const, teamId: 'team-id', channelId: 'team-id' };
const HOUR = 3_600_000;
// A month ticked hour by hour: seconds on an idle machine, far more on a loaded one.
jest.setTimeout(240_000);

/** Runs the scheduler hour by hour until `until`, tagging what was sent with the Stockholm date and hour. */
async function runUntil(bot: TestBot, connector: LocalConnector, until: string, log: Array<[string, SentActivity]>) {
  while (bot.clock.now() < new Date(until)) {
    bot.clock.advance(HOUR);
    const before = connector.sent.length;
    await bot.scheduler.tick();
    const at = DateTime.fromJSDate(bot.clock.now(), { zone: 'Europe/Stockholm' }).toFormat('yyyy-MM-dd HH');
    for (const s of connector.sent.slice(before)) log.push([at, s]);
  }
}

const heading = (s: SentActivity): string => cardText(sentCard(s)).split('\n')[0]!;

describe.each(BACKEND_NAMES)('a month of the schedule (%s store)', (backend) => {
  let connector: LocalConnector;
  let bot: TestBot;
  let chat: Chat;

  beforeAll(async () => {
    connector = await new LocalConnector().start();
    bot = await startTestBot({ storeSettings: await storeFor(backend), now: '2026-11-28T10:00:00+01:00' });
    chat = new Chat(bot, connector);
    for (const user of [USERS.karin, USERS.johan])
      await postActivity(bot.url, installationUpdate(connector.url, user, 'add'));
    await chat.say(USERS.maria, '/koppla', 1, CHANNEL);
    connector.clear();
  });
  afterAll(async () => {
    await bot?.dispose();
    await connector?.stop();
    await stopLocalCosmos();
  });

  it('sends each prompt once, reminders only to owners who did not answer, and summaries every Monday', async () => {
    const log: Array<[string, SentActivity]> = [];
    await bot.scheduler.tick();

    // Cycle 1 starts Monday 30 November 09:00; Karin answers all three of hers on 1 December.
    await runUntil(bot, connector, '2026-12-01T12:00:00+01:00', log);
    const karinsCards = log.filter(([, s]) => s.conversationId === 'a:personal-user-id-0').map(([, s]) => sentCard(s));
    expect(karinsCards).toHaveLength(3);
    for (const card of karinsCards) {
      await chat.press(
        USERS.karin,
        'submitStatus',
        promptSubmission(card, { status: 'pågår', comment: 'Enligt plan' }),
      );
    }

    await runUntil(bot, connector, '2026-12-28T12:00:00+01:00', log);

    const sentTo = (conversationId: string) =>
      log
        .filter(([, s]) => s.conversationId === conversationId && s.body.attachments)
        .map(([day, s]) => `${day} ${heading(s)}`);

    expect(sentTo('a:personal-user-id-0')).toEqual([
      ...['1b', '2a', '3b'].map((a) => `2026-11-30 09 Statusuppdatering ${a}`),
      ...['1b', '2a', '3b'].map((a) => `2026-12-14 09 Statusuppdatering ${a}`),
      ...['1b', '2a', '3b'].map((a) => `2026-12-17 09 Påminnelse: statusuppdatering ${a}`),
      ...['1b', '2a', '3b'].map((a) => `2026-12-22 09 Påminnelse: statusuppdatering ${a}`),
      ...['1b', '2a', '3b'].map((a) => `2026-12-28 09 Statusuppdatering ${a}`),
    ]);
    expect(sentTo('a:personal-user-id-1')).toEqual(
      ['2026-11-30', '2026-12-03', '2026-12-08', '2026-12-14', '2026-12-17', '2026-12-22', '2026-12-28'].flatMap(
        (day, i) =>
          ['1a', '3a'].map(
            (a) => `${day} 09 ${[0, 3, 6].includes(i) ? 'Statusuppdatering' : 'Påminnelse: statusuppdatering'} ${a}`,
          ),
      ),
    );
    expect(sentTo('team-id')).toEqual(
      ['2026-11-30', '2026-12-07', '2026-12-14', '2026-12-21', '2026-12-28'].map(
        (d) => `${d} 08 Veckosammanfattning – åtgärdsplanen`,
      ),
    );
  }, 180_000); // about 720 hourly ticks: well under 30 s on an idle machine, not on a shared one

  it('the summary after the answers says who has not answered and what changed', async () => {
    const summaries = connector.sent.filter((s) => s.conversationId === 'team-id' && s.body.attachments);
    const dec7 = cardText(sentCard(summaries[1]!));
    expect(dec7).toContain('Johan Ek (1a, 3a)');
    expect(dec7).not.toContain('Karin Lind (');
    // Karin reported "pågår enligt plan" without ticking the milestones of January and spring 2026.
    expect(dec7).toMatch(
      /2a Familjehemsenheten: 🟡 Risk för försening · svar för 6 dagar sedan · rapporterat: pågår enligt plan · \d+ milstolpar passerade utan att vara uppnådda/,
    );
    expect(dec7).not.toContain('🟢');
    expect(dec7).toContain('Försenade milstolpar');
    const dec28 = cardText(sentCard(summaries[4]!));
    expect(dec28).toContain('Karin Lind (1b, 2a, 3b)');
  });

  it('a restart after the month sends nothing again', async () => {
    const before = connector.sent.length;
    await bot.close();
    bot = await startTestBot({
      dataDir: bot.dataDir,
      storeSettings: bot.storeSettings,
      now: '2026-12-28T13:00:00+01:00',
    });
    await bot.scheduler.tick();
    bot.clock.advance(HOUR);
    await bot.scheduler.tick();
    expect(connector.sent.length).toBe(before);
  });
});

describe('a holiday on the schedule', () => {
  let connector: LocalConnector;
  let bot: TestBot;

  beforeAll(async () => {
    connector = await new LocalConnector().start();
    const deployment = JSON.parse(readFileSync('deployments/local.json', 'utf8'));
    deployment.planFile = join(process.cwd(), deployment.planFile);
    deployment.schedule = {
      prompts: { cron: '0 9 * * 5', everyWeeks: 1, anchor: '2025-12-05' },
      reminders: { afterWorkingDays: 3, max: 0 },
      summary: { cron: '0 8 * * 1' },
    };
    const file = join(mkdtempSync(join(tmpdir(), 'fredagar-')), 'deployment.json');
    writeFileSync(file, JSON.stringify(deployment));
    bot = await startTestBot({ env: { DEPLOYMENT_FILE: file }, now: '2025-12-17T12:00:00+01:00' });
    await postActivity(bot.url, installationUpdate(connector.url, USERS.karin, 'add'));
    connector.clear();
  });
  afterAll(async () => {
    await bot?.dispose();
    await connector?.stop();
  });

  it('a Friday prompt that falls on annandag jul goes out on the next working day, Monday 29 December', async () => {
    const log: Array<[string, SentActivity]> = [];
    await bot.scheduler.tick();
    await runUntil(bot, connector, '2025-12-30T12:00:00+01:00', log);
    const days = [...new Set(log.filter(([, s]) => s.conversationId === 'a:personal-user-id-0').map(([at]) => at))];
    expect(days).toEqual(['2025-12-19 09', '2025-12-29 09']);
  });
});
