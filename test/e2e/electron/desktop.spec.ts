import { _electron as electron, expect, test } from '@playwright/test';
import { locateElectronBinary } from '../../../cli/electron-binary';

// Never downloads: tests must not reach beyond loopback.
const binary = locateElectronBinary();

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
