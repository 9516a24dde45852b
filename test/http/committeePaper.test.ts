import { LocalConnector, cardText, sentCard, type SentActivity } from '../support/connector';
import { BACKEND_NAMES, startTestBot, stopLocalCosmos, storeFor, type TestBot } from '../support/bot';
import { Chat } from '../support/conversation';
import { readDocx } from '../support/docx';
import { fileConsentInvoke, postActivity, USERS } from '../support/teams';
import { TEXT } from '../../src/teams/replies';

const PLAN = 'ha-familjehem';
const CONSENT = 'application/vnd.microsoft.teams.card.file.consent';

interface Action {
  verb?: string;
  title: string;
  data?: Record<string, unknown>;
}
interface Card {
  body: unknown[];
  actions: Action[];
}
interface Input {
  type: string;
  id: string;
  label: string;
  placeholder?: string;
  value?: string;
}

/** Every input in a card, however deep. */
function inputsOf(node: unknown): Input[] {
  if (Array.isArray(node)) return node.flatMap(inputsOf);
  if (!node || typeof node !== 'object') return [];
  const n = node as Record<string, unknown>;
  const own = typeof n.type === 'string' && n.type.startsWith('Input.') ? [n as unknown as Input] : [];
  return [...own, ...['body', 'items', 'columns'].flatMap((k) => inputsOf(n[k]))];
}

const action = (card: unknown, title: string | RegExp): Action => {
  const found = (card as Card).actions.find((a) =>
    typeof title === 'string' ? a.title === title : title.test(a.title),
  );
  if (!found) throw new Error(`no action ${String(title)} in ${JSON.stringify((card as Card).actions)}`);
  return found;
};

describe.each(BACKEND_NAMES)('the committee paper’s own parts, written in Teams (%s store)', (backend) => {
  let connector: LocalConnector;
  let bot: TestBot;
  let chat: Chat;

  beforeAll(async () => {
    connector = await new LocalConnector().start();
    bot = await startTestBot({ now: '2026-12-02T10:00:00+01:00', storeSettings: await storeFor(backend) });
    chat = new Chat(bot, connector);
  });
  afterAll(async () => {
    await bot?.dispose();
    await connector?.stop();
    await stopLocalCosmos();
  });

  const editions = () => bot.store.followUp.paperEditions(PLAN);

  /** The form, opened as an administrator does: /rapport, then "Tjänsteutlåtandet". */
  async function openForm(): Promise<unknown> {
    const [report] = await chat.say(USERS.anders, '/rapport', 4);
    const open = action(sentCard(report!), 'Tjänsteutlåtandet');
    return (await chat.press(USERS.anders, open.verb!, open.data)).value;
  }

  /** The form's values, as Teams sends them back: every input with its value, and the card's own data. */
  function submitted(form: unknown, changes: Record<string, string>): Record<string, unknown> {
    const values = Object.fromEntries(inputsOf(form).map((i) => [i.id, i.value ?? '']));
    return { ...action(form, 'Spara uppgifterna').data, ...values, ...changes };
  }

  const save = async (form: unknown, changes: Record<string, string>) =>
    (await chat.press(USERS.anders, 'savePaper', submitted(form, changes))).value;

  it('opens with the bot’s drafts marked as drafts, and a Swedish placeholder on every field', async () => {
    const form = await openForm();
    const inputs = inputsOf(form);
    expect(inputs.map((i) => i.id)).toEqual(
      expect.arrayContaining(['diarienummer', 'officerName', 'proposal', 'summary', 'samverkan', 'director']),
    );
    for (const input of inputs) expect(input.placeholder).toMatch(/\p{L}{2,}/u);
    const proposal = inputs.find((i) => i.id === 'proposal')!;
    expect(proposal.value).toBe(
      'Stadsdelsnämnden godkänner uppföljningen av åtgärdsplanen och överlämnar den till revisorerna.',
    );
    expect(proposal.label).toBe('Förvaltningens förslag till beslut (utkast ur uppföljningen)');
    expect(inputs.find((i) => i.id === 'diarienummer')!.value ?? '').toBe('');
    expect(cardText(form)).toContain('Inte ifyllt ännu: diarienummer, handläggarens namn');
  });

  it('saves an edition with who and when, audited, and keeps a draft left as drafted following the data', async () => {
    const form = await openForm();
    const answer = await save(form, {
      diarienummer: 'HÄ 2026/1234',
      officerName: 'Lena Berg',
      officerEmail: 'lena.berg@stockholm.se',
      samverkan: 'Ärendet har behandlats i förvaltningsgruppen den 1 december 2026.',
    });
    expect(cardText(answer)).toContain('Sparat som utgåva 1: diarienummer, handläggarens namn');
    const [first] = await editions();
    expect(first).toMatchObject({
      edition: 1,
      savedBy: { name: 'Anders Holm' },
      details: {
        diarienummer: 'HÄ 2026/1234',
        caseOfficer: { name: 'Lena Berg', email: 'lena.berg@stockholm.se' },
        samverkan: 'Ärendet har behandlats i förvaltningsgruppen den 1 december 2026.',
      },
    });
    // The drafts came back as drafted: not stored, so they keep following the data.
    expect(first!.details.proposal).toBeUndefined();
    expect(first!.details.summary).toBeUndefined();
    const audit = (await bot.store.deployments.auditLog(PLAN)).filter((a) => a.what === 'Tjänsteutlåtandets uppgifter');
    expect(audit).toEqual([
      expect.objectContaining({
        before: 'inga uppgifter ifyllda',
        by: expect.objectContaining({ name: 'Anders Holm' }),
      }),
    ]);
    expect(audit[0]!.after).toMatch(/^utgåva 1: diarienummer, handläggarens namn, handläggarens e-post, samverkan$/);
    // Saving the same again stores nothing new.
    const again = await save(answer, {});
    expect(cardText(again)).toContain(TEXT.paperUnchanged);
    expect(await editions()).toHaveLength(1);
  });

  it('refuses a personnummer in any field, shows it masked, never back, and stores nothing', async () => {
    const form = await openForm();
    for (const field of ['samverkan', 'officerName', 'diarienummer', 'childRights']) {
      const answer = await save(form, { [field]: 'Gäller 19811218-9876 särskilt' });
      const text = JSON.stringify(answer);
      expect(text).not.toMatch(/9876/);
      expect(cardText(answer)).toContain('personnummer eller samordningsnummer');
      expect(cardText(answer)).toContain('Ingenting har sparats ännu');
    }
    expect(await editions()).toHaveLength(1);
  });

  it('refuses what the paper cannot carry, field by field, and keeps what was written', async () => {
    const form = await openForm();
    const answer = await save(form, { officerEmail: 'lena.berg', officerPhone: 'ring mig', director: 'Eva\nÅberg' });
    const text = cardText(answer);
    expect(text).toContain('Handläggarens e-post ser inte ut som en e-postadress');
    expect(text).toContain('Handläggarens telefon ska vara ett telefonnummer');
    expect(text).toContain('Stadsdelsdirektör ska stå på en rad');
    expect(inputsOf(answer).find((i) => i.id === 'officerEmail')!.value).toBe('lena.berg');
    expect(await editions()).toHaveLength(1);
  });

  it('a form based on an older edition saves nothing and says who saved meanwhile, keeping what was typed', async () => {
    const stale = await openForm();
    const other = await openForm();
    await save(other, { director: 'Eva Åberg' });
    const answer = await save(stale, { departmentHead: 'Olle Ek' });
    expect(cardText(answer)).toContain('Anders Holm sparade utgåva 2 medan du skrev (stadsdelsdirektör)');
    expect(inputsOf(answer).find((i) => i.id === 'departmentHead')!.value).toBe('Olle Ek');
    expect((await editions()).map((e) => e.edition)).toEqual([1, 2]);
    // Saved again from that card, knowingly: the next edition.
    await save(answer, {});
    expect((await editions()).at(-1)!.details.signatories).toEqual({ departmentHead: 'Olle Ek' });
  });

  it('refuses anyone but an administrator, and malformed data, and stores nothing', async () => {
    const before = (await editions()).length;
    for (const user of [USERS.karin, USERS.maria, USERS.sara, USERS.erik]) {
      const answer = await chat.press(user, 'savePaper', { basedOn: before, diarienummer: 'HÄ 2026/9' });
      expect((answer.value as string) ?? '').toBe(TEXT.paperRefused);
    }
    for (const data of [{ basedOn: 'x' }, { basedOn: -1 }, { diarienummer: 'HÄ 1' }, 'text']) {
      const answer = await chat.press(USERS.anders, 'savePaper', data);
      expect(answer.value).toBe(TEXT.malformedAction);
    }
    expect(await editions()).toHaveLength(before);
  });

  it('Fastställ asks first, naming what is missing; Avbryt fixes nothing', async () => {
    const [report] = await chat.say(USERS.anders, '/rapport', 4);
    const fix = action(sentCard(report!), 'Fastställ version 1');
    const asked = (await chat.press(USERS.anders, fix.verb!, fix.data)).value;
    expect(cardText(asked)).toContain('Fastställa version 1?');
    expect(cardText(asked)).toContain('Det går inte att ångra');
    expect(cardText(asked)).toContain('Inte ifyllt i tjänsteutlåtandet: nämndens beslut om åtgärdsplanen');
    expect((asked as Card).actions.map((a) => a.title)).toEqual(['Ja, fastställ version 1', 'Avbryt']);
    expect(await bot.store.followUp.versions(PLAN)).toEqual([]);
    const cancel = action(asked, 'Avbryt');
    const back = (await chat.press(USERS.anders, cancel.verb!, cancel.data)).value;
    expect(cardText(back)).not.toContain('Det går inte att ångra');
    expect(action(back, 'Fastställ version 1')).toBeDefined();
    expect(await bot.store.followUp.versions(PLAN)).toEqual([]);
  });

  it('a fixed version keeps the paper as it stood, whatever is saved after it', async () => {
    const [report] = await chat.say(USERS.anders, '/rapport', 4);
    const asked = (await chat.press(USERS.anders, 'fixReport', action(sentCard(report!), /^Fastställ/).data)).value;
    const yes = action(asked, /^Ja, fastställ/);
    const done = await chat.press(USERS.anders, yes.verb!, yes.data);
    expect(JSON.stringify(done.value)).toContain('Version 1 är fastställd av Anders Holm.');
    const [version] = await bot.store.followUp.versions(PLAN);
    bot.clock.advance(60_000);
    await save(await openForm(), { diarienummer: 'HÄ 2026/9999' });

    const upload = async (pressed: { verb: string; data: unknown }): Promise<string[]> => {
      const before = connector.sent.length;
      await chat.press(USERS.anders, pressed.verb, pressed.data);
      await connector.waitForSent(before + 3);
      const docx = connector.sent
        .slice(before)
        .map(
          (a: SentActivity) =>
            (
              a.body.attachments as unknown as Array<{
                contentType: string;
                name: string;
                content: { acceptContext: unknown };
              }>
            )[0]!,
        )
        .find((a) => a.contentType === CONSENT && a.name.endsWith('.docx'))!;
      const res = await postActivity(
        bot.url,
        fileConsentInvoke(connector.url, USERS.anders, {
          type: 'fileUpload',
          action: 'accept',
          context: docx.content.acceptContext,
          uploadInfo: {
            contentUrl: `https://contoso-my.sharepoint.com/${docx.name}`,
            name: docx.name,
            uploadUrl: connector.uploadUrl(docx.name),
            uniqueId: '1150D938-8870-4044-9F2C-5BBDEBA70C9D',
            fileType: 'docx',
          },
        }),
      );
      expect(res.status).toBe(200);
      return (await readDocx(connector.uploads.get(docx.name)!.bytes)).paragraphs;
    };
    const fixed = await upload({ verb: 'sendReport', data: { version: version!.version } });
    expect(fixed).toContain('Diarienummer: HÄ 2026/1234');
    expect(fixed).not.toContain('Diarienummer: HÄ 2026/9999');
    expect(fixed).toContain('Samverkan: Ärendet har behandlats i förvaltningsgruppen den 1 december 2026.');
    expect(fixed.join('\n')).toContain('Olle Ek');
  });
});
