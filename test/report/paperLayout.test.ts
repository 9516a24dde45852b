import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { loadDeployment } from '../../src/config/deploymentFile';
import { RecordAssessment } from '../../src/app/assessments';
import { RecordStatus } from '../../src/app/recordStatus';
import { FollowUpReports } from '../../src/app/reportVersions';
import { APPENDIX_TITLE, paperModel, type Block } from '../../src/report/paperModel';
import { reportRenderer } from '../../src/report/renderer';
import { SqliteStore } from '../../src/storage/sqlite/sqliteStore';
import { TestClock } from '../support/bot';
import { readPdf, type ReadPdf } from '../support/pdf';
import { USERS } from '../support/teams';

const person = (u: (typeof USERS)[keyof typeof USERS]) => ({ userId: u.aadObjectId, name: u.name });
const PLAN_SHA = createHash('sha256').update(readFileSync('plans/hagersten-alvsjo-familjehem.json')).digest('hex');
const words = (s: string) => s.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');

function blockText(b: Block): string[] {
  switch (b.kind) {
    case 'title':
    case 'heading':
    case 'para':
      return [b.text];
    case 'labelled':
      return [b.label, b.text];
    case 'facts':
      return b.rows.flat();
    case 'table':
      return [...b.header, ...b.rows.flat()];
    case 'signatures':
      return b.people.flatMap((p) => [p.name, p.title]);
  }
}

/** The .docx laid out by LibreOffice (Debian's libreoffice-writer), as the committee's reader would see it. */
function layOut(docx: Uint8Array): ReadPdf {
  return readPdf(readFileSync(layOutFile(docx)));
}

/** The same, as a PDF file on disk. */
function layOutFile(docx: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'lo-'));
  writeFileSync(join(dir, 'paper.docx'), docx);
  execFileSync(
    'soffice',
    [
      '--headless',
      '--norestore',
      `-env:UserInstallation=file://${join(dir, 'profile')}`,
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      join(dir, 'paper.docx'),
    ],
    { stdio: 'ignore', timeout: 120_000 },
  );
  return join(dir, 'paper.pdf');
}

/** One page of a PDF as a PNG (poppler's pdftoppm), as the README shows it. */
function pagePng(pdf: string, page: number, out: string): Buffer {
  const base = join(mkdtempSync(join(tmpdir(), 'page-')), 'page');
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', String(page), '-l', String(page), '-singlefile', pdf, base]);
  const png = readFileSync(`${base}.png`);
  writeFileSync(out, png);
  return png;
}

describe('the .docx as LibreOffice lays it out', () => {
  const clock = new TestClock(new Date('2026-11-16T09:00:00+01:00'));
  const { plan, deployment } = loadDeployment('deployments/local.json');
  let store: SqliteStore;
  let laidOut: ReadPdf;
  let known: Set<string>;

  beforeAll(async () => {
    store = new SqliteStore({ dataDir: mkdtempSync(join(tmpdir(), 'layout-')) });
    const ctx = { plan, deployment, answers: store.answers, states: store.states, clock };
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
    const fixed = await new FollowUpReports(ctx, store.followUp, PLAN_SHA, reportRenderer).fix(person(USERS.anders));
    const model = paperModel(fixed.report);
    known = new Set([...model.blocks.flatMap(blockText), model.footer, 'Sida'].flatMap(words));
    laidOut = layOut(fixed.docx.bytes);
  }, 180_000);
  afterAll(async () => store.close());

  it('breaks no word across lines: every word on the pages is a word of the document', () => {
    const pageNumbers = laidOut.pages.map((_p, i) => String(i + 1));
    const strangers = [
      ...new Set(words(laidOut.pages.join('\n')).filter((w) => !known.has(w) && !pageNumbers.includes(w))),
    ];
    expect(strangers).toEqual([]);
  });

  it('has no hash on the first page', () => {
    expect(laidOut.pages[0]).not.toMatch(/[0-9a-f]{64}|SHA-256/);
  });

  it('leaves no page more than three quarters empty but the last of the paper and the last of its appendix', () => {
    const lines = laidOut.pages.map((p) => p.split('\n').filter((l) => l.trim() !== '').length);
    const full = Math.max(...lines);
    const appendixStarts = laidOut.pages.findIndex((p) => p.replace(/\s+/g, ' ').includes(APPENDIX_TITLE));
    expect(appendixStarts).toBeGreaterThan(0);
    const exempt = new Set([appendixStarts - 1, laidOut.pages.length - 1]);
    const nearlyEmpty = lines
      .map((n, i) => ({ page: i + 1, n }))
      .filter((p) => !exempt.has(p.page - 1) && p.n < full / 4);
    expect(nearlyEmpty).toEqual([]);
  });

  it('carries the running footer with diarienummer, state and page x (y) on every page', () => {
    laidOut.pages.forEach((page, i) => {
      expect(page.replace(/\s+/g, ' ')).toContain(
        `Dnr – · Fastställd version 1 · Sida ${i + 1} (${laidOut.pages.length})`,
      );
    });
  });
});

describe('the README’s pictures of the paper, rendered from a fixed version', () => {
  it('shows the first page and the appendix’s page on rek 2, from a paper with its parts written in', async () => {
    const clock = new TestClock(new Date('2026-12-02T10:00:00+01:00'));
    const { plan, deployment } = loadDeployment('deployments/local.json');
    const store = new SqliteStore({ dataDir: mkdtempSync(join(tmpdir(), 'pictures-')) });
    try {
      const ctx = { plan, deployment, answers: store.answers, states: store.states, clock };
      await new RecordAssessment(ctx, store.followUp).submit({
        recommendationId: 'rek2',
        formId: 'f1',
        actor: person(USERS.maria),
        draft: { verdict: 'delvis', analysis: 'Rutinen är inte införd.', effects: 'Fler kontroller dokumenteras.' },
      });
      await store.followUp.savePaperEdition({
        planId: plan.id,
        edition: 1,
        savedAt: '2026-12-02T09:30:00.000Z',
        savedBy: person(USERS.anders),
        details: {
          diarienummer: 'HÄ 2026/1234',
          caseOfficer: { name: 'Lena Berg', title: 'utvecklingsledare', email: 'lena.berg@stockholm.se' },
          samverkan: 'Ärendet har behandlats i förvaltningsgruppen den 1 december 2026.',
          signatories: { director: 'Eva Åberg', departmentHead: 'Olle Ek' },
        },
      });
      clock.set('2026-12-03T10:00:00+01:00');
      const fixed = await new FollowUpReports(ctx, store.followUp, PLAN_SHA, reportRenderer).fix(person(USERS.anders));
      const pdf = layOutFile(fixed.docx.bytes);
      const pages = readPdf(readFileSync(pdf)).pages.map((p) => p.replace(/\s+/g, ' '));
      const appendix = pages.findIndex((p) => p.includes(APPENDIX_TITLE));
      const rek2 = pages.findIndex((p, i) => i > appendix && p.includes('2a · '));
      expect(pages[0]).toContain('Diarienummer: HÄ 2026/1234');
      expect(rek2).toBeGreaterThan(appendix);
      for (const [page, name] of [
        [1, 'rapport-sida-1.png'],
        [rek2 + 1, 'rapport-rek2.png'],
      ] as const) {
        const png = pagePng(pdf, page, join('docs', 'screenshots', name));
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
        expect(png.length).toBeGreaterThan(20_000);
      }
    } finally {
      store.close();
    }
  }, 180_000);
});
