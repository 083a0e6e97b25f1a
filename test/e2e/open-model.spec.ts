import { externalData } from '../fixtures/external-models';
import { dynamicDims, mlp, withMetadata } from '../fixtures/models';
import { payload } from './pages/studio-page';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { manyInitializers } from './support/models';

requireChromium();

test('dropping a model anywhere on the window opens it: idle → ready with its IO contract', async ({ host, studio, modelsDir }) => {
  await studio.goto(host.url);
  await studio.expectState('idle');
  await expect(studio.open.heading).toBeVisible();
  await expect(studio.step('Metadata')).toBeDisabled();
  await expect(studio.step('Metadata')).toHaveAttribute('title', 'Open a model first');

  await studio.dropFiles([payload(mlp(modelsDir))]);

  await studio.expectState('ready');
  await expect(studio.header).toContainText('mlp.onnx');
  await expect(studio.step('Inspect')).toHaveAttribute('aria-current', 'step');
  await expect(studio.step('Metadata')).toBeEnabled();
  await expect(studio.step('Export')).toBeEnabled();
  expect(await studio.inspect.inputs()).toEqual([{ name: 'x', type: 'float32', shape: '[batch, 4]' }]);
  expect(await studio.inspect.outputs()).toEqual([{ name: 'y', type: 'float32', shape: '[batch, 3]' }]);
  await expect(studio.inspect.ioTable.locator('[data-io-name="x"] .dim-symbolic')).toHaveText('batch');
  await expect(studio.inspect.fact('IR version')).toHaveText('8');
  await expect(studio.inspect.fact('Nodes')).toHaveText('6');
  await expect(studio.inspect.fact('Initializers')).toHaveText('4');
  await expect(studio.inspect.fact('Parameters')).toHaveText('67');
  await expect(studio.inspect.fact('Producer')).toHaveText('modelcrate-fixtures 1.0');
  await expect(studio.inspect.readTime).toHaveText(/^read in (<1|\d+(\.\d+)?) m?s$/);
  await expect(studio.inspect.ops.getByRole('row', { name: /MatMul/ })).toContainText('2');
  // Largest first: W1 [4,8] holds 128 bytes.
  await expect(studio.inspect.weights.locator('tbody tr').first()).toContainText('W1');
});

test('the file picker opens a model; symbolic and unknown dims show as chips; the contract copies as JSON', async ({
  host,
  studio,
  page,
  modelsDir,
}) => {
  await studio.goto(host.url);
  await studio.expectState('idle');
  await studio.pickFiles([payload(dynamicDims(modelsDir))]);
  await studio.expectState('ready');
  expect(await studio.inspect.inputs()).toEqual([
    { name: 'tokens', type: 'int64', shape: '[batch, seq]' },
    { name: 'mask', type: 'float32', shape: '[batch, ?, seq]' },
    { name: 'scale', type: 'float32', shape: 'scalar' },
  ]);
  expect(await studio.inspect.outputs()).toEqual([
    { name: 'tokens_out', type: 'int64', shape: '[batch, seq]' },
    { name: 'scaled', type: 'float32', shape: '[batch, ?, seq]' },
  ]);
  const mask = studio.inspect.ioTable.locator('[data-io-name="mask"]');
  await expect(mask.locator('.dim-symbolic')).toHaveText(['batch', 'seq']);
  await expect(mask.locator('.dim-unknown')).toHaveText(['?']);

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy as JSON' }).click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  const copied = JSON.parse(String(await page.evaluate('navigator.clipboard.readText()')));
  expect(copied).toEqual({
    inputs: [
      { name: 'tokens', type: 'int64', shape: ['batch', 'seq'] },
      { name: 'mask', type: 'float32', shape: ['batch', null, 'seq'] },
      { name: 'scale', type: 'float32', shape: [] },
    ],
    outputs: [
      { name: 'tokens_out', type: 'int64', shape: ['batch', 'seq'] },
      { name: 'scaled', type: 'float32', shape: ['batch', null, 'seq'] },
    ],
  });
});

test('Ctrl+O opens the file chooser from the keyboard', async ({ host, studio, page, modelsDir }) => {
  await studio.goto(host.url);
  await studio.expectState('idle');
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Control+O');
  await (await chooser).setFiles(withMetadata(modelsDir));
  await studio.expectState('ready');
  const meta = studio.inspect.metadata;
  await expect(meta.getByRole('row', { name: /model_author/ })).toContainText('Ada Lovelace');
  await expect(meta.getByRole('row', { name: /emoji/ })).toContainText('🚀');
  await expect(studio.inspect.fact('Domain')).toHaveText('com.example.vision');
  await expect(studio.inspect.fact('Model version')).toHaveText('42');
});

test('a model dropped with its external-data file opens, weights located in that file', async ({ host, studio, modelsDir }) => {
  const model = externalData(modelsDir, 'ok');
  await studio.goto(host.url);
  await studio.expectState('idle');
  await studio.dropFiles([payload(model), payload(model.replace(/model\.onnx$/, 'weights.bin'))]);
  await studio.expectState('ready');
  await expect(studio.inspect.fact('External data')).toContainText('weights.bin');
  await expect(studio.inspect.weights.locator('tbody tr').first()).toContainText('weights.bin');
});

test('dropping two models at once explains itself without reaching the host', async ({ host, studio, modelsDir }) => {
  await studio.goto(host.url);
  await studio.expectState('idle');
  await studio.dropFiles([payload(mlp(modelsDir)), payload(dynamicDims(modelsDir))]);
  await studio.expectState('error');
  await expect(studio.errorBanner).toHaveAttribute('data-error-code', 'INVALID_REQUEST');
  await expect(studio.errorBanner).toContainText('Open one model at a time');
  await studio.errorBanner.getByRole('button', { name: 'Dismiss error' }).click();
  await studio.expectState('idle');
});

test('12,000 initializers are paged: the weights table keeps a few dozen rows and filters by name', async ({ host, studio, modelsDir }) => {
  await studio.goto(host.url);
  await studio.expectState('idle');
  await studio.dropFiles([payload(manyInitializers(modelsDir, 12_000))]);
  await studio.expectState('ready');
  const table = studio.inspect.weights;
  await expect(table.locator('tbody tr')).toHaveCount(50);
  const pager = studio.page.getByRole('navigation', { name: 'Weight pages' });
  await expect(pager).toContainText('1–50 of 12,000');
  await pager.getByRole('button', { name: 'Next' }).click();
  await expect(pager).toContainText('51–100 of 12,000');
  await studio.page.getByRole('searchbox', { name: 'Filter weights by name' }).fill('w11999');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table.locator('tbody tr')).toContainText('w11999');
});
