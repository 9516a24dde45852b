import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The README and docs/ are read by people who cannot ask the author: every link and picture in them
 * points at something that exists, every anchor at a heading that is there, and no text speaks of
 * the project's internal issue numbers.
 */
const ROOT = join(__dirname, '..', '..');
const documents = [
  'README.md',
  'bench/README.md',
  'infra/README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
].filter((f) => existsSync(join(ROOT, f)));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');

const anchorsOf = (file: string): Set<string> =>
  new Set([...readFileSync(file, 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));

/** Markdown links and images outside code: `[text](target)` and `![alt](target)`. */
function links(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

describe.each(documents)('%s', (doc) => {
  const path = join(ROOT, doc);
  const text = readFileSync(path, 'utf8');

  it('links only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const target of links(text)) {
      if (/^(https?:|mailto:)/.test(target)) continue;
      const [file, anchor] = target.split('#') as [string, string | undefined];
      const into = file === '' ? path : resolve(dirname(path), decodeURI(file));
      if (!existsSync(into)) broken.push(`${target} (no file ${relative(ROOT, into)})`);
      else if (anchor && into.endsWith('.md') && !anchorsOf(into).has(anchor))
        broken.push(`${target} (no heading #${anchor})`);
    }
    expect(broken).toEqual([]);
  });

  it('speaks of what the software does, not of issue numbers', () => {
    expect(text.match(/\bissues? #?\d+|\(#\d+\)/gi) ?? []).toEqual([]);
  });
});

it('the checker finds a broken link and a missing heading', () => {
  expect(links('see [x](nowhere.md) and ![p](a/b.png)')).toEqual(['nowhere.md', 'a/b.png']);
  expect(anchorsOf(join(ROOT, 'docs', 'architecture.md')).has(slug("Adding the next audit's plan"))).toBe(true);
  expect(slug('Checking a plan file: `npm run plan:check`')).toBe('checking-a-plan-file-npm-run-plancheck');
});
