import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import JSZip from 'jszip';
import { exportFollowUp } from '../../src/cli/uppfoljning';
import { loadDeployment } from '../../src/config/deploymentFile';
import { RecordStatus } from '../../src/app/recordStatus';
import { SqliteStore } from '../../src/storage/sqlite/sqliteStore';
import { TestClock } from '../support/bot';
import { USERS } from '../support/teams';

/** C0 (but tab, line feed and carriage return), DEL, C1, lone surrogates, and what a lone surrogate becomes in UTF-8. */
const FORBIDDEN = /[^\P{Cc}\t\n\r]|\p{Cs}|\ufffd/u;

const CONTROL = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).filter((c) => ![0x09, 0x0a, 0x0d].includes(c)),
  fc.integer({ min: 0x7f, max: 0x9f }),
  fc.integer({ min: 0xd800, max: 0xdfff }),
);

/** Ordinary words with control characters and lone surrogates anywhere, as answers stored before the edge removed them. */
const texts = fc.sample(
  fc
    .tuple(
      fc.array(fc.constantFrom('Rutin', 'klar', 'i', 'tid', '2026-03-15', 'uppföljning'), { minLength: 1 }),
      fc.array(CONTROL, { minLength: 1, maxLength: 6 }),
    )
    .map(([words, controls]) => {
      const chars = [...words.join(' ')];
      controls.forEach((c, i) => chars.splice((i * 7) % (chars.length + 1), 0, String.fromCharCode(c)));
      return chars.join('');
    }),
  { seed: 20261207, numRuns: 25 },
);

describe('the follow-up record never holds control characters or lone surrogates', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'uppfoljning-cc-'));
  const clock = new TestClock(new Date('2026-12-01T09:00:00+01:00'));

  beforeAll(async () => {
    const { plan, deployment } = loadDeployment('deployments/local.json');
    const store = new SqliteStore({ dataDir });
    const recordStatus = new RecordStatus({ plan, deployment, answers: store.answers, states: store.states, clock });
    const karin = { userId: USERS.karin.aadObjectId, name: USERS.karin.name };
    for (const [i, text] of texts.entries()) {
      clock.advance(60_000);
      const outcome = await recordStatus.submit({
        activityId: '2a',
        promptId: `p${i}`,
        actor: karin,
        draft: { status: 'pågår', comment: text, nextStep: text, milestonesReached: [], indicators: {} },
      });
      expect(outcome.kind).toBe('saved');
    }
    await store.close();
  });

  it('the stored answers do hold them (the record is what cleans)', () => {
    expect(texts.every((t) => FORBIDDEN.test(t))).toBe(true);
  });

  it.each(['md', 'csv'] as const)('the %s record holds none, and keeps the words', async (format) => {
    const out = await exportFollowUp({ DATA_DIR: dataDir }, { format, clock });
    const text = typeof out === 'string' ? out : Buffer.from(out as Uint8Array).toString('utf8');
    expect(text.match(FORBIDDEN)).toBeNull();
    expect(text).toContain('Rutin');
  });

  it('the .docx holds none in any of its parts', async () => {
    const bytes = (await exportFollowUp({ DATA_DIR: dataDir }, { format: 'docx', clock })) as Uint8Array;
    const zip = await JSZip.loadAsync(bytes);
    const found: string[] = [];
    for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xml'))) {
      if (FORBIDDEN.test(await zip.file(name)!.async('string'))) found.push(name);
    }
    expect(found).toEqual([]);
    expect(await zip.file('word/document.xml')!.async('string')).toContain('Rutin');
  });
});
