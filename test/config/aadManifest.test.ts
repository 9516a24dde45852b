import { readFileSync } from 'node:fs';

/**
 * The client ids Microsoft documents for Teams single sign-on in tabs ("Configure Microsoft Entra
 * ID to send access token to Teams client app", learn.microsoft.com/microsoftteams/platform/tabs/
 * how-to/authentication/tab-sso-register-aad): the hosts whose getAuthToken() the app's exposed API
 * must preauthorise, held here so a change to the manifest is checked against the documentation.
 */
const DOCUMENTED: Record<string, string> = {
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264': 'Teams, skrivbord och mobil',
  '5e3ce6c0-2b1f-4285-8d4b-75ee78787346': 'Teams på webben',
  '4765445b-32c6-49b0-83e6-1d93765276ca': 'Microsoft 365 på webben',
  '0ec893e0-5785-4de6-99da-4ed124e5296c': 'Microsoft 365, skrivbord',
  'd3590ed6-52b3-4102-aeff-aad2292ab01c': 'Microsoft 365 mobil och Outlook, skrivbord',
  '00000002-0000-0ff1-ce00-000000000000': 'Outlook på webben',
  'bc59ab01-8403-45c6-8796-ac3ef710b3e3': 'Outlook på webben',
  '27922004-5251-4030-b22d-91ecd9a37ea4': 'Outlook mobil',
};

describe("the Entra app's exposed API in infra/aad.manifest.json", () => {
  const manifest = JSON.parse(readFileSync('infra/aad.manifest.json', 'utf8')) as {
    preAuthorizedApplications: Array<{ appId: string; permissionIds: string[] }>;
  };

  it("preauthorises exactly Microsoft's documented Teams, Outlook and Microsoft 365 clients, each once, for access_as_user", () => {
    const ids = manifest.preAuthorizedApplications.map((a) => a.appId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(Object.keys(DOCUMENTED).sort());
    for (const a of manifest.preAuthorizedApplications) {
      expect(a.permissionIds).toEqual(['${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}']);
    }
  });
});
