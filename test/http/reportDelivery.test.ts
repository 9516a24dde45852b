import { createHash } from 'node:crypto';
import { LocalConnector, cardText, sentCard, type SentActivity } from '../support/connector';
import { startTestBot, type TestBot } from '../support/bot';
import { Chat } from '../support/conversation';
import { readDocx } from '../support/docx';
import { fileConsentInvoke, postActivity, USERS, type TestUser } from '../support/teams';

const CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
const INFO = 'application/vnd.microsoft.teams.card.file.info';
const CHANNEL = { kind: 'channel' as const, teamId: 'team-id', channelId: '19:ledning@thread.tacv2' };

interface ConsentAttachment {
  contentType: string;
  name: string;
  content: { description: string; sizeInBytes: number; acceptContext: unknown; declineContext: unknown };
}

const attachmentOf = (a: SentActivity) =>
  (a.body.attachments as unknown as ConsentAttachment[] | undefined)?.[0] as ConsentAttachment;
const consents = (sent: SentActivity[]) => sent.map(attachmentOf).filter((a) => a?.contentType === CONSENT);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('the report in Teams: /rapport, Fastställ and the file-consent flow', () => {
  let connector: LocalConnector;
  let bot: TestBot;
  let chat: Chat;

  beforeAll(async () => {
    connector = await new LocalConnector().start();
    bot = await startTestBot({ now: '2026-12-02T10:00:00+01:00' });
    chat = new Chat(bot, connector);
  });
  afterAll(async () => {
    await bot?.dispose();
    await connector?.stop();
  });

  /** Teams' answer when the user presses Allow on a consent card: an upload URL on the stand-in. */
  async function accept(user: TestUser, consent: ConsentAttachment, before = connector.sent.length) {
    const res = await postActivity(
      bot.url,
      fileConsentInvoke(connector.url, user, {
        type: 'fileUpload',
        action: 'accept',
        context: consent.content.acceptContext,
        uploadInfo: {
          contentUrl: `https://contoso-my.sharepoint.com/personal/maria/Documents/Applications/${consent.name}`,
          name: consent.name,
          uploadUrl: connector.uploadUrl(consent.name),
          uniqueId: '1150D938-8870-4044-9F2C-5BBDEBA70C9D',
          fileType: consent.name.split('.').pop(),
        },
      }),
    );
    expect(res.status).toBe(200);
    await connector.waitForSent(before + 1);
    return connector.sent.slice(before);
  }

  it('/rapport in personal chat lists the versions and offers the paper as Word and as PDF/A and the CSV through FileConsentCards', async () => {
    const sent = await chat.say(USERS.maria, '/rapport', 4);
    const card = sentCard(sent[0]!);
    expect(cardText(card)).toContain('Ingen version är fastställd ännu.');
    expect(JSON.stringify(card)).not.toContain('fixReport');
    const [docx, pdf, csv] = consents(sent);
    expect(docx).toMatchObject({
      name: 'uppfoljning-ha-familjehem-utkast-2026-12-02.docx',
      content: {
        description: 'Tjänsteutlåtandet med uppföljningen som bilaga (Word)',
        acceptContext: { file: 'docx', asOf: '2026-12-02T09:00:00.000Z' },
      },
    });
    expect(pdf).toMatchObject({
      name: 'uppfoljning-ha-familjehem-utkast-2026-12-02.pdf',
      content: {
        description: 'Tjänsteutlåtandet med uppföljningen som bilaga (PDF/A för diariet)',
        acceptContext: { file: 'pdf', asOf: '2026-12-02T09:00:00.000Z' },
      },
    });
    expect(csv).toMatchObject({ name: 'uppfoljning-ha-familjehem-utkast-2026-12-02-svar.csv' });
    expect(docx!.content.sizeInBytes).toBeGreaterThan(5000);
  });

  it('accepted, the file is uploaded to the URL Teams gave, with its announced size, and shown with a FileInfoCard', async () => {
    const [docx] = consents(await chat.say(USERS.maria, '/rapport', 4));
    bot.clock.advance(3_600_000); // the file is the draft as offered, not as of the acceptance
    const after = await accept(USERS.maria, docx!);
    const upload = connector.uploads.get(docx!.name)!;
    expect(upload.bytes.length).toBe(docx!.content.sizeInBytes);
    expect(upload.headers['content-range']).toBe(`bytes 0-${upload.bytes.length - 1}/${upload.bytes.length}`);
    expect((await readDocx(upload.bytes)).headings[0]!.text).toContain('Uppföljning av åtgärdsplan med anledning av');
    expect(after[0]!.body.attachments).toEqual([
      {
        contentType: INFO,
        contentUrl: `https://contoso-my.sharepoint.com/personal/maria/Documents/Applications/${docx!.name}`,
        name: docx!.name,
        content: { uniqueId: '1150D938-8870-4044-9F2C-5BBDEBA70C9D', fileType: 'docx' },
      },
    ]);
  });

  it('an administrator fixes a version from the card; its files are offered and uploaded byte for byte as stored', async () => {
    const [cardActivity] = await chat.say(USERS.anders, '/rapport', 4);
    const fix = (sentCard(cardActivity!).actions as Array<{ verb: string; title: string; data: unknown }>).find(
      (a) => a.verb === 'fixReport',
    )!;
    expect(fix.title).toBe('Fastställ version 1');
    const asked = await chat.press(USERS.anders, fix.verb, fix.data);
    expect(cardText(asked.value)).toContain('Det går inte att ångra');
    const yes = (asked.value as { actions: Array<{ verb: string; title: string; data: unknown }> }).actions.find(
      (a) => a.title === 'Ja, fastställ version 1',
    )!;
    const before = connector.sent.length;
    const answer = await chat.press(USERS.anders, yes.verb, yes.data);
    expect(cardText(answer.value)).toContain('Version 1 är fastställd av Anders Holm.');
    expect(cardText(answer.value).match(/kommer nedan/g)).toHaveLength(1);
    // Not "Fastställ version 2" at once, on the card that has just fixed version 1.
    expect(JSON.stringify(answer.value)).not.toContain('fixReport');
    const [version] = await bot.store.followUp.versions('ha-familjehem');
    expect(version).toMatchObject({ version: 1, fixedBy: { name: 'Anders Holm' } });
    expect(cardText(answer.value)).toContain('Version 1 (gällande)');
    expect(cardText(answer.value)).toContain(`SHA-256 ${version!.documentSha256.slice(0, 12)}…`);
    expect(cardText(answer.value)).toContain(`Word ${version!.documentSha256}`);

    await connector.waitForSent(before + 3);
    const [docx] = consents(connector.sent.slice(before));
    expect(docx).toMatchObject({
      name: 'uppfoljning-ha-familjehem-version-1.docx',
      content: { acceptContext: { file: 'docx', version: 1 } },
    });
    await accept(USERS.anders, docx!);
    expect(sha256(connector.uploads.get(docx!.name)!.bytes)).toBe(version!.documentSha256);

    const again = await chat.press(USERS.anders, yes.verb, yes.data);
    expect(cardText(again.value)).toContain(
      'Version 1 var redan fastställd av Anders Holm; ingen ny version har skapats.',
    );
    expect(await bot.store.followUp.versions('ha-familjehem')).toHaveLength(1);
  });

  it('/rapport lists the fixed versions, and "Hämta" offers a version again', async () => {
    const [cardActivity] = await chat.say(USERS.maria, '/rapport', 4);
    const card = sentCard(cardActivity!);
    expect(cardText(card)).toContain('fastställd 2 december 2026 kl. 11:00 av Anders Holm');
    const get = (card.actions as Array<{ verb: string; title: string; data: unknown }>).find(
      (a) => a.verb === 'sendReport',
    )!;
    expect(get.title).toBe('Hämta version 1');
    const before = connector.sent.length;
    await chat.press(USERS.maria, get.verb, get.data);
    await connector.waitForSent(before + 3);
    expect(consents(connector.sent.slice(before)).map((c) => c.name)).toEqual([
      'uppfoljning-ha-familjehem-version-1.docx',
      'uppfoljning-ha-familjehem-version-1.pdf',
      'uppfoljning-ha-familjehem-version-1-svar.csv',
    ]);
  });

  it('only administrators fix, and only the management group and administrators get the report', async () => {
    const refused = await chat.press(USERS.maria, 'fixReport', { version: 2 });
    expect(refused.value).toBe(
      'Bara administratörer kan fastställa en version av uppföljningsrapporten. Ingenting har fastställts.',
    );
    const [owner] = await chat.say(USERS.karin, '/rapport');
    expect(owner!.body.text).toContain('Uppföljningsrapporten är för ledningsgruppen och administratörer.');
    expect(await bot.store.followUp.versions('ha-familjehem')).toHaveLength(1);
  });

  it('in a channel the bot says the report comes in personal chat, and sends it there', async () => {
    const before = connector.sent.length;
    const [said] = await chat.say(USERS.maria, '/rapport', 1, CHANNEL);
    expect(said!.body.text).toBe(
      'Maria Sjöberg, uppföljningsrapporten kommer som fil i din personliga chatt med mig (Teams skickar filer från en bot bara där).',
    );
    await connector.waitForSent(before + 5);
    const personal = connector.sent.slice(before).filter((s) => s.conversationId === `a:personal-${USERS.maria.id}`);
    expect(consents(personal)).toHaveLength(3);
    expect(connector.sent.slice(before).filter((s) => s.conversationId === CHANNEL.channelId)).toHaveLength(1);
  });

  it('declined, nothing is uploaded and the bot says how to get it later', async () => {
    const [docx] = consents(await chat.say(USERS.maria, '/rapport', 4));
    connector.uploads.clear();
    const before = connector.sent.length;
    const res = await postActivity(
      bot.url,
      fileConsentInvoke(connector.url, USERS.maria, {
        type: 'fileUpload',
        action: 'decline',
        context: docx!.content.declineContext,
      }),
    );
    expect(res.status).toBe(200);
    const [said] = (await connector.waitForSent(before + 1)).slice(before);
    expect(said!.body.text).toBe('Du tackade nej till filen. Skriv /rapport när du vill ha den.');
    expect(connector.uploads.size).toBe(0);
  });

  it('when the upload fails the user is told, and no FileInfoCard claims a file', async () => {
    const [docx] = consents(await chat.say(USERS.maria, '/rapport', 4));
    connector.uploadStatus = 500;
    try {
      const [said] = await accept(USERS.maria, docx!);
      expect(said!.body.text).toContain('Filen kunde inte laddas upp till din OneDrive.');
      expect(said!.body.attachments ?? []).toEqual([]);
    } finally {
      connector.uploadStatus = 201;
    }
  });

  it('an upload URL that is neither https nor this machine is refused, and nothing is sent anywhere', async () => {
    const [docx] = consents(await chat.say(USERS.maria, '/rapport', 4));
    const before = connector.sent.length;
    const res = await postActivity(
      bot.url,
      fileConsentInvoke(connector.url, USERS.maria, {
        type: 'fileUpload',
        action: 'accept',
        context: docx!.content.acceptContext,
        uploadInfo: {
          contentUrl: 'x',
          name: 'x.docx',
          uploadUrl: 'http://example.com/u',
          uniqueId: 'u',
          fileType: 'docx',
        },
      }),
    );
    expect(res.status).toBe(200);
    const [said] = (await connector.waitForSent(before + 1)).slice(before);
    expect(said!.body.text).toContain('Kortet skickade uppgifter jag inte kan läsa.');
  });
});
