import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportFollowUp, parseArgs } from '../../src/cli/uppfoljning';
import { literal } from '../../src/report/followUpMarkdown';
import { loadDeployment } from '../../src/config/deploymentFile';
import { RecordAssessment } from '../../src/app/assessments';
import { RecordStatus } from '../../src/app/recordStatus';
import { FollowUpReports } from '../../src/app/reportVersions';
import { reportRenderer } from '../../src/report/renderer';
import { APPENDIX_TITLE } from '../../src/report/paperModel';
import { SqliteStore } from '../../src/storage/sqlite/sqliteStore';
import { TestClock } from '../support/bot';
import { readDocx, type ReadDocx } from '../support/docx';
import { USERS } from '../support/teams';
import { freshnessOf, standingRuleTexts } from '../../src/domain/standing';

const person = (u: (typeof USERS)[keyof typeof USERS]) => ({ userId: u.aadObjectId, name: u.name });
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const PLAN_SHA = sha256(readFileSync('plans/hagersten-alvsjo-familjehem.json'));

describe('the follow-up report for the district board', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-'));
  const clock = new TestClock(new Date('2026-11-02T09:00:00+01:00'));
  const { plan, deployment } = loadDeployment('deployments/local.json');
  let store: SqliteStore;
  let reports: FollowUpReports;
  let record: RecordStatus;
  let fixed: Awaited<ReturnType<FollowUpReports['fix']>>;
  let doc: ReadDocx;

  const week = 7 * 86_400_000;
  const draft = (status: string, value: number, comment: string, milestones: string[] = ['2a-m1']) => ({
    status,
    comment,
    milestonesReached: milestones,
    indicators: { '2a-i1': value },
  });

  beforeAll(async () => {
    store = new SqliteStore({ dataDir });
    const ctx = { plan, deployment, answers: store.answers, states: store.states, clock };
    record = new RecordStatus(ctx);
    reports = new FollowUpReports(ctx, store.followUp, PLAN_SHA, reportRenderer);
    await record.submit({
      activityId: '2a',
      promptId: 'p1',
      actor: person(USERS.karin),
      draft: draft('pågår', 60, 'Arbetsgruppen är igång; rutinen skrivs'),
    });
    clock.advance(2 * week);
    const bySara = await record.submit({
      activityId: '2a',
      promptId: 'p2',
      actor: person(USERS.sara),
      draft: draft('risk', 70, 'Sjukfrånvaro\ni gruppen'),
    });
    clock.advance(2 * week);
    await record.submit({
      activityId: '1a',
      promptId: 'p3',
      actor: person(USERS.anders),
      draft: { status: 'pågår', comment: '=SUMMA(A1) står i 2c8', milestonesReached: [], indicators: { '1a-i2': 3 } },
    });
    clock.advance(86_400_000);
    if (bySara.kind !== 'saved') throw new Error('not saved');
    await record.submit({
      activityId: '2a',
      promptId: 'p4',
      corrects: bySara.answer.id,
      actor: person(USERS.karin),
      draft: draft('pågår', 75, 'Rättat: arbetet går enligt plan'),
    });
    clock.set('2026-12-02T10:00:00+01:00');
    await new RecordAssessment(ctx, store.followUp).submit({
      recommendationId: 'rek2',
      formId: 'f1',
      actor: person(USERS.maria),
      draft: {
        verdict: 'delvis',
        analysis: 'Rutinen är uppdaterad men inte införd i 2c8.',
        effects: 'Fler kontroller dokumenteras.',
      },
    });
    clock.set('2026-12-03T10:00:00+01:00');
    fixed = await reports.fix(person(USERS.anders));
    doc = await readDocx(fixed.docx.bytes);
    // Answered after the version was fixed: the fixed version must not change.
    clock.set('2026-12-04T10:00:00+01:00');
    await record.submit({
      activityId: '2a',
      promptId: 'p5',
      actor: person(USERS.karin),
      draft: draft('klar', 90, 'Klart', ['2a-m1', '2a-m2', '2a-m4', '2a-m7']),
    });
  });
  afterAll(async () => store.close());

  it('is a tjänsteutlåtande: the heading block names administration, department, case officer, diarienummer, date and board, with no hash', () => {
    expect(doc.paragraphs.slice(0, 7)).toEqual([
      'Förvaltning: Hägersten-Älvsjö stadsdelsförvaltning',
      'Avdelning: Individ- och familjeomsorg',
      'Handläggare: Anges före fastställandet',
      'Diarienummer: Anges före fastställandet',
      'Datum: 3 december 2026',
      'Till: Hägersten-Älvsjö stadsdelsnämnd',
      'Uppföljning av åtgärdsplan med anledning av Stadsrevisionens projektrapport Placering av barn och unga i familjehem',
    ]);
    const beforeAppendix = doc.paragraphs.slice(0, doc.paragraphs.indexOf(APPENDIX_TITLE));
    expect(beforeAppendix.join('\n')).not.toMatch(/[0-9a-f]{64}/);
  });

  it('has the parts of a tjänsteutlåtande in order, then the follow-up as Bilaga 1 and a closing Om dokumentet', () => {
    const h1 = doc.headings.filter((h) => h.style === 'Heading1').map((h) => h.text);
    expect(h1).toEqual([
      'Förvaltningens förslag till beslut',
      'Sammanfattning',
      'Bakgrund',
      'Ärendets beredning',
      'Förvaltningens synpunkter och förslag',
      'Barnrättsperspektiv',
      'Bilagor',
      APPENDIX_TITLE,
      'Om dokumentet',
    ]);
    const h2 = doc.headings.filter((h) => h.style === 'Heading2').map((h) => h.text);
    expect(h2).toEqual([
      ...plan.recommendations.map((r) => `Rekommendation ${r.number}: ${r.title}`),
      ...plan.recommendations.map((r) => `Rek ${r.number}: ${r.title}`),
      'Alla svar under perioden',
      'Ändringar i hur uppföljningen drivs',
      'Så sätts läget',
    ]);
    const h3 = doc.headings.filter((h) => h.style === 'Heading3').map((h) => h.text);
    expect(h3.filter((t) => !t.startsWith('Fortsatt arbete'))).toEqual(
      plan.recommendations.flatMap((r) => r.activities).map((a) => `${a.id} · ${a.unit}: ${a.title}`),
    );
    expect(doc.paragraphs).toContain(`Åtgärd: ${plan.recommendations[1]!.measure}`);
  });

  it('drafts the proposal, the summary and the background from the data, and leaves the signatures to be named', () => {
    const after = (heading: string) => doc.paragraphs[doc.paragraphs.indexOf(heading) + 1];
    expect(after('Förvaltningens förslag till beslut')).toBe(
      'Stadsdelsnämnden godkänner uppföljningen av åtgärdsplanen och överlämnar den till revisorerna.',
    );
    expect(after('Sammanfattning')).toContain(
      'Stadsrevisionens projektrapport Placering av barn och unga i familjehem gav nämnden tre rekommendationer, som förvaltningen har besvarat med en åtgärdsplan. ' +
        'Förvaltningen har följt upp åtgärdsplanen per 3 december 2026. ' +
        'Förvaltningen bedömer en som delvis genomförd; två rekommendationer är ännu inte bedömda.',
    );
    expect(doc.paragraphs).toEqual(
      expect.arrayContaining([
        'Samlad bedömning: Delvis genomförd',
        'Nämndens beslut om åtgärdsplanen: Anges före fastställandet',
        'Samverkan: Anges före fastställandet',
        'Stadsdelsdirektör',
        'Avdelningschef',
        '1. Uppföljning per rekommendation och aktivitet',
      ]),
    );
    const h3 = doc.headings.filter((h) => h.style === 'Heading3').map((h) => h.text);
    expect(h3.slice(0, plan.recommendations.length)).toEqual(
      plan.recommendations.map((r) => `Fortsatt arbete, rekommendation ${r.number}`),
    );
    // The second table is rek 2's continued work (the first is rek 1's): what is not reached, with its date.
    expect(doc.tables[1]![0]).toEqual(['Enhet', 'Fortsatt arbete', 'Tid', 'Läge']);
    expect(doc.tables[1]).toContainEqual([
      'Familjehemsenheten',
      'Uppdaterad rutin för dokumentation av kontroller färdig',
      'våren 2026',
      'Försenad',
    ]);
    expect(doc.tables[1]!.map((row) => row[1])).not.toContain(
      'Planeringsdag: ansvarsområden förtydligade och struktur för uppföljning framtagen',
    );
  });

  it('says the versions and checksums once, in plain words, at the end', () => {
    const about = doc.paragraphs.slice(doc.paragraphs.indexOf('Om dokumentet'));
    expect(about).toEqual(
      expect.arrayContaining([
        'Dokumentets version: Version 1, fastställd 3 december 2026 kl. 10:00 av Anders Holm. En fastställd version kan tas fram igen exakt lika.',
        `Kontrollsumma för innehållet (SHA-256): ${fixed.version.contentSha256}`,
        `Kontrollsumma för åtgärdsplanen (SHA-256): ${PLAN_SHA} (${plan.title}, version ${plan.version})`,
      ]),
    );
    const all = [...doc.paragraphs, ...doc.tables.flat(2)].join('\n');
    expect(all).not.toMatch(/atgardsplan-bot|\/rapport|verktyget/);
  });

  it('carries the assessment and its analysis, and says where there is none', () => {
    expect(doc.paragraphs).toEqual(
      expect.arrayContaining([
        'Bedömning: Delvis genomförd (2 december 2026 kl. 10:00, Maria Sjöberg)',
        'Analys: Rutinen är uppdaterad men inte införd i 2c8.',
        'Effekter hittills: Fler kontroller dokumenteras.',
        'Ledningsgruppen har inte bedömt rekommendationen ännu.',
      ]),
    );
    const summary = doc.tables[plan.recommendations.length]!;
    // Reported "pågår enligt plan", but milestones of January and spring 2026 are passed unreached.
    expect(summary[2]).toEqual([`Rek 2: ${plan.recommendations[1]!.title}`, 'Risk för försening', 'Delvis genomförd']);
  });

  it('shows beside each light what was reported and what the schedule says, and prints the rule', () => {
    expect(doc.paragraphs).toContain('Status: Risk för försening');
    expect(
      doc.paragraphs.filter((p) =>
        /^Underlag: Rapporterat: pågår enligt plan \(\d+ \w+ 2026\) · \d+ milstolpar passerade utan att vara uppnådda$/.test(
          p,
        ),
      ).length,
    ).toBeGreaterThan(0);
    expect(doc.headings.map((h) => h.text)).toContain('Så sätts läget');
    for (const rule of standingRuleTexts(freshnessOf(deployment.schedule.prompts.everyWeeks))) {
      expect(doc.paragraphs).toContain(rule);
    }
  });

  it('shows each activity with its status, latest comment and milestones with when and by whom they were reached', () => {
    expect(doc.paragraphs).toContain(
      'Senaste kommentar: Rättat: arbetet går enligt plan (1 december 2026 kl. 09:00, Karin Lind)',
    );
    const rows = doc.tables.flat();
    expect(rows).toContainEqual([
      'Planeringsdag: arbetat med att förtydliga och fastställa medarbetarnas ansvarsområden, och en tydligare struktur för uppföljning framtagen',
      'januari 2026',
      'Uppnådd',
      '2 november 2026, Karin Lind',
    ]);
    expect(rows).toContainEqual([
      'Två jourhemshandläggare anställda',
      'mars 2025',
      'Uppnådd',
      'Enligt åtgärdsplanen: mars 2025',
    ]);
    expect(rows).toContainEqual(
      expect.arrayContaining(['Uppdaterad rutin för dokumentation av kontroller färdig', 'våren 2026', 'Försenad']),
    );
  });

  it('shows indicator values over time as a trend, not only the latest', () => {
    expect(doc.paragraphs).toContain(
      'Andel familjehem där samtliga kontroller är dokumenterade: 60 → 70 → 75 % (+15 sedan första värdet 2 november 2026)',
    );
    expect(doc.tables.flat()).toEqual(
      expect.arrayContaining([
        ['2 november 2026', '60', 'Karin Lind'],
        ['16 november 2026', '70', 'Sara Berg'],
        ['1 december 2026', '75', 'Karin Lind'],
      ]),
    );
  });

  it('marks answers given on the owner’s behalf and corrections, in an appendix with every answer', () => {
    const appendix = doc.tables.at(-1)!;
    expect(appendix[0]).toEqual([
      'Tidpunkt',
      'Aktivitet',
      'Lämnat av',
      'Status',
      'Kommentar',
      'Nästa steg',
      'Markering',
    ]);
    expect(appendix.slice(1).map((r) => [r[0], r[1], r[2], r[6]])).toEqual([
      ['2 november 2026 kl. 09:00', '2a', 'Karin Lind', '–'],
      ['16 november 2026 kl. 09:00', '2a', 'Sara Berg', 'Lämnat av ersättare för den ansvariga'],
      ['30 november 2026 kl. 09:00', '1a', 'Anders Holm', 'Lämnat av administratör för den ansvariga'],
      ['1 december 2026 kl. 09:00', '2a', 'Karin Lind', 'Rättelse av svaret 16 november 2026 kl. 09:00 (Sara Berg)'],
    ]);
  });

  it('stores the fixed version once with who, when and the SHA-256 of the document and of the plan file', async () => {
    expect(await store.followUp.versions(plan.id)).toEqual([
      {
        planId: plan.id,
        version: 1,
        fixedBy: person(USERS.anders),
        fixedAt: '2026-12-03T09:00:00.000Z',
        documentSha256: sha256(fixed.docx.bytes),
        pdfSha256: sha256(fixed.pdf.bytes),
        planSha256: PLAN_SHA,
        contentSha256: fixed.report.contentSha256,
      },
    ]);
    expect(doc.core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-12-03T09:00:00Z</dcterms:created>');
  });

  it('gives the fixed version byte for byte again, after later answers, in any time zone and from the command line', async () => {
    const again = await reports.version(1);
    expect(Buffer.from(again!.docx.bytes).equals(Buffer.from(fixed.docx.bytes))).toBe(true);
    const tz = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      const elsewhere = await reports.version(1);
      expect(sha256(elsewhere!.docx.bytes)).toBe(fixed.version.documentSha256);
    } finally {
      process.env.TZ = tz;
    }
    const cli = await exportFollowUp({ DATA_DIR: dataDir }, { format: 'docx', version: 1, clock });
    expect(sha256(cli as Uint8Array)).toBe(fixed.version.documentSha256);
    // The draft moves on: it holds the later answer the fixed version does not.
    const current = await readDocx((await reports.draft()).docx.bytes);
    expect(current.paragraphs.join('\n')).toContain('60 → 70 → 75 → 90 %');
    expect(doc.paragraphs.join('\n')).not.toContain('→ 90');
  });

  it('refuses by itself to fix for anyone but an administrator, and stores nothing', async () => {
    const before = await store.followUp.versions(plan.id);
    for (const u of [USERS.karin, USERS.maria, USERS.sara, USERS.erik]) {
      await expect(reports.fix(person(u))).rejects.toMatchObject({ code: 'NOT_PERMITTED' });
    }
    expect(await store.followUp.versions(plan.id)).toEqual(before);
  });

  it('a second version gets the next number; the first stays as it was', async () => {
    clock.set('2026-12-05T10:00:00+01:00');
    const second = await reports.fix(person(USERS.anders));
    expect(second.version.version).toBe(2);
    expect(second.version.documentSha256).not.toBe(fixed.version.documentSha256);
    expect((await store.followUp.versions(plan.id)).map((v) => [v.version, v.documentSha256])).toEqual([
      [1, fixed.version.documentSha256],
      [2, second.version.documentSha256],
    ]);
  });

  it('writes every answer as CSV for Swedish Excel: UTF-8 with BOM, semicolons, CRLF, quoted where needed', async () => {
    const bytes = (await exportFollowUp({ DATA_DIR: dataDir }, { format: 'csv', version: 1, clock })) as Uint8Array;
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = Buffer.from(bytes).toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(
      'Tidpunkt;Rekommendation;Aktivitet;Enhet;Lämnat av;Status;Kommentar;Nästa steg;Uppnådda milstolpar;Indikatorer;Underlag;Markering;Svarets id;Rättar svar',
    );
    expect(lines[1]).toMatch(
      /^2 november 2026 kl\. 09:00;Rek 2;2a;Familjehemsenheten;Karin Lind;Pågår enligt plan;"Arbetsgruppen är igång; rutinen skrivs";;/,
    );
    expect(text).toContain('"Sjukfrånvaro\ni gruppen"');
    expect(text).toContain(";'=SUMMA(A1) står i 2c8;");
    expect(text).toContain('Andel familjehem där samtliga kontroller är dokumenterade: 75 %');
    expect(text.match(/\r\n/g)).toHaveLength(5);
  });

  it('the command line gives the same content as Markdown, and refuses what it cannot read', async () => {
    const md = (await exportFollowUp({ DATA_DIR: dataDir }, { format: 'md', version: 1, clock })) as string;
    expect(md).toContain('- **Bedömning:** Delvis genomförd (2 december 2026 kl. 10:00, Maria Sjöberg)');
    expect(md).toContain('60 → 70 → 75 %');
    // Written as a person's text is: escaped, so it renders as exactly this.
    expect(md).toContain(literal('Rättelse av svaret 16 november 2026 kl. 09:00 (Sara Berg)'));
    expect(md).toContain('- **Rapportens version:** Version 1, fastställd 3 december 2026 kl. 10:00 av Anders Holm');
    expect(parseArgs(['--format', 'docx', '--version', '2', '--ut', 'r.docx'])).toEqual({
      format: 'docx',
      version: 2,
      out: 'r.docx',
    });
    expect(() => parseArgs(['--format', 'xls'])).toThrow('--format ska vara docx, pdf, csv eller md');
    expect(() => parseArgs(['--datum', 'x'])).toThrow('Okänt argument --datum');
    await expect(exportFollowUp({ DATA_DIR: dataDir }, { format: 'docx', version: 9, clock })).rejects.toThrow(
      'Version 9 är inte fastställd.',
    );
  });
});
