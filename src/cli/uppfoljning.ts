import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { AppError } from '../app/errors';
import type { Clock } from '../app/ports';
import { FollowUpReports } from '../app/reportVersions';
import { loadDeployment } from '../config/deploymentFile';
import { readConfig } from '../config/env';
import { followUpMarkdown, reportRenderer } from '../report/renderer';
import { openStore, type StoreSettings } from '../storage/openStore';

export const FORMATS = ['docx', 'pdf', 'csv', 'md'] as const;
export type Format = (typeof FORMATS)[number];

const argsSchema = z.object({
  format: z.enum(FORMATS, { message: '--format ska vara docx, pdf, csv eller md' }).default('md'),
  /** A fixed version instead of the draft. */
  version: z.coerce.number({ message: '--version ska vara ett versionsnummer' }).int().positive().optional(),
  out: z.string().min(1).optional(),
});

export type ExportOptions = z.input<typeof argsSchema>;

/** Reads `--format docx --version 2 --ut fil.docx` (also `--out`). */
export function parseArgs(argv: string[]): z.infer<typeof argsSchema> {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const key = { '--format': 'format', '--version': 'version', '--ut': 'out', '--out': 'out' }[argv[i]!];
    if (!key)
      throw new AppError(
        'INVALID_INPUT',
        `Okänt argument ${argv[i]}. Använd --format docx|pdf|csv|md, --version N och --ut fil.`,
      );
    raw[key] = argv[++i] ?? '';
  }
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('INVALID_INPUT', parsed.error.issues[0]!.message);
  return parsed.data;
}

/**
 * The follow-up report from the configured store, with the same environment as the bot
 * (DEPLOYMENT_FILE, DATA_DIR or COSMOS_*): the same content as /rapport in Teams.
 */
export async function exportFollowUp(
  env: NodeJS.ProcessEnv,
  options: ExportOptions & { clock?: Clock; storeSettings?: StoreSettings } = {},
): Promise<Uint8Array | string> {
  const { format, version } = argsSchema.parse({ format: options.format, version: options.version });
  const config = readConfig(env);
  const { plan, deployment, planSha256 } = loadDeployment(config.deploymentFile);
  const store = await openStore(options.storeSettings ?? config.store);
  try {
    const clock = options.clock ?? { now: () => new Date() };
    // The store's deployment is the truth once the bot has started; the file only seeds it.
    const live = (await store.deployments.deployment(plan.id))?.value ?? deployment;
    const reports = new FollowUpReports(
      { plan, deployment: live, answers: store.answers, states: store.states, clock },
      store.followUp,
      planSha256,
      reportRenderer,
      store.deployments,
      plan,
    );
    const rendered = version === undefined ? await reports.draft() : await reports.version(version);
    if (!rendered) throw new AppError('INVALID_INPUT', `Version ${version} är inte fastställd.`);
    if (format === 'md') return followUpMarkdown(rendered.report);
    return rendered[format].bytes;
  } finally {
    await store.close();
  }
}

/**
 * Where the export goes: a file (its folder created when missing), stdout on purpose with `--ut -`,
 * or stdout by default for text. A binary format refuses a terminal, which would only show garbage.
 */
/** Binary files are not written to a terminal, unless asked for with `--ut -`: checked before any work is done. */
export function refuseTerminal(out: string | undefined, stdout: { isTTY?: boolean }, binary: boolean): void {
  if (binary && !out && stdout.isTTY) {
    throw new AppError(
      'INVALID_INPUT',
      'Word- och PDF-filer skrivs inte till terminalen. Ange en fil med --ut fil, eller --ut - för att skriva till standard ut.',
    );
  }
}

export function writeExport(
  content: Uint8Array | string,
  out: string | undefined,
  stdout: { isTTY?: boolean; write(chunk: Uint8Array | string): unknown },
  binary: boolean,
  /** What the file holds, as the confirmation names it. */
  what = 'Uppföljningen',
): string | undefined {
  if (out && out !== '-') {
    try {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, content);
    } catch {
      throw new AppError(
        'INVALID_INPUT',
        `Det gick inte att skriva ${out}. Kontrollera sökvägen och att du får skriva där.`,
      );
    }
    return `${what} är skriven till ${out}\n`;
  }
  refuseTerminal(out, stdout, binary);
  stdout.write(typeof content === 'string' ? content : Buffer.from(content));
  return undefined;
}

async function main(): Promise<void> {
  try {
    const args = parseArgs(process.argv.slice(2));
    const binary = args.format === 'docx' || args.format === 'pdf';
    // Refused before the report is made, not after.
    if (binary && !args.out && process.stdout.isTTY) writeExport(new Uint8Array(), undefined, process.stdout, true);
    const content = await exportFollowUp(process.env, args);
    const said = writeExport(content, args.out, process.stdout, binary);
    if (said) process.stderr.write(said);
  } catch (error) {
    const code = error instanceof AppError ? error.code : 'EXPORT_FAILED';
    process.stderr.write(`Uppföljningen kunde inte tas ut [${code}]: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
