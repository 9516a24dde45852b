import { writeFileSync } from 'node:fs';
import { AppError } from '../app/errors';
import { followUpRecord } from '../app/followUpRecord';
import type { Clock } from '../app/ports';
import { loadDeployment } from '../config/deploymentFile';
import { readConfig } from '../config/env';
import { followUpMarkdown } from '../report/followUpMarkdown';
import { openStore, type StoreSettings } from '../storage/openStore';

/**
 * Writes the follow-up record (Markdown) from the configured store: the same environment as the
 * bot (DEPLOYMENT_FILE, DATA_DIR or COSMOS_*). `--ut fil.md` writes to a file, else to stdout.
 */
export async function exportFollowUp(
  env: NodeJS.ProcessEnv,
  options: { clock?: Clock; storeSettings?: StoreSettings } = {},
): Promise<string> {
  const config = readConfig(env);
  const { plan, deployment } = loadDeployment(config.deploymentFile);
  const store = await openStore(options.storeSettings ?? config.store);
  try {
    const clock = options.clock ?? { now: () => new Date() };
    const record = await followUpRecord({ plan, deployment, answers: store.answers, clock });
    return followUpMarkdown(plan, record);
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--ut');
  const file = at >= 0 ? process.argv[at + 1] : undefined;
  try {
    const markdown = await exportFollowUp(process.env);
    if (file) {
      writeFileSync(file, markdown);
      process.stderr.write(`Uppföljningen är skriven till ${file}\n`);
    } else {
      process.stdout.write(markdown);
    }
  } catch (error) {
    const code = error instanceof AppError ? error.code : 'EXPORT_FAILED';
    process.stderr.write(`Uppföljningen kunde inte tas ut [${code}]: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
