import { AppError } from '../app/errors';
import { gallring, gallringLines, type GallringResult } from '../app/gallring';
import type { Clock } from '../app/ports';
import { loadDeployment } from '../config/deploymentFile';
import { readConfig } from '../config/env';
import { openStore, type StoreSettings } from '../storage/openStore';

/** Who runs gallring from the command line, as the audit entry names it. */
export const CLI_ACTOR = { userId: 'kommandoraden', name: 'npm run gallring' };

/** Reads `--dry-run` (also `--torrkorning`); anything else is refused. */
export function parseArgs(argv: string[]): { dryRun: boolean } {
  let dryRun = false;
  for (const arg of argv) {
    if (arg === '--dry-run' || arg === '--torrkorning') dryRun = true;
    else throw new AppError('INVALID_INPUT', `Okänt argument ${arg}. Använd --dry-run för att bara lista.`);
  }
  return { dryRun };
}

/**
 * Gallring of the configured plan, with the same environment as the bot (DEPLOYMENT_FILE,
 * DATA_DIR or COSMOS_*), by the rules of the deployment as the store holds it.
 */
export async function runGallring(
  env: NodeJS.ProcessEnv,
  options: { dryRun: boolean; clock?: Clock; storeSettings?: StoreSettings },
): Promise<GallringResult> {
  const config = readConfig(env);
  const { plan, deployment } = loadDeployment(config.deploymentFile);
  const store = await openStore(options.storeSettings ?? config.store);
  try {
    const live = (await store.deployments.deployment(plan.id))?.value ?? deployment;
    const now = (options.clock ?? { now: () => new Date() }).now();
    return await gallring(store, plan.id, live, now, { dryRun: options.dryRun, by: CLI_ACTOR });
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  try {
    const args = parseArgs(process.argv.slice(2));
    const result = await runGallring(process.env, args);
    const head = args.dryRun ? 'Torrkörning: inget har tagits bort.' : 'Gallringen är gjord och loggad.';
    process.stdout.write(`${head}\n${gallringLines(result).join('\n')}\n`);
  } catch (error) {
    const code = error instanceof AppError ? error.code : 'GALLRING_FAILED';
    process.stderr.write(`Gallringen kunde inte göras [${code}]: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
