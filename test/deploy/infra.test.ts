import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * There is no Bicep compiler here, so these read infra/main.bicep as text: each resource type at
 * the API version infra/README.md names, and the properties the hardening relies on, spelt as
 * Microsoft's resource reference for that version spells them.
 */
const ROOT = join(__dirname, '..', '..');
const bicep = readFileSync(join(ROOT, 'infra', 'main.bicep'), 'utf8');
const readme = readFileSync(join(ROOT, 'infra', 'README.md'), 'utf8');

/** Every `resource <symbol> '<type>@<version>'` and the body that follows it. */
function resources(): Array<{ symbol: string; type: string; version: string; body: string }> {
  const found = [...bicep.matchAll(/^resource (\w+) '([^@']+)@([^']+)' = /gm)];
  return found.map((m, i) => ({
    symbol: m[1]!,
    type: m[2]!,
    version: m[3]!,
    body: bicep.slice(m.index!, found[i + 1]?.index ?? bicep.length),
  }));
}

const resource = (symbol: string) => {
  const r = resources().find((x) => x.symbol === symbol);
  if (!r) throw new Error(`main.bicep has no resource ${symbol}`);
  return r;
};

/** Flattens whitespace so a nested property reads as one line. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('infra/main.bicep', () => {
  it('names in infra/README.md the API version of every resource type it deploys', () => {
    for (const { type, version } of resources()) expect(readme).toContain(`${type}@${version}`);
  });

  it('uses one API version per resource type', () => {
    const versions = new Map<string, Set<string>>();
    for (const { type, version } of resources()) versions.set(type, (versions.get(type) ?? new Set()).add(version));
    for (const [type, set] of versions) expect([type, set.size]).toEqual([type, 1]);
  });

  it('turns off basic publishing credentials for FTP and for the SCM (Kudu) site', () => {
    const policies = resources().filter((r) => r.type === 'Microsoft.Web/sites/basicPublishingCredentialsPolicies');
    expect(policies.map((p) => /name: '(\w+)'/.exec(p.body)?.[1]).sort()).toEqual(['ftp', 'scm']);
    for (const p of policies) {
      expect(flat(p.body)).toContain('parent: web');
      expect(flat(p.body)).toContain('properties: { allow: false }');
    }
  });

  it('gives Cosmos DB continuous backup with 7 days of point-in-time restore', () => {
    expect(flat(resource('cosmos').body)).toContain(
      "backupPolicy: { type: 'Continuous' continuousModeProperties: { tier: 'Continuous7Days' } }",
    );
  });

  it('sends the logs and metrics of the web app, Cosmos DB and the bot to Log Analytics', () => {
    const settings = resources().filter((r) => r.type === 'Microsoft.Insights/diagnosticSettings');
    expect(settings.map((s) => /scope: (\w+)/.exec(s.body)?.[1]).sort()).toEqual(['bot', 'cosmos', 'web']);
    for (const s of settings) {
      expect(s.body).toContain('workspaceId: workspace.id');
      expect(s.body).toMatch(/logs: \[/);
      expect(s.body).toMatch(/metrics: \[/);
    }
    expect(resource('workspace').type).toBe('Microsoft.OperationalInsights/workspaces');
  });

  it('adds Application Insights on the workspace and hands its connection string to the app', () => {
    const insights = resource('appInsights');
    expect(insights.type).toBe('Microsoft.Insights/components');
    expect(insights.body).toContain('WorkspaceResourceId: workspace.id');
    expect(flat(resource('web').body)).toContain(
      "name: 'APPLICATIONINSIGHTS_CONNECTION_STRING' value: appInsights.properties.ConnectionString",
    );
  });

  it('registers the bot and its Teams channel in the EU data boundary by default', () => {
    expect(bicep).toMatch(/^param botLocation string = 'westeurope'$/m);
    expect(resource('bot').body).toContain('location: botLocation');
    expect(resource('teams').body).toContain('location: botLocation');
  });

  it("keeps the bot's identity across redeploys: a fixed name and a delete lock", () => {
    expect(resource('identity').body).toContain("name: '${name}-id'");
    const lock = resource('identityLock');
    expect(lock.type).toBe('Microsoft.Authorization/locks');
    expect(lock.body).toContain('scope: identity');
    expect(lock.body).toContain("level: 'CanNotDelete'");
    // The bot, the app settings and the toolkit's BOT_ID all take the app id from that identity.
    expect(resource('bot').body).toContain('msaAppId: identity.properties.clientId');
    expect(bicep).toMatch(/^output BOT_ID string = identity\.properties\.clientId$/m);
  });

  it('runs a supported Node LTS, the same major version package.json asks for', () => {
    const major = /^param linuxFxVersion string = 'NODE\|(\d+)-lts'$/m.exec(bicep)?.[1];
    expect(Number(major)).toBeGreaterThanOrEqual(22);
    const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } })
      .engines.node;
    expect(engines).toBe(`>=${major}`);
  });
});
