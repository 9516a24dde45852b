declare module 'unicode-properties' {
  /** The Unicode numeric value of a code point (½ → 0.5, ❶ → 1), or null when it has none. */
  export function getNumericValue(codePoint: number): number | null;
}
