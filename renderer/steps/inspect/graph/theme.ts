// The canvas's colours, taken from the design tokens (renderer/styles/tokens.css) so the graph
// follows the light/dark theme. Tokens are light-dark() values, which a canvas cannot take: each
// is resolved by letting the browser compute it as a `color` on a probe element.

export interface GraphTheme {
  dark: boolean;
  background: string;
  surface: string;
  border: string;
  text: string;
  muted: string;
  accent: string;
  edge: string;
  /** Graph inputs/outputs, initializers and the outer scope, which have no op colour. */
  io: string;
  initializer: string;
  font: string;
  mono: string;
}

const TOKENS = {
  background: '--surface-2',
  surface: '--surface',
  border: '--border-strong',
  text: '--text',
  muted: '--text-muted',
  accent: '--accent',
  edge: '--text-faint',
  io: '--accent-soft',
  initializer: '--surface-3',
} as const;

export function readTheme(host: Element): GraphTheme {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  host.append(probe);
  const colours = {} as Record<keyof typeof TOKENS, string>;
  for (const [key, token] of Object.entries(TOKENS) as Array<[keyof typeof TOKENS, string]>) {
    probe.style.color = `var(${token})`;
    colours[key] = getComputedStyle(probe).color;
  }
  probe.remove();
  const style = getComputedStyle(host);
  const dark = luminance(colours.background) < 0.4;
  return {
    dark,
    ...colours,
    font: style.getPropertyValue('--font').trim() || 'sans-serif',
    mono: style.getPropertyValue('--mono').trim() || 'monospace',
  };
}

/** 0 (black) … 1 (white) from an rgb()/rgba() string. */
function luminance(rgb: string): number {
  const m = /(\d+(?:\.\d+)?)[ ,]+(\d+(?:\.\d+)?)[ ,]+(\d+(?:\.\d+)?)/.exec(rgb);
  if (!m) return 1;
  return (0.2126 * Number(m[1]) + 0.7152 * Number(m[2]) + 0.0722 * Number(m[3])) / 255;
}

/** Calls back when the app's theme changes (Settings sets data-theme; 'system' follows the OS). */
export function onThemeChange(cb: () => void): () => void {
  const mo = new MutationObserver(cb);
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'style', 'class'] });
  const mq = matchMedia('(prefers-color-scheme: dark)');
  mq.addEventListener('change', cb);
  return () => {
    mo.disconnect();
    mq.removeEventListener('change', cb);
  };
}
