import * as ACData from 'adaptivecards-templating';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Attachment } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import { CARD_BUDGET_BYTES, DETAIL_LEVELS, teamsBytes, type Detail } from './budget';
import type { AdminView } from './adminView';
import type { AssessmentSavedView, AssessmentView } from './assessmentViews';
import type { PaperView } from './paperView';
import type { PlanChoiceView } from './planChoiceView';
import type { StatusPromptView, StatusSavedView } from './promptViews';
import type { ReportView } from './reportView';
import type { RetentionView } from './retentionView';
import type { WeeklySummaryView } from './summaryView';
import type { ActivityView, DispatchConfirmView, HelpView, OverviewView, RecommendationView } from './views';

/**
 * The templates in cards/, one per card the bot sends, each with the view model it is bound from:
 * `renderCard('help', view)` type-checks only with a `HelpView`.
 */
export interface CardViews {
  overview: OverviewView;
  recommendation: RecommendationView;
  activity: ActivityView;
  help: HelpView;
  statusPrompt: StatusPromptView;
  statusSaved: StatusSavedView;
  weeklySummary: WeeklySummaryView;
  dispatchConfirm: DispatchConfirmView;
  assessment: AssessmentView;
  assessmentSaved: AssessmentSavedView;
  report: ReportView;
  paper: PaperView;
  admin: AdminView;
  retention: RetentionView;
  planChoice: PlanChoiceView;
}

export type CardName = keyof CardViews;

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

/**
 * A property bound to null is left out of the card. The schema allows a number or nothing for,
 * e.g., an Input.Number's value, and a view model cannot say "nothing" otherwise: an undefined
 * field leaves the literal "${…}" in the card.
 */
function withoutNulls(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutNulls);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([, value]) => value !== null)
      .map(([key, value]) => [key, withoutNulls(value)]),
  );
}

export function renderCard<N extends CardName>(name: N, view: CardViews[N]): AdaptiveCard {
  return withoutNulls(template(name).expand({ $root: view })) as AdaptiveCard;
}

/**
 * The card at the most detail that keeps it within Teams' card budget: lists are capped and long
 * texts cut, step by step, until it fits. The last step is proven to fit by the property test.
 */
export function renderWithin<N extends CardName>(name: N, view: (detail: Detail) => CardViews[N]): AdaptiveCard {
  let card: AdaptiveCard | undefined;
  for (const detail of DETAIL_LEVELS) {
    card = renderCard(name, view(detail));
    if (teamsBytes(card) <= CARD_BUDGET_BYTES) return card;
  }
  return card!;
}

export function cardAttachment(card: AdaptiveCard): Attachment {
  return CardFactory.adaptiveCard(card);
}

/**
 * The card without its `refresh`: for a card meant for one person's view only (a form re-shown
 * with its problems, a correction, the receipt), which Teams must not refresh away.
 */
export function withoutRefresh(card: AdaptiveCard): AdaptiveCard {
  const { refresh: _refresh, ...rest } = card;
  return rest as AdaptiveCard;
}
