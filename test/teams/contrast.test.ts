import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Teams' light theme as the Agents Playground renders cards with it (the host config bundled in
 * @microsoft/m365agentsplayground 0.2.28: foregroundColors and the default container background).
 * Colours with an alpha channel (#AARRGGBB) are blended over the background, as the browser does.
 */
const TEAMS_LIGHT = {
  background: '#ffffff',
  foreground: {
    default: { default: '#ff252424', subtle: '#bf252424' },
    accent: { default: '#6264a7', subtle: '#8b8cc7' },
    good: { default: '#92c353', subtle: '#e592c353' },
    warning: { default: '#f8d22a', subtle: '#e5f8d22a' },
    attention: { default: '#c4314b', subtle: '#e5c4314b' },
  },
} as const;

function rgb(hex: string, over = [255, 255, 255]): number[] {
  const h = hex.replace('#', '');
  const alpha = h.length === 8 ? parseInt(h.slice(0, 2), 16) / 255 : 1;
  const c = (h.length === 8 ? h.slice(2) : h).match(/../g)!.map((x) => parseInt(x, 16));
  return c.map((v, i) => v * alpha + over[i]! * (1 - alpha));
}

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance([r, g, b]: number[]): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}
function contrast(a: string, b: string): number {
  const [l1, l2] = [luminance(rgb(a)), luminance(rgb(b))].sort((x, y) => y - x);
  return (l1! + 0.05) / (l2! + 0.05);
}

/** Every text element of every template, with the colour and subtlety it asks for. */
function texts(): Array<{ where: string; color: string; subtle: boolean }> {
  const dir = join(__dirname, '..', '..', 'cards');
  const out: Array<{ where: string; color: string; subtle: boolean }> = [];
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}/${i}`));
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock' || o.type === 'TextRun') {
      out.push({ where, color: String(o.color ?? 'Default').toLowerCase(), subtle: o.isSubtle === true });
    }
    Object.entries(o).forEach(([k, v]) => walk(v, `${where}/${k}`));
  };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    walk(JSON.parse(readFileSync(join(dir, file), 'utf8')), file);
  }
  return out;
}

describe('text on the cards is readable (WCAG AA, 4.5:1, in Teams light theme)', () => {
  it('the host colours are what the check assumes', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast(TEAMS_LIGHT.foreground.good.default, TEAMS_LIGHT.background)).toBeLessThan(4.5);
    expect(contrast(TEAMS_LIGHT.foreground.attention.default, TEAMS_LIGHT.background)).toBeGreaterThan(4.5);
  });

  it('every TextBlock and TextRun uses a colour with at least 4.5:1 against the card', () => {
    const low = texts()
      .map((t) => {
        const palette = TEAMS_LIGHT.foreground[t.color as keyof typeof TEAMS_LIGHT.foreground];
        const colour = palette ? (t.subtle ? palette.subtle : palette.default) : undefined;
        return { ...t, ratio: colour ? contrast(colour, TEAMS_LIGHT.background) : 0 };
      })
      .filter((t) => t.ratio < 4.5)
      .map((t) => `${t.where}: ${t.color}${t.subtle ? ' subtle' : ''} ${t.ratio.toFixed(2)}:1`);
    expect(low).toEqual([]);
  });
});
