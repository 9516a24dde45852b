import * as ACData from 'adaptivecards-templating';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Attachment } from 'botbuilder';
import { CardFactory } from 'botbuilder';

/** The templates in cards/, one per card the bot sends. */
export type CardName =
  'overview' | 'recommendation' | 'activity' | 'help' | 'statusPrompt' | 'statusSaved' | 'weeklySummary';

/** The project root holds cards/, whether this runs from src/ (tests) or dist/src/ (built). */
function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Hittar inte projektets rot ovanför ${from}`);
    dir = parent;
  }
  return dir;
}

const CARDS_DIR = join(projectRoot(__dirname), 'cards');
const templates = new Map<CardName, object>();

function template(name: CardName): object {
  let json = templates.get(name);
  if (!json) {
    json = JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8')) as object;
    templates.set(name, json);
  }
  return json;
}

/** An Adaptive Card as JSON, bound from its typed view model. */
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard' };

export function renderCard<V extends object>(name: CardName, view: V): AdaptiveCard {
  return new ACData.Template(template(name)).expand({ $root: view }) as AdaptiveCard;
}

export function cardAttachment(card: AdaptiveCard): Attachment {
  return CardFactory.adaptiveCard(card);
}
