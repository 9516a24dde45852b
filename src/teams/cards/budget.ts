import { truncateText } from '../../domain/text';

/**
 * Teams refuses a message over about 40 KB (413, MessageSizeTooBig) and Microsoft's guidance for
 * one Adaptive Card is 28 KB. Both count the payload as Teams does: JSON in UTF-16.
 */
export const CARD_BUDGET_BYTES = 28 * 1024;
export const MESSAGE_LIMIT_BYTES = 40 * 1024;

/** The size of a card or message as Teams counts it: its JSON, two bytes per UTF-16 code unit. */
export const teamsBytes = (value: unknown): number => JSON.stringify(value).length * 2;

/**
 * How much of a long list and of a person's long text a card shows. A view model takes one; the
 * renderer tries them in order until the card is within the budget.
 */
export interface Detail {
  /** Rows of a list (activities, milestones, owners) before "… och N till". */
  items: number;
  /** Characters (grapheme clusters) of a person's text (comment, next step) before "…". */
  text: number;
}

export const DETAIL_LEVELS: readonly Detail[] = [
  { items: 40, text: 1000 },
  { items: 20, text: 300 },
  { items: 10, text: 120 },
  { items: 5, text: 60 },
  { items: 3, text: 30 },
];

export const FULL_DETAIL: Detail = DETAIL_LEVELS[0]!;

/** Teams shows at most six buttons under a card; the rest are reached by command. */
export const MAX_BUTTONS = 6;

/** The first `max` items and, when some are left out, one more saying how many and where to see them. */
export function capped<T>(items: readonly T[], max: number, rest: (more: number) => T): T[] {
  if (items.length <= max) return [...items];
  return [...items.slice(0, max), rest(items.length - max)];
}

/** "" or the line under a capped list: "… och 37 till: /status rek4". */
export function moreText(more: number, where: string): string {
  return more > 0 ? `… och ${more} till${where ? `: ${where}` : '.'}` : '';
}

export const clip = (text: string, detail: Detail): string => truncateText(text, detail.text);
