import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The bot's version from its package.json, found upwards from this file (src/ when run by the
 * tests, dist/src/ when built); "okänd" if there is none.
 */
export function botVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'atgardsplan-bot' && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) return 'okänd';
  }
}
