import type { WeeklySummary } from '../../domain/summary';
import { CARD_BUDGET_BYTES, DETAIL_LEVELS, teamsBytes } from './budget';
import { renderCard, renderWithin, type AdaptiveCard } from './render';
import { recommendationPartView, weeklySummaryView } from './summaryView';

/**
 * The summary as the cards it is sent as: one card while the whole fits Teams' card budget with
 * lists capped at most moderately; otherwise a head card (headline, counts per recommendation, who has
 * not answered, milestones) and one card per recommendation, to be posted as replies to the head.
 */
export function weeklySummaryCards(s: WeeklySummary, title: string): AdaptiveCard[] {
  for (const detail of DETAIL_LEVELS.slice(0, 2)) {
    const whole = renderCard('weeklySummary', weeklySummaryView(s, title, detail));
    if (teamsBytes(whole) <= CARD_BUDGET_BYTES) return [whole];
  }
  return [
    renderWithin('weeklySummary', (detail) => weeklySummaryView(s, title, detail, true)),
    ...s.recommendations.map((r) =>
      renderWithin('weeklySummary', (detail) => recommendationPartView(s, r, title, detail)),
    ),
  ];
}
