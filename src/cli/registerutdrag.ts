import { z } from 'zod';
import { AppError } from '../app/errors';
import type { Clock } from '../app/ports';
import { registerExtract, type RegisterExtract } from '../app/registerExtract';
import { loadDeployment } from '../config/deploymentFile';
import { readConfig } from '../config/env';
import { openStore, type StoreSettings } from '../storage/openStore';
import { registerExtractRenderer } from '../report/renderer';
import { refuseTerminal, writeExport } from './uppfoljning';

const argsSchema = z.object({
  person: z.string({ message: '--person <aadObjectId> behövs' }).min(1, '--person <aadObjectId> behövs'),
  out: z.string().min(1).optional(),
  format: z.enum(['json', 'docx'], { message: '--format är json eller docx' }).default('json'),
});

/** Reads `--person <aadObjectId> [--format json|docx] --ut fil`. */
export function parseArgs(argv: string[]): z.infer<typeof argsSchema> {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const key = { '--person': 'person', '--ut': 'out', '--out': 'out', '--format': 'format' }[argv[i]!];
    if (!key) {
      throw new AppError(
        'INVALID_INPUT',
        `Okänt argument ${argv[i]}. Använd --person <aadObjectId>, --format json eller docx, och --ut fil.`,
      );
    }
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

/** The extract as the file the command line writes: the same bytes Teams uploads for the same extract. */
export async function registerExtractFile(extract: RegisterExtract, format: 'json' | 'docx'): Promise<Buffer> {
  return Buffer.from(await registerExtractRenderer[format](extract));
}

async function main(): Promise<void> {
  try {
    const args = parseArgs(process.argv.slice(2));
    // Refused before the extract is made (and audited), not after.
    refuseTerminal(args.out, process.stdout, args.format === 'docx');
    const extract = await extractFromCli(process.env, args);
    const content = await registerExtractFile(extract, args.format);
    const done = writeExport(
      args.format === 'docx' ? content : content.toString('utf8'),
      args.out,
      process.stdout,
      args.format === 'docx',
      'Registerutdraget',
    );
    if (done) process.stderr.write(done);
  } catch (error) {
    const code = error instanceof AppError ? error.code : 'EXTRACT_FAILED';
    process.stderr.write(`Registerutdraget kunde inte tas ut [${code}]: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
