import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWindowState, placeWindow, saveWindowState } from './window-state';

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 1280, height: 1000 };

describe('window state', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(placeWindow(null, [primary])).toEqual({ bounds: { x: 320, y: 100, width: 1280, height: 840 }, maximized: false });
    expect(placeWindow(null, [{ x: 0, y: 0, width: 1024, height: 700 }]).bounds).toEqual({ x: 0, y: 0, width: 1024, height: 700 });
  });

  it('reopens where it was, on whichever display, kept inside it', () => {
    const saved = { bounds: { x: 2000, y: 50, width: 1000, height: 700 }, maximized: true };
    expect(placeWindow(saved, [primary, right])).toEqual({ bounds: saved.bounds, maximized: true });
    // Hanging off the right edge: pulled back in; too big: shrunk to the display.
    expect(placeWindow({ bounds: { x: 1000, y: -40, width: 1200, height: 2000 }, maximized: false }, [primary]).bounds).toEqual({
      x: 720,
      y: 0,
      width: 1200,
      height: 1040,
    });
  });

  it('comes back to the primary display when its monitor is gone', () => {
    const saved = { bounds: { x: 2100, y: 100, width: 900, height: 600 }, maximized: false };
    expect(placeWindow(saved, [primary]).bounds).toEqual({ x: 510, y: 220, width: 900, height: 600 });
  });

  it('round-trips through the data folder; a damaged file is ignored', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mc-window-'));
    expect(await loadWindowState(dir)).toBeNull();
    await saveWindowState(dir, { bounds: { x: 1, y: 2, width: 900, height: 700 }, maximized: false });
    expect(await loadWindowState(dir)).toEqual({ bounds: { x: 1, y: 2, width: 900, height: 700 }, maximized: false });
    writeFileSync(path.join(dir, 'window.json'), '{"bounds": 3}');
    expect(await loadWindowState(dir)).toBeNull();
  });
});
