// The Metadata step in Chromium against the real studio: defaults from the model, inline schema
// errors, undo/redo, the diff of what will be written, save into a new file that then re-opens
// with the record, python onnx reading the written metadata, axe and screenshots.
import { existsSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { readModelSummary } from '../../core/onnx/reader';
import { tinyImageClassifier } from '../fixtures/image-models';
import { testPixels } from '../fixtures/pixels';
import { dirname, join } from 'node:path';
import { METADATA_KEY } from '../../shared/metadata/onnx-props';
import { mlp } from '../fixtures/models';
import { vi, writeModel } from '../fixtures/onnx-writer';
import { execFileSync } from 'node:child_process';
import { PYTHON } from '../fixtures/python-run';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { seriousViolations, screenshot } from './support/page-checks';
import { requirePython } from './support/python';

requireChromium();
requirePython();

test('edit → diff → save as a new file → it re-opens with the metadata, which python onnx reads back', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}, testInfo) => {
  test.setTimeout(120_000); // two hosts, a save, python onnx and axe: over a minute on a loaded 2-core machine
  const model = mlp(modelsDir);
  const host = await launchHost({ model });
  await studio.gotoReady(host.url);
  await studio.step('Metadata').click();
  const step = page.locator('[data-meta-state]');
  await expect(step).toHaveAttribute('data-meta-state', 'saved');
  await expect(page.getByTestId('meta-source')).toContainText('nothing stored yet');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('mlp');
  await expect(page.getByLabel('Framework', { exact: true })).toHaveValue('modelcrate-fixtures');

  // A licence that is not SPDX is flagged beside the field, and Save waits for a fix.
  await page.getByLabel('Licence').fill('my own licence');
  await expect(page.locator('#meta-license-error')).toHaveText('an SPDX license expression such as Apache-2.0 or MIT');
  await expect(page.getByRole('button', { name: 'Save as new file' })).toBeDisabled();
  await page.getByLabel('Licence').fill('Apache-2.0');
  await expect(page.locator('#meta-license-error')).toHaveCount(0);

  await page.getByLabel('Title', { exact: true }).fill('Tiny MLP');
  await page.getByLabel('Version', { exact: true }).fill('1.2.0');
  await page.getByLabel('Authors').fill('Ada Lovelace');
  await page.getByLabel('Class labels').fill('cat\ndog\nbird');
  await page.getByLabel('Description of y').fill('class probabilities');
  await expect(step).toHaveAttribute('data-meta-state', 'dirty');

  // Undo/redo across fields (outside a text box, the app's history answers Ctrl+Z).
  await page.getByLabel('Task').selectOption('regression');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByLabel('Task')).toHaveValue('classification');
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(page.getByLabel('Task')).toHaveValue('regression');
  await page.getByLabel('Task').focus();
  await page.keyboard.press('Control+z');
  await expect(page.getByLabel('Task')).toHaveValue('classification');

  // A custom metadata_props key: added in the table; a studio key typed there is flagged and blocks Save.
  const props = page.getByRole('table', { name: 'Custom metadata keys' });
  await page.getByRole('button', { name: 'Add key' }).click();
  await props.getByLabel('Key 1', { exact: true }).fill('labels');
  await expect(page.locator('#meta-prop-error-0')).toHaveText('written by the studio from the fields above');
  await expect(page.getByRole('button', { name: 'Save as new file' })).toBeDisabled();
  await props.getByLabel('Key 1', { exact: true }).fill('team');
  await props.getByLabel('Value of team').fill('vision');
  await page.getByRole('button', { name: 'Add key' }).click();
  await props.getByLabel('Key 2', { exact: true }).fill('scratch');
  await props.getByRole('button', { name: 'Remove scratch' }).click();
  await expect(props.locator('[data-prop-row]')).toHaveCount(1);

  const diff = page.getByRole('table', { name: 'Changes to be written' });
  await expect(diff.locator('[data-field="team"]')).toContainText('vision');
  await expect(diff.locator('[data-field="model_license"]')).toContainText('Apache-2.0');
  await expect(diff.locator('[data-field="model_author"]')).toContainText('Ada Lovelace');
  await expect(diff.locator('[data-field="model_version"]')).toContainText('1002000');
  await expect(diff.locator(`[data-field="${METADATA_KEY}"]`)).toBeVisible();
  await expect(page.getByTestId('card-preview')).toContainText('Tiny MLP');
  await expect(page.getByTestId('card-preview').locator('table')).toHaveCount(2); // inputs and outputs

  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, testInfo, 'test-results/metadata-step.png', 'metadata step');

  await expect(page.getByLabel('New file (beside the model)')).toHaveValue('mlp-1.2.0.onnx');
  await page.getByRole('button', { name: 'Save as new file' }).click();
  await expect(page.locator('[data-save-state]')).toHaveAttribute('data-save-state', 'done');
  await expect(page.getByTestId('save-result')).toContainText('mlp-1.2.0.onnx');
  await expect(studio.header).toContainText('mlp-1.2.0.onnx');
  await expect(page.getByTestId('meta-source')).toContainText('Loaded from the metadata stored in the model');
  await expect(step).toHaveAttribute('data-meta-state', 'saved');
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Tiny MLP');
  // The saved model lists its custom key for editing, and the studio's keys read-only (mirrored).
  await expect(props.getByLabel('Value of team')).toHaveValue('vision');
  const owned = page.getByRole('table', { name: 'Keys the studio writes' });
  await expect(owned.locator(`[data-owned-key="${METADATA_KEY}"]`)).toContainText('studio');
  await expect(owned.locator('[data-owned-key="labels"]')).toContainText('mirrored');
  await expect(owned.locator('input')).toHaveCount(0);

  // A fresh page on the written file shows the same, and python onnx reads what was written.
  const written = join(dirname(model), 'mlp-1.2.0.onnx');
  expect(existsSync(written)).toBe(true);
  const other = await launchHost({ model: written });
  await studio.gotoReady(other.url);
  await studio.step('Metadata').click();
  await expect(page.getByLabel('Class labels')).toHaveValue('cat\ndog\nbird');
  const script =
    'import onnx, json, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m); print(json.dumps({p.key: p.value for p in m.metadata_props}))';
  const py = JSON.parse(execFileSync(PYTHON, ['-c', script, written], { encoding: 'utf8' })) as Record<string, string>;
  expect(py).toMatchObject({ model_license: 'Apache-2.0', model_author: 'Ada Lovelace', labels: '["cat","dog","bird"]', team: 'vision' });
  expect(JSON.parse(py[METADATA_KEY]!)).toMatchObject({
    title: 'Tiny MLP',
    version: '1.2.0',
    outputs: { y: { description: 'class probabilities' } },
  });
});

test('an image input keeps the preprocessing tried in the Test step: metadata, card and the saved model carry it', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const model = tinyImageClassifier(modelsDir);
  const px = testPixels(20, 16, 3, 7);
  const png = join(modelsDir, 'picture.png');
  writeFileSync(
    png,
    await sharp(Buffer.from(px.data), { raw: { width: 20, height: 16, channels: 3 } })
      .png()
      .toBuffer(),
  );
  const host = await launchHost({ model });
  await studio.gotoReady(host.url);
  await studio.step('Test').click();
  const input = studio.test.input('pixel_values');
  await input.getByLabel('Normalise').selectOption({ label: 'ImageNet' });
  await studio.test.picker('image', 'pixel_values').setInputFiles(png);
  await expect(input.locator('[data-image-busy="false"]')).toBeVisible();
  await expect(input.getByTestId('image-preview')).toContainText('Model input, 16 × 16');

  await studio.step('Metadata').click();
  await expect(page.getByTestId('kind-reason-pixel_values')).toHaveText('Kind inferred: image — 3 channels at dim 1, 16×16 spatial');
  const prep = page.getByTestId('prep-pixel_values');
  await expect(prep).toContainText('mean [0]'); // derived from the signature: scale only
  await prep.getByRole('button', { name: "Use the Test step's" }).click();
  await expect(prep).toContainText('mean [0.485, 0.456, 0.406]');
  await expect(page.getByTestId('card-preview')).toContainText('mean [0.485, 0.456, 0.406], std [0.229, 0.224, 0.225]');
  const fileName = await page.getByLabel('New file (beside the model)').inputValue();
  await page.getByRole('button', { name: 'Save as new file' }).click();
  await expect(page.locator('[data-save-state]')).toHaveAttribute('data-save-state', 'done');
  const stored = JSON.parse((await readModelSummary(join(dirname(model), fileName))).metadata[METADATA_KEY]!);
  expect(stored.inputs.pixel_values.preprocessing).toMatchObject({
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
    centerCrop: { width: 16, height: 16 },
  });
});

/** Silero VAD's inputs (samples, sample rate) beside openWakeWord's [1,25,96] feature frames. */
function audioLike(dir: string): string {
  return writeModel(join(dir, 'vad-and-wakeword.onnx'), {
    producerName: 'modelcrate-fixtures',
    graph: {
      name: 'audio_like',
      inputs: [vi('input', 'float32', ['batch', 'samples']), vi('sr', 'int64', []), vi('onnx::Flatten_0', 'float32', [1, 25, 96])],
      outputs: [vi('speech', 'float32', ['batch', 'samples']), vi('wake', 'float32', [1, 25, 96])],
      nodes: [
        { opType: 'Identity', inputs: ['input'], outputs: ['speech'] },
        { opType: 'Identity', inputs: ['onnx::Flatten_0'], outputs: ['wake'] },
      ],
    },
  });
}

test('each input shows why its kind was inferred: audio beside a sample rate, [1,25,96] frames a tensor, not a picture; overriding to image brings preprocessing', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}, testInfo) => {
  const host = await launchHost({ model: audioLike(modelsDir) });
  await studio.gotoMetadata(host.url);

  await expect(page.getByLabel('Kind of input')).toHaveValue('audio');
  await expect(page.getByTestId('kind-reason-input')).toHaveText(
    'Kind inferred: audio — a sample-rate input "sr" beside it; [batch, samples] reads as batch × samples',
  );
  await expect(page.getByLabel('Kind of sr')).toHaveValue('tensor');
  await expect(page.getByTestId('kind-reason-sr')).toContainText('a scalar: the sample rate, by its name');
  const frames = page.getByTestId('kind-reason-onnx::Flatten_0');
  await expect(page.getByLabel('Kind of onnx::Flatten_0')).toHaveValue('tensor');
  await expect(frames).toHaveAttribute('data-inferred-kind', 'tensor');
  await expect(frames).toContainText(
    'the leading 1 of [1, 25, 96] reads as a batch of 1, not a channel; last dim 96 is not a channel count (1 or 3)',
  );
  // No picture preprocessing anywhere: not in the form, not in the card.
  await expect(page.locator('[data-testid^="prep-"]')).toHaveCount(0);
  await expect(page.getByTestId('card-preview')).not.toContainText('Preprocessing of');
  // Outputs have no inferred reason.
  await expect(page.getByTestId('kind-reason-speech')).toHaveCount(0);

  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, testInfo, testInfo.outputPath('metadata-kinds.png'), 'metadata step, audio-like model');

  // The user knows better: image. The default spec for the shape comes with it, and the reason stays.
  await page.getByLabel('Kind of onnx::Flatten_0').selectOption('image');
  await expect(page.getByTestId('prep-onnx::Flatten_0')).toContainText('GRAY');
  await expect(frames).toContainText('Inferred: tensor');
  await expect(frames).toContainText('(set to image here)');
  await expect(page.getByTestId('card-preview')).toContainText('Preprocessing of');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByLabel('Kind of onnx::Flatten_0')).toHaveValue('tensor');
  await expect(page.locator('[data-testid^="prep-"]')).toHaveCount(0);
  await expect(page.getByTestId('card-preview')).not.toContainText('Preprocessing of');
});
