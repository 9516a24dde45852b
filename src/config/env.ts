import { hostname } from 'node:os';
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
    /**
     * This process as lease holder and claimant of sends. Stable per host (App Service's
     * WEBSITE_INSTANCE_ID, else the host name), so a process restarted on the same host takes its
     * lease and its unfinished sends back at once. Two processes on one host need their own.
     */
    INSTANCE_ID: optionalText,
    WEBSITE_INSTANCE_ID: optionalText,
    /** How long one message to Teams may take before it counts as of unknown fate. */
    SEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** Set: requests, dependencies, logs, metrics and events go to Application Insights. */
    APPLICATIONINSIGHTS_CONNECTION_STRING: optionalText,
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
    /** The one Entra tenant served; requests from any other are refused. */
    ALLOWED_TENANT_ID: optionalText,
    /** Bot Framework's OpenID metadata; set only to point token validation at a stand-in (tests). */
    BOT_OPENID_METADATA_URL: optionalText,
    /** The host the tab is served from, for its token's audience api://<host>/<app id>; App Service sets WEBSITE_HOSTNAME. */
    TAB_DOMAIN: optionalText,
    WEBSITE_HOSTNAME: optionalText,
    /** The Entra app whose exposed API the tab's token is for (the bot's managed identity exposes none); default MicrosoftAppId. */
    TAB_APP_ID: optionalText,
    /** Entra ID's OpenID metadata for the tab's tokens; set only to point validation at a stand-in (tests). */
    TAB_OPENID_METADATA_URL: optionalText,
    /** Where the built tab is (npm run build writes it there). */
    TAB_DIR: z.string().default('dist/tab'),
    /** How long fetching the OpenID metadata and keys may take before a request gets 503. */
    AUTH_TIMEOUT_MS: z.coerce.number().int().min(100).max(10_000).default(10_000),
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
    if (!env.ALLOWED_TENANT_ID && !env.MicrosoftAppTenantId) {
      ctx.addIssue({
        code: 'custom',
        path: ['ALLOWED_TENANT_ID'],
        message: 'krävs med MicrosoftAppId: den Entra-klient (tenant) vars användare boten ska svara',
      });
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

/** How tokens are checked in production. */
export interface TokenCheck {
  /** Overrides Bot Framework's OpenID metadata URL (a local stand-in in tests). */
  openIdMetadataUrl?: string;
  /** Fetching metadata and keys that takes longer answers 503. */
  timeoutMs: number;
}

/** The tenant of the Agents Playground's local users (.m365agentsplayground.yml), served in local mode. */
export const PLAYGROUND_TENANT_ID = '00000000-0000-0000-0000-0000000000001';

/** The tab: where its files are, and how its single sign-on tokens are checked in production. */
export interface TabConfig {
  dir: string;
  /** Local mode (no app id): no sign-on, the page names one of the deployment's people. */
  local: boolean;
  /** api://<host>/<app id>; undefined in local mode, or when no host is known (then every token is refused). */
  audience?: string;
  openIdMetadataUrl: string;
}

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
  tokenCheck: TokenCheck;
  tab: TabConfig;
  /** The one tenant whose requests are served. */
  tenantId: string;
  logLevel: string;
  scheduler: boolean;
  /** Stable per host unless INSTANCE_ID says otherwise. */
  instanceId: string;
  sendTimeoutMs: number;
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
  const tenantId = e.ALLOWED_TENANT_ID ?? e.MicrosoftAppTenantId ?? PLAYGROUND_TENANT_ID;
  const tabHost = e.TAB_DOMAIN ?? e.WEBSITE_HOSTNAME;
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
    tokenCheck: { openIdMetadataUrl: e.BOT_OPENID_METADATA_URL, timeoutMs: e.AUTH_TIMEOUT_MS },
    tenantId,
    tab: {
      dir: e.TAB_DIR,
      local: !e.MicrosoftAppId,
      audience: e.MicrosoftAppId && tabHost ? `api://${tabHost}/${e.TAB_APP_ID ?? e.MicrosoftAppId}` : undefined,
      openIdMetadataUrl:
        e.TAB_OPENID_METADATA_URL ??
        `https://login.microsoftonline.com/${tenantId}/v2.0/.well-known/openid-configuration`,
    },
    instanceId: e.INSTANCE_ID ?? e.WEBSITE_INSTANCE_ID ?? hostname(),
    sendTimeoutMs: e.SEND_TIMEOUT_MS,
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
