import { z } from 'zod';
import { AppError } from '../app/errors';
import { describeZodError } from './zodMessages';
import type { StoreSettings } from '../storage/openStore';

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** botbuilder's own variable names, so the same settings work for its auth as for ours. */
const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    DEPLOYMENT_FILE: z.string().default('deployments/local.json'),
    DATA_DIR: z.string().default('data'),
    COSMOS_ENDPOINT: optionalText,
    COSMOS_KEY: optionalText,
    COSMOS_DATABASE: z.string().default('atgardsplan'),
    /** off: no scheduled sends from this process (it still answers commands). */
    SCHEDULER: z.enum(['on', 'off']).default('on'),
    /** Set: requests, dependencies, logs, metrics and events go to Application Insights. */
    APPLICATIONINSIGHTS_CONNECTION_STRING: optionalText,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MicrosoftAppId: optionalText,
    MicrosoftAppPassword: optionalText,
    MicrosoftAppTenantId: optionalText,
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  })
  .superRefine((env, ctx) => {
    if (!env.MicrosoftAppId) {
      for (const name of ['MicrosoftAppPassword', 'MicrosoftAppTenantId', 'MicrosoftAppType'] as const) {
        if (env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'är satt men MicrosoftAppId saknas' });
      }
      return;
    }
    const type = env.MicrosoftAppType ?? 'MultiTenant';
    if (type !== 'UserAssignedMSI' && !env.MicrosoftAppPassword) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: `krävs för ${type}` });
    }
    if (type !== 'MultiTenant' && !env.MicrosoftAppTenantId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: `krävs för ${type}` });
    }
  });

export type BotAuth =
  | { mode: 'local' }
  | {
      mode: 'production';
      appId: string;
      password?: string;
      tenantId?: string;
      appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    };

/** Which store, as openStore takes it. */
export type StoreConfig = StoreSettings;

export interface Config {
  port: number;
  deploymentFile: string;
  store: StoreConfig;
  auth: BotAuth;
  logLevel: string;
  scheduler: boolean;
  /** Application Insights; undefined: no telemetry. */
  telemetry?: { connectionString: string };
}

/** Reads the environment once at start; anything wrong stops the bot with every problem listed. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new AppError('CONFIG_INVALID', `Miljövariablerna är ogiltiga:\n${describeZodError(result.error)}`);
  }
  const e = result.data;
  return {
    port: e.PORT,
    deploymentFile: e.DEPLOYMENT_FILE,
    logLevel: e.LOG_LEVEL,
    scheduler: e.SCHEDULER === 'on',
    telemetry: e.APPLICATIONINSIGHTS_CONNECTION_STRING
      ? { connectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING }
      : undefined,
    store: e.COSMOS_ENDPOINT
      ? { kind: 'cosmos', endpoint: e.COSMOS_ENDPOINT, key: e.COSMOS_KEY, databaseId: e.COSMOS_DATABASE }
      : { kind: 'embedded', dataDir: e.DATA_DIR },
    auth: e.MicrosoftAppId
      ? {
          mode: 'production',
          appId: e.MicrosoftAppId,
          password: e.MicrosoftAppPassword,
          tenantId: e.MicrosoftAppTenantId,
          appType: e.MicrosoftAppType ?? 'MultiTenant',
        }
      : { mode: 'local' },
  };
}

const REDACTED = '***';

/** The part of a connection string that is not a secret: where telemetry goes. */
function ingestionOf(connectionString: string): string {
  const endpoint = /IngestionEndpoint=([^;]+)/i.exec(connectionString)?.[1];
  return endpoint ?? 'standardadress';
}

/**
 * The configuration as it may be logged at start: what was chosen, never a secret (passwords and
 * keys show as ***, the telemetry connection string as its ingestion endpoint only).
 */
export function describeConfig(config: Config): Record<string, unknown> {
  const store =
    config.store.kind === 'cosmos'
      ? {
          kind: 'cosmos',
          endpoint: config.store.endpoint,
          database: config.store.databaseId,
          auth: config.store.key ? `nyckel ${REDACTED}` : 'Entra ID',
        }
      : { kind: 'embedded', dataDir: config.store.dataDir };
  const auth =
    config.auth.mode === 'local'
      ? { mode: 'local' }
      : {
          mode: 'production',
          appType: config.auth.appType,
          appId: config.auth.appId,
          tenantId: config.auth.tenantId,
          password: config.auth.password ? REDACTED : undefined,
        };
  return {
    port: config.port,
    deploymentFile: config.deploymentFile,
    logLevel: config.logLevel,
    scheduler: config.scheduler ? 'on' : 'off',
    store,
    auth,
    telemetry: config.telemetry ? { ingestion: ingestionOf(config.telemetry.connectionString) } : 'off',
  };
}
