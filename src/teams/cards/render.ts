import * as ACData from 'adaptivecards-templating';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Attachment } from 'botbuilder';
import { CardFactory } from 'botbuilder';

/** The templates in cards/, one per card the bot sends. */
export type CardName =
  | 'overview'
  | 'recommendation'
  | 'activity'
  | 'help'
  | 'statusPrompt'
  | 'statusSaved'
  | 'weeklySummary'
  | 'assessment'
  | 'assessmentSaved'
  | 'report';

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
/** Each template is read and parsed once; expanding it is all that happens per card. */
const templates = new Map<CardName, ACData.Template>();

function template(name: CardName): ACData.Template {
  let parsed = templates.get(name);
  if (!parsed) {
    parsed = new ACData.Template(JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8')));
    templates.set(name, parsed);
  }
  return parsed;
}

/** An Adaptive Card as JSON, bound from its typed view model. */
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard' };

export function renderCard<V extends object>(name: CardName, view: V): AdaptiveCard {
  return template(name).expand({ $root: view }) as AdaptiveCard;
}

export function cardAttachment(card: AdaptiveCard): Attachment {
  return CardFactory.adaptiveCard(card);
}
