import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../app/errors';
import type { Clock } from '../app/ports';
import { registerExtract, type RegisterExtract } from '../app/registerExtract';
import { loadDeployment } from '../config/deploymentFile';
import { readConfig } from '../config/env';
import { openStore, type StoreSettings } from '../storage/openStore';

const argsSchema = z.object({
  person: z.string({ message: '--person <aadObjectId> behövs' }).min(1, '--person <aadObjectId> behövs'),
  out: z.string().min(1).optional(),
});

/** Reads `--person <aadObjectId> --ut fil.json`. */
export function parseArgs(argv: string[]): z.infer<typeof argsSchema> {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const key = { '--person': 'person', '--ut': 'out', '--out': 'out' }[argv[i]!];
    if (!key)
      throw new AppError('INVALID_INPUT', `Okänt argument ${argv[i]}. Använd --person <aadObjectId> och --ut fil.`);
    raw[key] = argv[++i] ?? '';
  }
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('INVALID_INPUT', parsed.error.issues[0]!.message);
  return parsed.data;
}

/**
 * A register extract from the configured store. The command line is run by whoever operates the
 * bot: it acts as the deployment's first administrator, and the audit entry says it came from here.
 */
export async function extractFromCli(
  env: NodeJS.ProcessEnv,
  options: { person: string; clock?: Clock; storeSettings?: StoreSettings },
): Promise<RegisterExtract> {
  const config = readConfig(env);
  const { plan, deployment } = loadDeployment(config.deploymentFile);
  const store = await openStore(options.storeSettings ?? config.store);
  try {
    const live = (await store.deployments.deployment(plan.id))?.value ?? deployment;
    const admin = live.administrators[0]!;
    const actor = { userId: admin.userId, name: `${admin.name} (npm run registerutdrag)` };
    const now = (options.clock ?? { now: () => new Date() }).now();
    return await registerExtract(store, plan.id, live, options.person, actor, now);
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  try {
    const args = parseArgs(process.argv.slice(2));
    const json = `${JSON.stringify(await extractFromCli(process.env, args), null, 2)}\n`;
    if (args.out) {
      writeFileSync(args.out, json);
      process.stderr.write(`Registerutdraget är skrivet till ${args.out}\n`);
    } else {
      process.stdout.write(json);
    }
  } catch (error) {
    const code = error instanceof AppError ? error.code : 'EXTRACT_FAILED';
    process.stderr.write(`Registerutdraget kunde inte tas ut [${code}]: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
