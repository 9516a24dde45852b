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
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MicrosoftAppId: optionalText,
    MicrosoftAppPassword: optionalText,
    MicrosoftAppTenantId: optionalText,
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
    /** Proactive installation through Microsoft Graph: on when the app's catalog id is set. */
    GRAPH_TEAMS_APP_ID: optionalText,
    GRAPH_TENANT_ID: optionalText,
    GRAPH_CLIENT_ID: optionalText,
    GRAPH_CLIENT_SECRET: optionalText,
    GRAPH_BASE_URL: z.string().url().default('https://graph.microsoft.com/v1.0'),
    /** Where the bot writes to a chat it was not written to from first; Teams' global service URL. */
    TEAMS_SERVICE_URL: z.string().url().default('https://smba.trafficmanager.net/teams/'),
    /** When every team's roster is read again (cron, Europe/Stockholm). */
    ROSTER_CRON: z.string().min(9).default('0 6 * * *'),
  })
  .superRefine((env, ctx) => {
    if (env.GRAPH_TEAMS_APP_ID && !(env.GRAPH_TENANT_ID ?? env.MicrosoftAppTenantId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['GRAPH_TENANT_ID'],
        message: 'krävs när GRAPH_TEAMS_APP_ID är satt (eller MicrosoftAppTenantId)',
      });
    }
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

/** Proactive installation through Microsoft Graph; absent when not configured. */
export interface GraphConfig {
  baseUrl: string;
  teamsAppId: string;
  tenantId: string;
  /** Defaults to the bot's own app registration. */
  clientId?: string;
  /** Without a secret the bot signs in with DefaultAzureCredential (managed identity in Azure). */
  clientSecret?: string;
}

export interface Config {
  port: number;
  graph?: GraphConfig;
  teamsServiceUrl: string;
  rosterCron: string;
  deploymentFile: string;
  store: StoreConfig;
  auth: BotAuth;
  logLevel: string;
  scheduler: boolean;
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
    teamsServiceUrl: e.TEAMS_SERVICE_URL,
    rosterCron: e.ROSTER_CRON,
    graph: e.GRAPH_TEAMS_APP_ID
      ? {
          baseUrl: e.GRAPH_BASE_URL,
          teamsAppId: e.GRAPH_TEAMS_APP_ID,
          tenantId: (e.GRAPH_TENANT_ID ?? e.MicrosoftAppTenantId)!,
          clientId: e.GRAPH_CLIENT_ID ?? e.MicrosoftAppId,
          clientSecret: e.GRAPH_CLIENT_SECRET ?? (e.GRAPH_CLIENT_ID ? undefined : e.MicrosoftAppPassword),
        }
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
