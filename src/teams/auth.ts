/** Who the bot is to Bot Framework: none in local mode, its Entra app in production. */
export type BotIdentity =
  | { mode: 'local' }
  | {
      mode: 'production';
      appId: string;
      password?: string;
      tenantId?: string;
      appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    };

/**
 * The settings botbuilder's `ConfigurationBotFrameworkAuthentication` reads, by its own names. Local
 * mode gives none, so requests are not authenticated (development only). `openIdMetadataUrl` points
 * token checks at another OpenID issuer (a local stand-in in tests).
 */
export function botFrameworkAuth(
  identity: BotIdentity,
  openIdMetadataUrl?: string,
): Record<string, string | undefined> {
  if (identity.mode === 'local') return {};
  return {
    MicrosoftAppId: identity.appId,
    MicrosoftAppPassword: identity.password,
    MicrosoftAppTenantId: identity.tenantId,
    MicrosoftAppType: identity.appType,
    // With a metadata URL of its own, botbuilder takes every other setting from configuration too:
    // these are Public Azure's values (botframework-connector's AuthenticationConstants).
    ...(openIdMetadataUrl
      ? {
          ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
          ToBotFromEmulatorOpenIdMetadataUrl: openIdMetadataUrl,
          ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
          ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
          ToChannelFromBotOAuthScope: 'https://api.botframework.com',
          OAuthUrl: 'https://api.botframework.com',
          CallerId: 'urn:botframework:azure',
          ValidateAuthority: 'true',
        }
      : {}),
  };
}
