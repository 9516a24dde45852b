// Builds the Teams tab (tab/) with esbuild into dist/tab: index.html and one minified tab.js.
// Run by `npm run build`; nothing built is committed. --metafile writes dist/tab/meta.json for the bench.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, 'dist', 'tab');
mkdirSync(out, { recursive: true });
const result = await build({
  entryPoints: [join(root, 'tab', 'main.tsx')],
  outfile: join(out, 'tab.js'),
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome110', 'edge110', 'safari16', 'firefox110'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
copyFileSync(join(root, 'tab', 'index.html'), join(out, 'index.html'));
writeFileSync(join(out, 'meta.json'), JSON.stringify(result.metafile));
