import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../../shared/contract';
import { menuTemplate } from './menu';

type Item = { label?: string; role?: string; accelerator?: string; click?: () => void; submenu?: Item[] };
const flat = (items: Item[]): Item[] => items.flatMap((i) => [i, ...flat(i.submenu ?? [])]);

describe('application menu', () => {
  const sent: MenuCommand[] = [];
  const build = (isMac: boolean, isDev: boolean) =>
    flat(menuTemplate({ isMac, isDev, appName: 'Modelcrate Studio', send: (c) => sent.push(c) }) as Item[]);

  it('has Open, Save metadata, Run, Export and Toggle theme with their shortcuts, each sending its command', () => {
    const items = build(false, false);
    const byLabel: Record<string, Item> = Object.fromEntries(items.filter((i) => i.click).map((i) => [i.label!, i]));
    expect(Object.fromEntries(Object.entries(byLabel).map(([l, i]) => [l, i.accelerator]))).toEqual({
      'Open Model…': 'CmdOrCtrl+O',
      'Save Metadata': 'CmdOrCtrl+S',
      'Export…': 'CmdOrCtrl+E',
      'Toggle Theme': 'CmdOrCtrl+Shift+L',
      'Run Prediction': 'CmdOrCtrl+Enter',
    });
    for (const i of Object.values(byLabel)) i.click!();
    expect(sent).toEqual(['open', 'save-metadata', 'export', 'toggle-theme', 'run']);
  });

  it('offers developer tools only in development; the app menu only on macOS', () => {
    expect(build(false, false).some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(build(false, true).some((i) => i.role === 'toggleDevTools')).toBe(true);
    expect(build(true, false).some((i) => i.role === 'about')).toBe(true);
    expect(build(false, false).some((i) => i.role === 'about')).toBe(false);
    expect(
      new Set(
        build(false, false)
          .map((i) => i.accelerator)
          .filter(Boolean),
      ).size,
    ).toBe(5); // no shortcut twice
  });
});
