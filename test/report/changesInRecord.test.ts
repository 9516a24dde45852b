import { exportFollowUp } from '../../src/cli/uppfoljning';
import { LocalConnector, sentCard } from '../support/connector';
import { startTestBot, type TestBot } from '../support/bot';
import { Chat } from '../support/conversation';
import { readDocx } from '../support/docx';
import { USERS } from '../support/teams';

describe('the follow-up record lists every change to how the follow-up is run', () => {
  let connector: LocalConnector;
  let bot: TestBot;

  beforeAll(async () => {
    connector = await new LocalConnector().start();
    bot = await startTestBot({ now: '2026-12-01T10:00:00+01:00' });
    const chat = new Chat(bot, connector);
    await chat.say(USERS.karin, '/frånvaro 2027-07-01–2027-07-31');
    bot.clock.advance(60_000);
    const [sent] = await chat.say(USERS.anders, '/admin');
    const etag = JSON.stringify(sentCard(sent!)).match(/"etag":"([^"]+)"/)![1]!;
    await chat.press(USERS.anders, 'adminChange', {
      op: 'assignDeputy',
      etag,
      role: 'enhetschef-barnenheten',
      person: USERS.maria.aadObjectId,
    });
  });
  afterAll(async () => {
    await bot.dispose();
    await connector.stop();
  });

  it('in the Markdown record: when, who, what, before and after (escaped like every text in it)', async () => {
    const md = (await exportFollowUp({ DATA_DIR: bot.dataDir }, { format: 'md', clock: bot.clock })) as string;
    expect(md).toContain('## Bilaga: ändringar i hur uppföljningen drivs (2, äldst först)');
    expect(md).toContain(
      String.raw`| 1 december 2026 kl. 10:00 | Karin Lind | Frånvaro för Karin Lind | \(ingen\) | 2027\-07\-01–2027\-07\-31 |`,
    );
    expect(md).toContain(
      String.raw`| 1 december 2026 kl. 10:01 | Anders Holm | Ersättare för Enhetschef\, barnenheten | \(ingen\) | Maria Sjöberg |`,
    );
  });

  it('in the Word document, as a table', async () => {
    const docx = await readDocx(
      (await exportFollowUp({ DATA_DIR: bot.dataDir }, { format: 'docx', clock: bot.clock })) as Uint8Array,
    );
    expect(docx.headings.map((h) => h.text)).toContain('Ändringar i hur uppföljningen drivs');
    expect(docx.tables.at(-1)).toEqual([
      ['Tidpunkt', 'Ändrat av', 'Vad', 'Före', 'Efter'],
      ['1 december 2026 kl. 10:00', 'Karin Lind', 'Frånvaro för Karin Lind', '(ingen)', '2027-07-01–2027-07-31'],
      ['1 december 2026 kl. 10:01', 'Anders Holm', 'Ersättare för Enhetschef, barnenheten', '(ingen)', 'Maria Sjöberg'],
    ]);
  });
});
