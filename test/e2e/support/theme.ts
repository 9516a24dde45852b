import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/react-components';
import type { FrameLocator, Page } from 'playwright-core';

/** `#rrggbb` as the browser's computed style writes it. */
const rgb = (hex: string): string => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
};

/** The page background each Teams theme name gives, read from Fluent's own Teams themes. */
export const THEME_BACKGROUND = {
  default: rgb(teamsLightTheme.colorNeutralBackground1),
  dark: rgb(teamsDarkTheme.colorNeutralBackground1),
  contrast: rgb(teamsHighContrastTheme.colorNeutralBackground1),
} as const;

interface Styled {
  getComputedStyle(element: unknown): { backgroundColor: string };
}

/** The background the tab's Fluent provider paints, as computed in the browser. */
export async function backgroundOf(where: Page | FrameLocator): Promise<string> {
  return where
    .locator('.fui-FluentProvider')
    .first()
    .evaluate((el) => (globalThis as unknown as Styled).getComputedStyle(el).backgroundColor);
}

/** The background once it is `expected`, or what it still is after `timeoutMs` (a theme change takes a render). */
export async function backgroundWithin(
  where: Page | FrameLocator,
  expected: string,
  timeoutMs = 5_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let seen = await backgroundOf(where);
  while (seen !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    seen = await backgroundOf(where);
  }
  return seen;
}
