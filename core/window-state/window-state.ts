// The main window's size and position, remembered between launches (desktop). Plain Node so it is
// tested here; Electron's main process passes the displays' work areas and saves on close. A saved
// window that no longer fits any display (a monitor unplugged) is brought back onto the primary.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic-write';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const StateSchema = z.object({
  bounds: z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().positive(), height: z.number().int().positive() }),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof StateSchema>;

export const DEFAULT_SIZE = { width: 1280, height: 840 };
/** How much of the window must lie on a display to count as visible there. */
const MIN_VISIBLE = 100;

export async function loadWindowState(dataDir: string): Promise<WindowState | null> {
  try {
    const parsed = StateSchema.safeParse(JSON.parse(await readFile(path.join(dataDir, 'window.json'), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveWindowState(dataDir: string, state: WindowState): Promise<void> {
  return writeFileAtomic(path.join(dataDir, 'window.json'), JSON.stringify(state));
}

/**
 * Where to open the window: the saved bounds when they are visible on a display (shrunk to fit
 * it), else the default size centred on the primary display (the first work area).
 */
export function placeWindow(saved: WindowState | null, workAreas: Rect[]): { bounds: Rect; maximized: boolean } {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  const centred = (w: number, h: number): Rect => ({
    width: w,
    height: h,
    x: primary.x + Math.round((primary.width - w) / 2),
    y: primary.y + Math.round((primary.height - h) / 2),
  });
  if (!saved)
    return {
      bounds: centred(Math.min(DEFAULT_SIZE.width, primary.width), Math.min(DEFAULT_SIZE.height, primary.height)),
      maximized: false,
    };
  const b = saved.bounds;
  const area = workAreas.find((a) => overlap(a, b) >= MIN_VISIBLE * MIN_VISIBLE);
  if (!area) return { bounds: centred(Math.min(b.width, primary.width), Math.min(b.height, primary.height)), maximized: saved.maximized };
  const width = Math.min(b.width, area.width);
  const height = Math.min(b.height, area.height);
  const x = Math.min(Math.max(b.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(b.y, area.y), area.y + area.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}
