import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportFollowUp } from '../../src/cli/uppfoljning';
import { loadDeployment } from '../../src/config/deploymentFile';
import { RecordStatus } from '../../src/app/recordStatus';
import { SqliteStore } from '../../src/storage/sqlite/sqliteStore';
import { TestClock } from '../support/bot';
import { USERS } from '../support/teams';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

describe("a person's text in the follow-up report's Markdown stays text", () => {
  const HOSTILE = [
    '[klicka här](https://evil.example/inloggning)',
    '![bild](https://evil.example/x.png)',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<b>fet</b> och <a href="https://evil.example">länk</a>',
    '# Rubrik',
    'rad ett\r# Rubrik efter ensam CR',
    'rad ett\r\n===',
    'rad ett\n---',
    '* punkt',
    '1. numrerad',
    '> citat',
    '| a | b |',
    'https://evil.example/autolänk',
    'www.evil.example',
    '<https://evil.example>',
    'mejla mig@evil.example',
    '`kod` och ``dubbel`` och `|`',
    '**fet** _kursiv_ ~~struken~~',
    '&lt;b&gt; &amp; &#60;i&#62;',
    'snedstreck \\ [x]: https://evil.example',
    '<!-- kommentar -->',
  ];

  const dataDir = mkdtempSync(join(tmpdir(), 'uppfoljning-md-'));
  const clock = new TestClock(new Date('2026-12-01T09:00:00+01:00'));
  const md = new MarkdownIt({ html: true, linkify: true });

  /** The tokens of the rendered record, inline children included. */
  const tokens = (markdown: string): Token[] => md.parse(markdown, {}).flatMap((t) => [t, ...(t.children ?? [])]);
  const count = (all: Token[], types: string[]) => all.filter((t) => types.includes(t.type)).length;

  let baseline: string;
  let record: string;

  beforeAll(async () => {
    const { plan, deployment } = loadDeployment('deployments/local.json');
    const store = new SqliteStore({ dataDir });
    const recordStatus = new RecordStatus({ plan, deployment, answers: store.answers, states: store.states, clock });
    const karin = { userId: USERS.karin.aadObjectId, name: USERS.karin.name };
    baseline = (await exportFollowUp({ DATA_DIR: dataDir }, { format: 'md', clock })) as string;
    for (const [i, text] of HOSTILE.entries()) {
      clock.advance(60_000);
      await recordStatus.submit({
        activityId: '2a',
        promptId: `p${i}`,
        actor: karin,
        draft: { status: 'pågår', comment: text, nextStep: text, milestonesReached: [], indicators: {} },
      });
    }
    await store.close();
    record = (await exportFollowUp({ DATA_DIR: dataDir }, { format: 'md', clock })) as string;
  });

  it('rendered with markdown-it (HTML and autolinks on), no answer adds a link, image, HTML element or heading', () => {
    const before = tokens(baseline);
    const after = tokens(record);
    for (const types of [
      ['link_open'],
      ['image'],
      ['html_inline', 'html_block'],
      ['heading_open'],
      ['bullet_list_open', 'ordered_list_open', 'blockquote_open', 'hr'],
    ]) {
      expect([types.join('/'), count(after, types)]).toEqual([types.join('/'), count(before, types)]);
    }
  });

  it('every answer shows as exactly what was written, on its row, in its cells', () => {
    const cells = md
      .parse(record, {})
      .filter((t) => t.type === 'inline')
      .map((t) => (t.children ?? []).map((c) => (c.type === 'softbreak' ? ' ' : c.content)).join(''));
    for (const text of HOSTILE) {
      const expected = text.replace(/\r\n|[\r\n]/g, ' ');
      expect([text, cells.filter((c) => c === expected).length]).toEqual([text, 2]);
    }
  });
});
