import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { exportFollowUp, writeExport } from '../../src/cli/uppfoljning';
import { loadDeployment } from '../../src/config/deploymentFile';
import { RecordAssessment } from '../../src/app/assessments';
import { buildFollowUpReport, type PaperDetails } from '../../src/app/followUpReport';
import { RecordStatus } from '../../src/app/recordStatus';
import { FollowUpReports } from '../../src/app/reportVersions';
import { followUpDocx } from '../../src/report/followUpDocx';
import { followUpPdf } from '../../src/report/followUpPdf';
import { paperModel } from '../../src/report/paperModel';
import { reportRenderer } from '../../src/report/renderer';
import { SqliteStore } from '../../src/storage/sqlite/sqliteStore';
import { TestClock } from '../support/bot';
import { readDocx } from '../support/docx';
import { readPdf, type ReadPdf } from '../support/pdf';
import { USERS } from '../support/teams';

const person = (u: (typeof USERS)[keyof typeof USERS]) => ({ userId: u.aadObjectId, name: u.name });
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PLAN_SHA = sha256(readFileSync('plans/hagersten-alvsjo-familjehem.json'));
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('the committee’s paper as PDF/A for the diarium', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pdfa-'));
  const clock = new TestClock(new Date('2026-11-16T09:00:00+01:00'));
  const { plan, deployment } = loadDeployment('deployments/local.json');
  let store: SqliteStore;
  let reports: FollowUpReports;
  let fixed: Awaited<ReturnType<FollowUpReports['fix']>>;
  let pdf: ReadPdf;

  beforeAll(async () => {
    store = new SqliteStore({ dataDir });
    const ctx = { plan, deployment, answers: store.answers, states: store.states, clock };
    reports = new FollowUpReports(ctx, store.followUp, PLAN_SHA, reportRenderer);
    await new RecordStatus(ctx).submit({
      activityId: '2a',
      promptId: 'p1',
      actor: person(USERS.karin),
      draft: {
        status: 'risk',
        comment: 'Rutinen är försenad',
        milestonesReached: ['2a-m1'],
        indicators: { '2a-i1': 70 },
      },
    });
    clock.set('2026-12-02T10:00:00+01:00');
    await new RecordAssessment(ctx, store.followUp).submit({
      recommendationId: 'rek2',
      formId: 'f1',
      actor: person(USERS.maria),
      draft: { verdict: 'delvis', analysis: 'Rutinen är inte införd.', effects: 'Fler kontroller dokumenteras.' },
    });
    clock.set('2026-12-03T10:00:00+01:00');
    fixed = await reports.fix(person(USERS.anders));
    pdf = readPdf(fixed.pdf.bytes);
  });
  afterAll(async () => store.close());

  it('declares PDF/A-2b in its XMP metadata, with an output intent, and embeds every font', () => {
    expect(Buffer.from(fixed.pdf.bytes.slice(0, 8)).toString('latin1')).toBe('%PDF-1.7');
    expect(pdf.metadata).toMatch(/<pdfaid:part>2<\/pdfaid:part>\s*<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(Buffer.from(fixed.pdf.bytes).toString('latin1')).toContain('/GTS_PDFA1');
    expect(pdf.fonts.length).toBeGreaterThan(0);
    expect(pdf.fonts.filter((f) => !f.embedded)).toEqual([]);
  });

  it('reads every heading of the paper and of its appendix, in order, as the Word document has them', async () => {
    const headings = paperModel(fixed.report)
      .blocks.filter((b) => b.kind === 'heading' || b.kind === 'title')
      .map((b) => flat((b as { text: string }).text));
    let from = 0;
    for (const h of headings) {
      const at = pdf.flat.indexOf(h, from);
      expect({ heading: h, found: at >= 0 }).toEqual({ heading: h, found: true });
      from = at + h.length;
    }
    const docx = await readDocx(fixed.docx.bytes);
    expect(docx.headings.map((h) => flat(h.text))).toEqual(headings);
  });

  it('has no hash on the first page, a footer with the state and page x (y) on every page, and the hashes at the end', () => {
    expect(pdf.pages[0]).not.toMatch(/[0-9a-f]{64}|SHA-256/);
    pdf.pages.forEach((page, i) => {
      expect(flat(page)).toContain(`Dnr – · Fastställd version 1 · Sida ${i + 1} (${pdf.pages.length})`);
    });
    expect(pdf.flat.slice(pdf.flat.lastIndexOf('Om dokumentet'))).toContain(fixed.report.contentSha256);
  });

  it('is part of the fixed version with its own SHA-256, and comes out byte for byte again, also from the command line', async () => {
    const [stored] = await store.followUp.versions(plan.id);
    expect(stored!.pdfSha256).toBe(sha256(fixed.pdf.bytes));
    expect(stored!.pdfSha256).not.toBe(stored!.documentSha256);
    const again = await reports.version(1);
    expect(Buffer.from(again!.pdf.bytes).equals(Buffer.from(fixed.pdf.bytes))).toBe(true);
    const cli = await exportFollowUp({ DATA_DIR: dataDir }, { format: 'pdf', version: 1, clock });
    expect(sha256(cli as Uint8Array)).toBe(stored!.pdfSha256);
  });

  it('says an indicator without values once, not once per activity', () => {
    const said = pdf.flat.match(/inga indikatorvärden/g) ?? [];
    expect(said).toHaveLength(1);
    expect(pdf.flat).not.toContain('Inga värden rapporterade');
  });

  it('whatever people write for the paper appears in its place, in the Word document and in the PDF alike', async () => {
    const text = fc.stringMatching(/^[A-Za-zÅÄÖåäöÉé][A-Za-zÅÄÖåäöÉé0-9 ,.:-]{2,60}$/).map((s) => s.trim());
    const details: fc.Arbitrary<PaperDetails> = fc.record({
      diarienummer: fc.stringMatching(/^HÄ ?[0-9]{1,4}-[0-9]{4}\/20[0-9]{2}$/),
      caseOfficer: fc.record({ name: text, email: fc.constant('handlaggare@stockholm.se') }),
      proposal: fc.array(text, { minLength: 1, maxLength: 3 }),
      summary: text,
      samverkan: text,
      childRights: text,
      signatories: fc.record({ director: text, departmentHead: text }),
    });
    await fc.assert(
      fc.asyncProperty(details, async (paper) => {
        const report = buildFollowUpReport(
          { plan, deployment },
          { answers: [], assessments: [], planSha256: PLAN_SHA, paper },
          '2026-12-03T09:00:00.000Z',
        );
        const docx = await readDocx(await followUpDocx(report));
        const read = readPdf(await followUpPdf(report));
        const after = (heading: string) => docx.paragraphs.slice(docx.paragraphs.indexOf(heading) + 1);
        expect(docx.paragraphs).toContain(`Diarienummer: ${paper.diarienummer}`);
        expect(docx.paragraphs).toContain(`Handläggare: ${paper.caseOfficer!.name}, handlaggare@stockholm.se`);
        expect(after('Förvaltningens förslag till beslut').slice(0, paper.proposal!.length)).toEqual(paper.proposal);
        expect(after('Sammanfattning')[0]).toBe(paper.summary);
        expect(after('Barnrättsperspektiv')[0]).toBe(paper.childRights);
        expect(docx.paragraphs).toContain(`Samverkan: ${paper.samverkan}`);
        for (const expected of [
          `Diarienummer: ${paper.diarienummer}`,
          ...paper.proposal!,
          paper.summary!,
          `Samverkan: ${paper.samverkan}`,
          paper.childRights!,
          paper.signatories!.director!,
          paper.signatories!.departmentHead!,
        ]) {
          expect(read.flat).toContain(flat(expected));
        }
        expect(read.pages.at(-1)).toContain(`Dnr ${paper.diarienummer}`);
      }),
      {
        numRuns: 5,
        // Found by CI: short words that a laid-out reading of the PDF runs together.
        examples: [
          [
            {
              diarienummer: 'HÄ0-0000/2000',
              caseOfficer: { name: 'ÉÖÄ', email: 'handlaggare@stockholm.se' },
              proposal: ['Åaa'],
              summary: 'äaa',
              samverkan: 'Öaa',
              childRights: 'Ö Ö',
              signatories: { director: 'éÅÄ', departmentHead: 'Äé,' },
            },
          ],
        ],
      },
    );
  });
});

describe('the command line writes the binary formats only where it is told', () => {
  const sink = (isTTY: boolean) => {
    const chunks: Array<Uint8Array | string> = [];
    return { isTTY, chunks, write: (c: Uint8Array | string) => chunks.push(c) };
  };

  it('refuses a terminal for Word and PDF, in Swedish, pointing to --ut, and writes nothing', () => {
    const tty = sink(true);
    expect(() => writeExport(new Uint8Array([1, 2]), undefined, tty, true)).toThrow(
      'Word- och PDF-filer skrivs inte till terminalen. Ange en fil med --ut fil, eller --ut - för att skriva till standard ut.',
    );
    expect(tty.chunks).toEqual([]);
  });

  it('writes to stdout on purpose with --ut -, and text formats to a terminal as before', () => {
    const tty = sink(true);
    writeExport(new Uint8Array([1, 2]), '-', tty, true);
    writeExport('# Uppföljning', undefined, tty, false);
    expect(tty.chunks.map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString('latin1')))).toEqual([
      '\x01\x02',
      '# Uppföljning',
    ]);
  });

  it('creates a missing folder, and refuses an impossible path in Swedish without the Node error text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ut-'));
    const out = join(dir, 'ny', 'mapp', 'uppfoljning.pdf');
    expect(writeExport(new Uint8Array([37, 80]), out, sink(false), true)).toBe(
      `Uppföljningen är skriven till ${out}\n`,
    );
    expect([...readFileSync(out)]).toEqual([37, 80]);
    const blocked = join(out, 'under-en-fil.pdf');
    expect(() => writeExport(new Uint8Array([1]), blocked, sink(false), true)).toThrow(
      `Det gick inte att skriva ${blocked}. Kontrollera sökvägen och att du får skriva där.`,
    );
    expect(() => writeExport(new Uint8Array([1]), blocked, sink(false), true)).not.toThrow(/ENOENT|ENOTDIR/);
  });
});
