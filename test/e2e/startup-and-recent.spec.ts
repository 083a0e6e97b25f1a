import { rmSync } from 'node:fs';
import { dynamicDims, mlp } from '../fixtures/models';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';

requireChromium();

test('a model named on the command line is shown at once, and listed in recent files after a reload', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const host = await launchHost({ model: mlp(modelsDir) });
  await studio.gotoReady(host.url);
  await expect(studio.inspect.heading).toHaveText('mlp.onnx');
  await expect(studio.header).toContainText('mlp.onnx');

  await page.reload();
  await studio.expectState('ready');
  await studio.step('Open').click();
  await expect(studio.open.heading).toBeVisible();
  await expect(studio.open.recentItems).toHaveCount(1);
  const entry = studio.open.recentEntry('mlp.onnx');
  await expect(entry).toContainText(modelsDir);

  // Re-open from the list with the keyboard.
  await entry.focus();
  await page.keyboard.press('Enter');
  await studio.expectState('ready');
  await expect(studio.inspect.heading).toHaveText('mlp.onnx');
});

test('recent entries whose file is gone are greyed as "missing"; Clear empties the list', async ({ launchHost, studio, modelsDir }) => {
  const gone = dynamicDims(modelsDir);
  // The startup model is read (and remembered) when the page first asks for it.
  const first = await launchHost({ model: gone });
  await studio.gotoReady(first.url);
  await first.stop();
  rmSync(gone);
  const host = await launchHost({ model: mlp(modelsDir), dataDir: first.dataDir });

  await studio.gotoReady(host.url);
  await studio.step('Open').click();
  await expect(studio.open.recentItems).toHaveCount(2);
  const missing = studio.open.recentEntry('dynamic-dims.onnx');
  await expect(missing).toContainText('missing');
  await expect(missing).toBeDisabled();
  await expect(studio.open.recentEntry('mlp.onnx')).toBeEnabled();

  await studio.open.clearRecent.click();
  await expect(studio.open.recentItems).toHaveCount(0);
  await expect(studio.open.recentWebNote).toContainText('temporary copy');
});
