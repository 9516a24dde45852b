import { ClientSecretCredential, DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { z } from 'zod';
import type { UnreachableReason } from '../domain/reach';

export interface GraphSettings {
  /** e.g. https://graph.microsoft.com/v1.0 */
  baseUrl: string;
  /** The app's id in the organisation's app catalog (teamsApp id), what an installation binds to. */
  teamsAppId: string;
  tenantId: string;
  /** Where the bot sends to a chat it did not hear from first (Teams' global service URL by default). */
  serviceUrl: string;
}

export type InstallOutcome =
  | { outcome: 'installed'; chatId: string; alreadyInstalled: boolean }
  | { outcome: Extract<UnreachableReason, 'noConsent' | 'failed'>; status?: number };

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

const installedApps = z.object({ value: z.array(z.object({ id: z.string() })) });
const chat = z.object({ id: z.string().min(1) });

/**
 * Proactive installation through Microsoft Graph, as Microsoft documents it for bots: install the
 * app for the user (POST /users/{id}/teamwork/installedApps; 409 means it already is), find the
 * installation, and read the 1:1 chat it made (GET …/installedApps/{id}/chat). Needs the
 * application permission TeamsAppInstallation.ReadWriteSelfForUser.All with admin consent; without
 * it Graph answers 403 and the person is reported, not retried.
 */
export class GraphInstaller {
  constructor(
    private readonly settings: GraphSettings,
    private readonly credential: TokenCredential,
  ) {}

  get serviceUrl(): string {
    return this.settings.serviceUrl;
  }

  get tenantId(): string {
    return this.settings.tenantId;
  }

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    const token = await this.credential.getToken(GRAPH_SCOPE);
    if (!token) throw new Error('ingen åtkomsttoken för Microsoft Graph');
    return fetch(`${this.settings.baseUrl.replace(/\/$/, '')}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token.token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
  }

  async install(userId: string): Promise<InstallOutcome> {
    const user = encodeURIComponent(userId);
    const appId = this.settings.teamsAppId;
    try {
      const created = await this.call('POST', `/users/${user}/teamwork/installedApps`, {
        'teamsApp@odata.bind': `${this.settings.baseUrl.replace(/\/$/, '')}/appCatalogs/teamsApps/${appId}`,
      });
      if (created.status === 403 || created.status === 401) return { outcome: 'noConsent', status: created.status };
      if (!created.ok && created.status !== 409) return { outcome: 'failed', status: created.status };

      const filter = encodeURIComponent(`teamsApp/id eq '${appId}'`);
      const found = await this.call('GET', `/users/${user}/teamwork/installedApps?$expand=teamsApp&$filter=${filter}`);
      if (!found.ok) return { outcome: 'failed', status: found.status };
      const installation = installedApps.safeParse(await found.json());
      const installationId = installation.success ? installation.data.value[0]?.id : undefined;
      if (!installationId) return { outcome: 'failed' };

      const chatResponse = await this.call(
        'GET',
        `/users/${user}/teamwork/installedApps/${encodeURIComponent(installationId)}/chat`,
      );
      if (!chatResponse.ok) return { outcome: 'failed', status: chatResponse.status };
      const parsed = chat.safeParse(await chatResponse.json());
      if (!parsed.success) return { outcome: 'failed' };
      return { outcome: 'installed', chatId: parsed.data.id, alreadyInstalled: created.status === 409 };
    } catch {
      return { outcome: 'failed' };
    }
  }
}

/**
 * The bot's sign-in to Graph: the app registration's secret (client credentials) when one is set,
 * else DefaultAzureCredential, which in Azure is the bot's managed identity.
 */
export function graphCredential(settings: {
  tenantId: string;
  clientId?: string;
  clientSecret?: string;
}): TokenCredential {
  if (settings.clientId && settings.clientSecret) {
    return new ClientSecretCredential(settings.tenantId, settings.clientId, settings.clientSecret);
  }
  return new DefaultAzureCredential({ managedIdentityClientId: settings.clientId, tenantId: settings.tenantId });
}
