// The Test step in Chromium against the real studio and onnxruntime: inputs entered every way the
// step offers, outputs checked against numpy (test/python) within 1e-4 relative, typed errors
// beside the input, the profile job, golden samples, downloads, axe and screenshots.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { parseNpy, writeNpy } from '../../shared/npy';
import type { Pixels } from '../../shared/preprocess-pixels';
import { parsePreprocessing } from '../../shared/preprocessing';
import { imageClassifierExpected } from '../fixtures/image-expected';
import { IMAGE_LABELS, tinyImageClassifier } from '../fixtures/image-models';
import { mlpExpected, mlpTestData } from '../fixtures/mlp-expected';
import { mlp } from '../fixtures/models';
import { testPixels } from '../fixtures/pixels';
import type { StudioPage } from './pages/studio-page';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import type { StudioHost, HostOptions } from './support/host';
import { requirePython } from './support/python';
import { slowMatMuls } from './support/models';
import { seriousViolations, screenshot } from './support/page-checks';
import { runPython } from '../fixtures/python-run';

requireChromium();
requirePython();

/** Within 1e-4 relative (an absolute floor for values near zero). */
function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    expect(Math.abs(a - e), `value ${i}: ${a} vs numpy ${e}`).toBeLessThanOrEqual(1e-4 * Math.max(Math.abs(e), 1e-6));
  });
}

async function openInTest(launchHost: (o?: HostOptions) => Promise<StudioHost>, studio: StudioPage, model: string): Promise<void> {
  const host = await launchHost({ model });
  await studio.gotoReady(host.url);
  await studio.step('Test').click();
  await expect(studio.step('Test')).toHaveAttribute('aria-current', 'step');
  await studio.test.expectState('idle');
}

const X = [
  [1, 2, 3, 4],
  [-0.5, 0.25, 2, -1],
];

test('grid: a symbolic batch of 2, typed cell by cell, runs with Ctrl+Enter and matches numpy; kept as a golden sample', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const model = mlp(modelsDir);
  await openInTest(launchHost, studio, model);
  const t = studio.test;
  await expect(t.input('x')).toHaveAttribute('data-input-tab', 'grid');
  await t.dim('batch').fill('2');
  await expect(t.cell('x', [1, 3])).toBeVisible();
  await t.fillGrid('x', X);
  await t.cell('x', [1, 3]).press('Control+Enter');
  await t.expectState('done');
  await expect(t.output('y')).toHaveAttribute('data-output-shape', '2,3');
  expectClose(await t.outputValues('y'), mlpExpected(model, X).flat());
  await expect(t.output('y').getByTestId('output-stats')).toContainText('NaN');
  expect((await t.topK('y')).map((e) => e.label)).toEqual(['', '', '']); // no labels in this model's metadata

  await t.samples.getByLabel('Sample name').fill('two rows');
  await t.samples.getByRole('button', { name: 'Save as golden sample' }).click();
  await expect(t.samples.locator('[data-sample-name="two rows"]')).toBeVisible();
  await expect(t.samples).toContainText('Kept for this session');
  await t.samples.getByRole('button', { name: 'Remove two rows' }).click();
  await expect(t.samples.locator('[data-sample-name]')).toHaveCount(0);
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
});

test("generate: seeded random values (numpy's mulberry32 gives the same) and ones, at the batch size set", async ({
  launchHost,
  studio,
  modelsDir,
}) => {
  const model = mlp(modelsDir);
  await openInTest(launchHost, studio, model);
  const t = studio.test;
  await t.dim('batch').fill('3');
  await t.chooseTab('x', 'Generate');
  await t.input('x').getByLabel('Seed').fill('42');
  await t.run();
  await t.expectState('done');
  const [ref] = runPython<Array<{ hex: string }>>(
    'generate_reference.py',
    [],
    JSON.stringify([{ name: 'x', type: 'float32', shape: [3, 4], fill: 'random', seed: 42 }]),
  );
  const x = Array.from(new Float32Array(new Uint8Array(Buffer.from(ref!.hex, 'hex')).buffer));
  const rows = [x.slice(0, 4), x.slice(4, 8), x.slice(8, 12)];
  expectClose(await t.outputValues('y'), mlpExpected(model, rows).flat());

  await t.input('x').getByRole('radio', { name: 'Ones' }).check();
  await t.run();
  await t.expectState('done');
  expectClose(
    await t.outputValues('y'),
    mlpExpected(model, [
      [1, 1, 1, 1],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
    ]).flat(),
  );
});

test('a slow run can be cancelled: the step is usable at once and the runtime really stops it', async ({
  launchHost,
  studio,
  modelsDir,
}) => {
  await openInTest(launchHost, studio, slowMatMuls(modelsDir));
  const t = studio.test;
  await expect(t.input('x')).toHaveAttribute('data-input-tab', 'generate');
  await t.input('x').getByRole('radio', { name: 'Zeros' }).check();
  await t.run();
  await t.expectState('running');
  await expect(t.runningButton).toBeDisabled();
  await t.cancelRun.click();
  await t.expectState('idle');
  await expect(studio.notice).toHaveText('Run cancelled: the runtime stopped it');
  await expect(t.runButton).toBeEnabled();
  // The next run does not wait behind the stopped one: the runtime restarted and runs it alone.
  await t.run();
  await t.expectState('done', 50_000);
  expect(await t.outputValues('y')).toEqual([0]);
});

test('JSON: checked as typed; a wrong shape shows INPUT_DIM_MISMATCH beside the input and in the banner; a right one runs', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const model = mlp(modelsDir);
  await openInTest(launchHost, studio, model);
  const t = studio.test;
  // Keyboard: arrows move between the tabs and select them.
  await t.input('x').getByRole('tab', { name: 'Grid' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(t.input('x')).toHaveAttribute('data-input-tab', 'json');
  await expect(t.input('x').getByRole('tab', { name: 'JSON' })).toBeFocused();

  await t.json('x').fill('{"type": "float32", "shape": [1, 4], "data": [1, 2');
  await expect(t.inputError('x')).toHaveAttribute('data-error-code', 'INVALID_TENSOR');
  await expect(t.inputError('x')).toContainText('Input "x" is not valid JSON');

  await t.json('x').fill('{"type": "float32", "shape": [1, 5], "data": [1, 2, 3, 4, 5]}');
  await expect(t.inputError('x')).toHaveAttribute('data-error-code', 'INPUT_DIM_MISMATCH');
  await expect(t.inputError('x')).toContainText('Input "x" has shape [1,5] but the model expects [batch,4]: dimension 1 must be 4.');
  await t.run();
  await t.expectState('error');
  await expect(studio.errorBanner).toHaveAttribute('data-error-code', 'INPUT_DIM_MISMATCH');
  await expect(t.inputError('x')).toHaveAttribute('data-error-code', 'INPUT_DIM_MISMATCH');
  await expect(t.json('x')).toHaveAttribute('aria-invalid', 'true');
  expect(await seriousViolations(page)).toEqual([]);

  const rows = [
    [0.5, -1, 2.5, 3],
    [4, 0, -2, 1],
    [-3.25, 1.5, 0.125, -0.75],
  ];
  await t.json('x').fill(JSON.stringify({ type: 'float32', shape: [3, 4], data: rows.flat() }));
  await expect(t.inputError('x')).toHaveCount(0);
  await expect(t.input('x').getByTestId('json-ok')).toHaveText('float32 [3, 4] · 12 values');
  await t.run();
  await t.expectState('done');
  await expect(t.output('y')).toHaveAttribute('data-output-shape', '3,3');
  expectClose(await t.outputValues('y'), mlpExpected(model, rows).flat());
});

test("files: an ONNX test-data input_0.pb (numpy_helper) and a .npy give numpy's outputs; outputs download as .npy and JSON", async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const model = mlp(modelsDir);
  const pbDir = join(modelsDir, 'test_data_set_0');
  const expected = mlpTestData(model, X, pbDir).flat();
  await openInTest(launchHost, studio, model);
  const t = studio.test;
  await t.chooseTab('x', 'File');
  await t.picker('file', 'x').setInputFiles(join(pbDir, 'input_0.pb'));
  await expect(t.input('x').getByTestId('file-loaded')).toContainText('input_0.pb');
  await expect(t.input('x').getByTestId('file-loaded')).toContainText('[2, 4]');
  await t.run();
  await t.expectState('done');
  expectClose(await t.outputValues('y'), expected);

  const rows = [[2, 2, 2, 2]];
  const npy = join(modelsDir, 'x.npy');
  writeFileSync(npy, writeNpy({ type: 'float32', shape: [1, 4], data: Float32Array.from(rows.flat()) }));
  // Dropped on the tab's zone: the window must not take it for a model to open.
  await t.dropOn(t.dropZone('file', 'x'), 'x.npy', readFileSync(npy));
  await expect(t.input('x').getByTestId('file-loaded')).toContainText('x.npy');
  await expect(studio.dropOverlay).toBeHidden();
  await studio.expectState('ready');
  await expect(studio.errorBanner).toHaveCount(0);
  await t.run();
  await t.expectState('done');
  await expect(t.output('y')).toHaveAttribute('data-output-shape', '1,3');
  const want = mlpExpected(model, rows).flat();
  expectClose(await t.outputValues('y'), want);

  const card = t.outputCard('y');
  const [npyDownload] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('button', { name: 'Download y as .npy' }).click(),
  ]);
  expect(npyDownload.suggestedFilename()).toBe('y.npy');
  const saved = parseNpy(readFileSync(await npyDownload.path()));
  expect(saved.shape).toEqual([1, 3]);
  expectClose(Array.from(saved.data as Float32Array), want);
  const [jsonDownload] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('button', { name: 'Download y as JSON' }).click(),
  ]);
  const json = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8')) as { type: string; shape: number[]; data: number[] };
  expect({ type: json.type, shape: json.shape }).toEqual({ type: 'float32', shape: [1, 3] });
  expectClose(json.data, want);
});

test("image: a PNG turned into the input by the studio (ImageNet preset) gives numpy's class scores, labelled; the preview shows the crop", async ({
  launchHost,
  studio,
  modelsDir,
}) => {
  const model = tinyImageClassifier(modelsDir);
  // 20×16: the shorter side is already 16, so the default spec crops the centre 16×16 and nothing is resampled.
  const px = testPixels(20, 16, 3, 7);
  const png = join(modelsDir, 'picture.png');
  writeFileSync(
    png,
    await sharp(Buffer.from(px.data), { raw: { width: 20, height: 16, channels: 3 } })
      .png()
      .toBuffer(),
  );
  await openInTest(launchHost, studio, model);
  const t = studio.test;
  await expect(t.input('pixel_values')).toHaveAttribute('data-input-tab', 'image');
  await t.input('pixel_values').getByLabel('Normalise').selectOption({ label: 'ImageNet' });
  await expect(t.input('pixel_values').getByLabel('Mean')).toHaveValue('0.485, 0.456, 0.406');
  await t.picker('image', 'pixel_values').setInputFiles(png);
  const preview = t.input('pixel_values').getByTestId('image-preview');
  await expect(preview).toContainText('Model input, 16 × 16');
  await expect(t.input('pixel_values').locator('[data-image-busy="false"]')).toBeVisible();

  // The preview undoes std, mean and scale: it must show the centre crop of the original pixels.
  // Runs in the page (the Node-side tsconfig has no DOM types, hence the structural type).
  type Canvas = {
    width: number;
    height: number;
    getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
  };
  const shown = await preview.locator('canvas').evaluate((c) => {
    const canvas = c as unknown as Canvas;
    return Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data);
  });
  const crop: number[] = [];
  for (let y = 0; y < 16; y++) for (let x = 2; x < 18; x++) crop.push(...px.data.subarray((y * 20 + x) * 3, (y * 20 + x) * 3 + 3), 255);
  expect(shown).toEqual(crop);

  await t.run();
  await t.expectState('done');
  const spec = parsePreprocessing({
    resize: { mode: 'shorter', size: 16 },
    centerCrop: { width: 16, height: 16 },
    scale: 1 / 255,
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
  });
  const want = imageClassifierExpected(model, px, spec);
  expectClose(await t.outputValues('probabilities'), want.probabilities.flat());
  expectClose(await t.outputValues('logits'), want.logits.flat());
  const p = want.probabilities[0]!;
  const order = [0, 1, 2].sort((a, b) => p[b]! - p[a]!);
  const top = await t.topK('probabilities');
  expect(top.map((e) => e.label)).toEqual(order.map((i) => IMAGE_LABELS[i]));
  expectClose(
    top.map((e) => e.score),
    order.map((i) => p[i]!),
  );
});

test('profile: runs, warm-up and batch sizes → progress, then p50/p90/p99 per batch size and a chart; Cancel stops a long one', async ({
  launchHost,
  studio,
  modelsDir,
}) => {
  await openInTest(launchHost, studio, mlp(modelsDir));
  const t = studio.test;
  await t.profileField('Runs').fill('30');
  await t.profileField('Warm-up').fill('3');
  await t.profileField('Batch sizes').fill('1, 8');
  await t.profile.getByRole('button', { name: 'Profile' }).click();
  await expect(t.profileResult).toBeVisible();
  for (const batch of [1, 8]) {
    const row = t.profileRow(batch);
    const [p50, p90, p99] = await Promise.all(
      ['p50', 'p90', 'p99'].map(async (k) => parseFloat((await row.locator(`[data-stat="${k}"]`).textContent()) ?? '')),
    );
    expect(p50).toBeGreaterThan(0);
    expect(p50).toBeLessThanOrEqual(p90!);
    expect(p90).toBeLessThanOrEqual(p99!);
  }
  await expect(t.profileResult.getByTestId('latency-chart')).toBeVisible();
  await expect(t.profileResult).toContainText('session load');
  await expect(t.profileResult).toContainText('peak RSS');

  // Long enough on a loaded CI machine that Cancel always lands first: 100,000 runs at large batches.
  await t.profileField('Runs').fill('100000');
  await t.profileField('Batch sizes').fill('4096, 8192');
  await t.profile.getByRole('button', { name: 'Profile' }).click();
  await expect(t.profile.getByRole('progressbar', { name: 'Profile progress' })).not.toHaveAttribute('aria-valuenow', '0');
  await t.profile.getByRole('button', { name: 'Cancel' }).click();
  await expect(t.profile.locator('[data-profile-state]')).toHaveAttribute('data-profile-state', 'cancelled');
});

/** A picture worth looking at in a screenshot: sky fading into dusk, a sun, a hill. */
function scenicPixels(width: number, height: number): Pixels {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = y / height;
      let rgb = [Math.round(40 + 200 * t), Math.round(90 + 60 * t), Math.round(200 - 120 * t)];
      if ((x - width * 0.66) ** 2 + (y - height * 0.42) ** 2 < (height * 0.16) ** 2) rgb = [255, 214, 90];
      if (y > height * (0.72 + 0.12 * Math.sin((x / width) * Math.PI))) rgb = [46, 125 + Math.round(40 * t), 70];
      data.set(rgb, (y * width + x) * 3);
    }
  }
  return { data, width, height, channels: 3 };
}

test('axe finds nothing serious on the Test step with outputs and a profile, light and dark; screenshots', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}, testInfo) => {
  // Two axe passes and two full-page screenshots of a long page: over a minute on a loaded 2-core machine.
  test.setTimeout(150_000);
  const model = tinyImageClassifier(modelsDir, { height: 64, width: 64 });
  const png = join(modelsDir, 'dusk.png');
  const px = scenicPixels(96, 64);
  writeFileSync(
    png,
    await sharp(Buffer.from(px.data), { raw: { width: 96, height: 64, channels: 3 } })
      .png()
      .toBuffer(),
  );
  await openInTest(launchHost, studio, model);
  const t = studio.test;
  expect(await seriousViolations(page)).toEqual([]);
  await t.input('pixel_values').getByLabel('Normalise').selectOption({ label: 'ImageNet' });
  await t.picker('image', 'pixel_values').setInputFiles(png);
  await expect(t.input('pixel_values').getByTestId('image-preview')).toBeVisible();
  await t.run();
  await t.expectState('done');
  await t.samples.getByRole('button', { name: 'Save as golden sample' }).click();
  await t.profileField('Batch sizes').fill('1');
  await t.profile.getByRole('button', { name: 'Profile' }).click();
  await expect(t.profileResult).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  // From the top: a full-page shot of a scrolled page draws the sticky header mid-page.
  await page.evaluate('window.scrollTo(0, 0)');
  await screenshot(page, testInfo, 'test-results/test-step.png', 'Test step (light)');
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, testInfo, 'test-results/test-step-dark.png', 'Test step (dark)');
});
