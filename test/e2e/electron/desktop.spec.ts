import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

/**
 * The binary `require('electron')` would return, found the way its index.js finds it (path.txt,
 * ELECTRON_OVERRIDE_DIST_PATH) but without calling it: on a miss that require starts a download,
 * and tests must not reach beyond loopback.
 */
function electronBinary(): string | null {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const bin = override ? path.join(override, rel || 'electron') : rel ? path.join(pkgDir, 'dist', rel) : '';
  return bin && existsSync(bin) ? bin : null;
}

const binary = electronBinary();

test.skip(
  !binary,
  "No Electron binary: require('electron') would give no existing file (it cannot be downloaded on CI machines). This project runs where Electron is installed, e.g. a developer laptop.",
);

test('the desktop app starts idle with the same renderer', async () => {
  const app = await electron.launch({ executablePath: binary!, args: ['dist/electron/main.cjs'] });
  try {
    const win = await app.firstWindow();
    await expect(win.locator('[data-app-state]')).toHaveAttribute('data-app-state', 'idle');
    await expect(win.getByRole('heading', { level: 1, name: 'Open a model' })).toBeVisible();
  } finally {
    await app.close();
  }
});
