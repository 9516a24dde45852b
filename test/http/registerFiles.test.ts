import { createHash } from 'node:crypto';
import { registerExtract } from '../../src/app/registerExtract';
import { extractFromCli, registerExtractFile } from '../../src/cli/registerutdrag';
import { loadDeployment } from '../../src/config/deploymentFile';
import { TEXT } from '../../src/teams/replies';
import type { SentActivity } from '../support/connector';
import { readDocx } from '../support/docx';
import { describeEachStore, useBotFixture } from '../support/fixture';
import { fileConsentInvoke, postActivity, USERS, type TestUser } from '../support/teams';

const PLAN = 'ha-familjehem';
const CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
const INFO = 'application/vnd.microsoft.teams.card.file.info';
const CHANNEL = { kind: 'channel' as const, teamId: 'team-id', channelId: '19:ledning@thread.tacv2' };
const { deployment } = loadDeployment('deployments/local.json');
const ANDERS = { userId: USERS.anders.aadObjectId, name: USERS.anders.name };
const KARIN = USERS.karin.aadObjectId;

interface ConsentAttachment {
  contentType: string;
  name: string;
  content: { description: string; sizeInBytes: number; acceptContext: unknown; declineContext: unknown };
}
const consents = (sent: SentActivity[]) =>
  sent
    .map((a) => (a.body.attachments as unknown as ConsentAttachment[] | undefined)?.[0])
    .filter((a): a is ConsentAttachment => a?.contentType === CONSENT);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * /registerutdrag's files in Teams over the protocol, on both stores: the FileConsentCards in the
 * 1:1 chat, the extract made again on accept and PUT to the upload URL (the connector stand-in's
 * local server), the FileInfoCard, and the audit line; refusals and a decline upload nothing.
 */
describeEachStore('/registerutdrag as files through file consent', (backend) => {
  const fixture = useBotFixture({ backend });
  const audit = () => fixture.bot.store.deployments.auditLog(PLAN);

  /** What the command line writes for the same store, instant and administrator (read here without an audit line). */
  async function cliBytes(format: 'docx' | 'json') {
    const { store, clock } = fixture.bot;
    const quiet = {
      records: store.records,
      followUp: store.followUp,
      deployments: { appendAudit: async () => 'stored' as const },
    };
    const extract = await registerExtract(quiet, PLAN, deployment, KARIN, ANDERS, clock.now());
    return registerExtractFile(extract, format);
  }

  async function offer(user: TestUser = USERS.anders) {
    const sent = await fixture.chat.say(user, '/registerutdrag Karin Lind', 3);
    return { text: sent[0]!.body.text ?? '', files: consents(sent) };
  }

  async function answer(user: TestUser, consent: ConsentAttachment, action: 'accept' | 'decline') {
    const before = fixture.connector.sent.length;
    const res = await postActivity(
      fixture.bot.url,
      fileConsentInvoke(fixture.connector.url, user, {
        type: 'fileUpload',
        action,
        context: action === 'accept' ? consent.content.acceptContext : consent.content.declineContext,
        ...(action === 'accept'
          ? {
              uploadInfo: {
                contentUrl: `https://contoso-my.sharepoint.com/personal/anders/Documents/Applications/${consent.name}`,
                name: consent.name,
                uploadUrl: fixture.connector.uploadUrl(consent.name),
                uniqueId: '1150D938-8870-4044-9F2C-5BBDEBA70C9D',
                fileType: consent.name.split('.').pop(),
              },
            }
          : {}),
      }),
    );
    expect(res.status).toBe(200);
    await fixture.connector.waitForSent(before + 1);
    return fixture.connector.sent.slice(before);
  }

  beforeEach(() => fixture.connector.uploads.clear());

  it('when an administrator asks in the 1:1 chat, the summary comes with a Word and a JSON file offered, their context only whom and which format', async () => {
    const { text, files } = await offer();
    expect(text).toContain(`Registerutdrag om Karin Lind (${KARIN})`);
    expect(text).toContain('Hela utdraget kommer nedan som Word-fil och som JSON-fil');
    expect(files.map((f) => f.name)).toEqual([
      'registerutdrag-karin-lind-2026-11-28.docx',
      'registerutdrag-karin-lind-2026-11-28.json',
    ]);
    expect(files[0]!.content).toMatchObject({
      description: TEXT.register.file.docx,
      acceptContext: { kind: 'registerutdrag', person: KARIN, file: 'docx' },
      declineContext: { kind: 'registerutdrag', person: KARIN, file: 'docx' },
    });
    expect(files[1]!.content.acceptContext).toEqual({ kind: 'registerutdrag', person: KARIN, file: 'json' });
    expect(files[0]!.content.sizeInBytes).toBeGreaterThan(3000);
    // Nothing of the extract itself rides on the card.
    expect(JSON.stringify(files.map((f) => f.content.acceptContext))).not.toMatch(/Karin|Lind|familjehem/);
  });

  it.each(['docx', 'json'] as const)(
    'when the %s file is accepted, the extract is made again and PUT whole, the same bytes as the command line, shown with a FileInfoCard and audited',
    async (format) => {
      const { files } = await offer();
      const consent = files.find((f) => f.name.endsWith(`.${format}`))!;
      const expected = await cliBytes(format);
      const after = await answer(USERS.anders, consent, 'accept');

      const upload = fixture.connector.uploads.get(consent.name)!;
      expect(sha256(upload.bytes)).toBe(sha256(expected));
      expect(Buffer.compare(upload.bytes, expected)).toBe(0);
      expect(upload.headers['content-range']).toBe(`bytes 0-${expected.length - 1}/${expected.length}`);
      expect(upload.headers['content-length']).toBe(String(expected.length));
      if (format === 'docx') {
        expect((await readDocx(upload.bytes)).headings[0]!.text).toBe('Registerutdrag om Karin Lind');
      } else {
        const uploaded = JSON.parse(upload.bytes.toString('utf8'));
        const cli = await extractFromCli(
          { DATA_DIR: fixture.bot.dataDir },
          { person: KARIN, clock: fixture.bot.clock, storeSettings: fixture.bot.storeSettings },
        );
        expect(uploaded.person).toEqual(cli.person);
        expect(uploaded.roles).toEqual(cli.roles);
        expect(uploaded.records).toEqual(cli.records);
        expect(uploaded.madeBy).toEqual(ANDERS);
      }
      expect(after[0]!.body.attachments).toEqual([
        {
          contentType: INFO,
          contentUrl: `https://contoso-my.sharepoint.com/personal/anders/Documents/Applications/${consent.name}`,
          name: consent.name,
          content: { uniqueId: '1150D938-8870-4044-9F2C-5BBDEBA70C9D', fileType: format },
        },
      ]);
      const log = await audit();
      const delivered = log.filter((e) => e.what === 'Registerutdrag levererat').at(-1);
      expect(delivered).toMatchObject({
        by: ANDERS,
        after: `${consent.name} (${expected.length} byte, SHA-256 ${sha256(expected)}) till Anders Holms OneDrive`,
      });
    },
  );

  it('when someone but an administrator accepts a forwarded card, it is refused: nothing is made, uploaded or audited', async () => {
    const { files } = await offer();
    const entries = (await audit()).length;
    for (const user of [USERS.karin, USERS.maria, USERS.sara]) {
      const [said] = await answer(user, files[0]!, 'accept');
      expect(said!.body.text).toBe(TEXT.register.refused);
    }
    expect(fixture.connector.uploads.size).toBe(0);
    expect(await audit()).toHaveLength(entries);
  });

  it('when declined, it says so in Swedish, and nothing is uploaded or stored', async () => {
    const { files } = await offer();
    const entries = (await audit()).length;
    const [said] = await answer(USERS.anders, files[1]!, 'decline');
    expect(said!.body.text).toBe(TEXT.register.declined);
    expect(fixture.connector.uploads.size).toBe(0);
    expect(await audit()).toHaveLength(entries);
  });

  it('when the upload fails, the administrator is told, no FileInfoCard claims a file, and no delivery is audited', async () => {
    const { files } = await offer();
    fixture.connector.uploadStatus = 500;
    try {
      const [said] = await answer(USERS.anders, files[0]!, 'accept');
      expect(said!.body.text).toBe(TEXT.register.uploadFailed);
      expect(said!.body.attachments ?? []).toEqual([]);
    } finally {
      fixture.connector.uploadStatus = 201;
    }
    expect((await audit()).at(-1)!.what).toBe('Registerutdrag');
  });

  it('when asked in a channel, it says to use the 1:1 chat, and no extract is made', async () => {
    const entries = (await audit()).length;
    const before = fixture.connector.sent.length;
    const [said] = await fixture.chat.say(USERS.anders, '/registerutdrag Karin Lind', 1, CHANNEL);
    expect(said!.body.text).toBe(TEXT.register.onlyPersonal);
    expect(consents(fixture.connector.sent.slice(before))).toEqual([]);
    expect(await audit()).toHaveLength(entries);
  });
});
