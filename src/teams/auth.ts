/** Who the bot is to Bot Framework (the configuration's `auth`): none in local mode, its Entra app in production. */
export interface BotIdentity {
  mode: 'local' | 'production';
  appId?: string;
  password?: string;
  tenantId?: string;
  appType?: string;
}

/**
 * The settings botbuilder's `ConfigurationBotFrameworkAuthentication` reads, by its own names. Local
 * mode gives none, so requests are not authenticated (development only). `openIdMetadataUrl` points
 * token checks at another OpenID issuer (a local stand-in in tests).
 */
export function botFrameworkAuth(
  identity: BotIdentity,
  openIdMetadataUrl?: string,
): Record<string, string | undefined> {
  if (identity.mode === 'local' || !identity.appId) return {};
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
