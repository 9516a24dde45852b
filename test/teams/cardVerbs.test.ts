import { AdaptiveCards, TeamsAdapter } from '@microsoft/teams-ai';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createBot } from '../../src/teams/bot';
import { KNOWN_VERBS } from '../../src/teams/cardData';
import { PlanRouter } from '../../src/teams/planRouting';
import { PlanRegistry } from '../../src/app/plans';
import type { HandlerDeps } from '../../src/teams/handlers/context';

const CARDS_DIR = join(__dirname, '..', '..', 'cards');

/** Every Action.Execute in a template (also in refresh, show cards and fallbacks), with where it is. */
function executeActions(node: unknown, path: string): Array<{ path: string; verb: unknown }> {
  if (Array.isArray(node)) return node.flatMap((n, i) => executeActions(n, `${path}/${i}`));
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const own = o.type === 'Action.Execute' ? [{ path, verb: o.verb }] : [];
  return [...own, ...Object.entries(o).flatMap(([k, v]) => executeActions(v, `${path}/${k}`))];
}

function templateVerbs(templates: Record<string, unknown>): Array<{ where: string; verb: unknown }> {
  return Object.entries(templates).flatMap(([file, json]) =>
    executeActions(json, '').map((a) => ({ where: `${file}${a.path}`, verb: a.verb })),
  );
}

/** The verbs createBot registers with app.adaptiveCards.actionExecute, read as it registers them. */
function routedVerbs(): string[] {
  const spy = jest.spyOn(AdaptiveCards.prototype, 'actionExecute');
  try {
    // Registering a route only stores the handler; nothing in the dependencies is touched.
    createBot(
      new TeamsAdapter(),
      new PlanRouter(new PlanRegistry([{} as HandlerDeps], { channelLink: async () => undefined })),
    );
    return spy.mock.calls.flatMap(([selector]) => (Array.isArray(selector) ? selector : [selector])).map(String);
  } finally {
    spy.mockRestore();
  }
}

/** What is wrong between the verbs on the cards, the verbs the guard lets through, and the routes. */
function verbProblems(
  onCards: Array<{ where: string; verb: unknown }>,
  known: ReadonlySet<string>,
  routes: string[],
): string[] {
  const problems: string[] = [];
  for (const { where, verb } of onCards) {
    if (typeof verb !== 'string' || verb.includes('${')) problems.push(`${where}: the verb must be a fixed name`);
    else if (!known.has(verb)) problems.push(`${where}: "${verb}" is not a known verb`);
    else if (!routes.includes(verb)) problems.push(`${where}: "${verb}" has no route`);
  }
  const cardVerbs = new Set(onCards.map((c) => c.verb));
  for (const route of routes) if (!cardVerbs.has(route)) problems.push(`the route "${route}" is on no card`);
  for (const verb of known) if (!routes.includes(verb)) problems.push(`the known verb "${verb}" has no route`);
  return problems;
}

const templates = Object.fromEntries(
  readdirSync(CARDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f, JSON.parse(readFileSync(join(CARDS_DIR, f), 'utf8')) as unknown]),
);

describe('card verbs and routes', () => {
  const routes = routedVerbs();

  it('every Action.Execute on a card is a known verb with a route, and every route is on some card', () => {
    expect(routes.length).toBeGreaterThan(0);
    expect(verbProblems(templateVerbs(templates), KNOWN_VERBS, routes)).toEqual([]);
  });

  it('a card with an unknown verb, or a bound one, is found', () => {
    const withStrangers = {
      ...templates,
      'extra.json': {
        type: 'AdaptiveCard',
        body: [],
        refresh: { action: { type: 'Action.Execute', verb: 'archiveStatus' } },
        actions: [{ type: 'Action.Execute', title: 'x', verb: '${verb}' }],
      },
    };
    expect(verbProblems(templateVerbs(withStrangers), KNOWN_VERBS, routes)).toEqual([
      'extra.json/refresh/action: "archiveStatus" is not a known verb',
      'extra.json/actions/0: the verb must be a fixed name',
    ]);
  });

  it('a route that no card uses is found', () => {
    expect(verbProblems(templateVerbs(templates), KNOWN_VERBS, [...routes, 'archiveStatus'])).toEqual([
      'the route "archiveStatus" is on no card',
    ]);
  });
});
