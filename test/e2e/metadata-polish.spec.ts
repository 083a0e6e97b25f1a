// The Metadata step as a demanding user walks it with a ResNet-50 (torchvision's layout, built with
// python onnx: a 3×224×224 picture in, 1000 scores out) and the mlp: the card preview while a field
// is invalid, the summary that names the fields, guessed task and preprocessing marked until
// confirmed, the labels editor and its imports, the suggested file name after a save, and axe in
// light and dark at 1440×900 and 1024×700.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { readModelSummary } from '../../core/onnx/reader';
import { METADATA_KEY } from '../../shared/metadata/onnx-props';
import { mlp } from '../fixtures/models';
import { resnet50 } from '../fixtures/resnet50';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';
import { screenshot, seriousViolations } from './support/page-checks';
import { requirePython } from './support/python';

requireChromium();
requirePython();

const top = async (page: Page, selector: string) => (await page.locator(selector).boundingBox())!.y;

test('an invalid field: the card keeps its last valid text, the error takes the hint’s place, the grid stays, the summary names and focuses the fields', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const host = await launchHost({ model: mlp(modelsDir) });
  await studio.gotoMetadata(host.url);
  await page.getByLabel('Title', { exact: true }).fill('Tiny MLP');
  await expect(page.getByTestId('card-preview')).toContainText('Tiny MLP');
  const rows = { name: await top(page, '#meta-name'), title: await top(page, '#meta-title'), tags: await top(page, '#meta-tags') };

  await page.getByLabel('Version', { exact: true }).fill('1.2');
  await page.getByLabel('Licence').fill('my own licence');
  // The error replaces the hint: said once, in the same place.
  await expect(page.locator('#meta-version-error')).toHaveText('a semantic version such as 1.0.0');
  await expect(page.locator('#meta-version-hint')).toHaveCount(0);
  await expect(page.getByLabel('Version', { exact: true })).toHaveAttribute('aria-describedby', 'meta-version-error');
  await expect(page.locator('#meta-license-error')).toBeVisible();
  // Nothing moves: the boxes of each row stay level and the rows below stay where they were.
  expect(await top(page, '#meta-version')).toBe(rows.name);
  expect(await top(page, '#meta-license')).toBe(rows.title);
  expect(await top(page, '#meta-tags')).toBe(rows.tags);

  // A longer message (three lines in the column) pushes the rows below by its extra line only, never its neighbour.
  await page.getByLabel('Name', { exact: true }).fill('Tiny MLP');
  await expect(page.locator('#meta-name-error')).toContainText('lowercase letters, digits');
  expect(await top(page, '#meta-version')).toBe(await top(page, '#meta-name'));
  expect(await top(page, '#meta-license')).toBe(await top(page, '#meta-title'));

  // The card still renders (the last valid values) and says which edits it does not show yet.
  await expect(page.getByTestId('card-preview')).toContainText('Tiny MLP');
  await expect(page.getByTestId('card-preview').locator('table')).toHaveCount(2);
  await expect(page.getByTestId('card-stale')).toHaveText('Showing the last valid values; not shown until fixed: Name, Version, Licence');

  // The summary names the fields; each takes the focus there.
  const issues = page.getByTestId('meta-issues');
  await expect(issues).toContainText('3 fields need fixing before saving:');
  await expect(issues.locator('[data-issue]')).toHaveText([
    /^Name: lowercase letters/,
    'Version: a semantic version such as 1.0.0',
    'Licence: an SPDX license expression such as Apache-2.0 or MIT',
  ]);
  await issues.getByRole('button', { name: 'Version' }).click();
  await expect(page.getByLabel('Version', { exact: true })).toBeFocused();
  await page.getByTestId('card-stale').getByRole('button', { name: 'Licence' }).click();
  await expect(page.getByLabel('Licence')).toBeFocused();
  await expect(page.getByRole('button', { name: 'Save as new file' })).toBeDisabled();

  await page.getByLabel('Name', { exact: true }).fill('tiny-mlp');
  await page.getByLabel('Version', { exact: true }).fill('1.2.0');
  await page.getByLabel('Licence').fill('MIT');
  await expect(issues).toHaveCount(0);
  await expect(page.getByTestId('card-stale')).toHaveCount(0);
  await expect(page.locator('#meta-version-hint')).toHaveText('Semantic version, e.g. 1.0.0');
  await expect(page.getByTestId('card-preview')).toContainText('tiny-mlp');
  await expect(page.getByRole('button', { name: 'Save as new file' })).toBeEnabled();
});

test('ResNet-50: ImageNet mean/std suggested and the task inferred with its reason, both marked as guesses until confirmed; preprocessing edited and saved', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const model = resnet50(modelsDir);
  const host = await launchHost({ model });
  await studio.gotoMetadata(host.url);

  const task = page.getByTestId('guess-task');
  await expect(task).toHaveAttribute('data-guess', 'open');
  await expect(task).toContainText('Task inferred: classification — 1000 scores from a 3×224×224 picture: an ImageNet image classifier');
  const prep = page.getByTestId('guess-prep:input');
  await expect(prep).toHaveAttribute('data-guess', 'open');
  await expect(prep).toContainText('ImageNet mean/std suggested: a 3×224×224 picture in and 1000 scores out');
  await expect(page.locator('#meta-prep-input-mean')).toHaveValue('0.485, 0.456, 0.406');
  await expect(page.locator('#meta-prep-input-std')).toHaveValue('0.229, 0.224, 0.225');
  await expect(page.locator('#meta-prep-input-norm')).toHaveValue('imagenet');
  await expect(page.getByTestId('card-preview')).toContainText('mean [0.485, 0.456, 0.406], std [0.229, 0.224, 0.225]');
  await expect(page.locator('.card-front')).toContainText('pipeline_tag: image-classification');
  const guesses = page.getByTestId('meta-guesses');
  await expect(guesses.locator('[data-issue]')).toHaveText(['Task', 'Preprocessing of input']);

  // Editing the spec in Metadata: the card follows, and the guess is settled by the change.
  await page.locator('#meta-prep-input-order').selectOption('BGR');
  await page.locator('#meta-prep-input-mean').fill('103.53, 116.28, 123.675');
  await page.locator('#meta-prep-input-mean').press('Enter');
  await page.locator('#meta-prep-input-scale').selectOption('1');
  await expect(prep).toHaveAttribute('data-guess', 'settled');
  await expect(page.getByTestId('card-preview')).toContainText('Channels BGR, layout NCHW, float32');
  await expect(page.getByTestId('card-preview')).toContainText('value = (pixel × 1 − mean) / std, mean [103.5, 116.3, 123.7]');
  await expect(guesses.locator('[data-issue]')).toHaveText(['Task']);
  // Undo brings the guess back; redo settles it again.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('#meta-prep-input-scale')).toHaveValue('1/255');
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(page.locator('#meta-prep-input-scale')).toHaveValue('1');

  await task.getByRole('button', { name: 'Confirm' }).click();
  await expect(task).toHaveAttribute('data-guess', 'settled');
  await expect(guesses).toHaveCount(0);

  await page.getByLabel('Version', { exact: true }).fill('1.0.0');
  const fileName = await page.getByLabel('New file (beside the model)').inputValue();
  await page.getByRole('button', { name: 'Save as new file' }).click();
  await expect(page.locator('[data-save-state]')).toHaveAttribute('data-save-state', 'done', { timeout: 60_000 });
  const stored = JSON.parse((await readModelSummary(join(modelsDir, fileName))).metadata[METADATA_KEY]!);
  expect(stored.task).toBe('classification');
  expect(stored.inputs.input.preprocessing).toMatchObject({ channelOrder: 'BGR', scale: 1, mean: [103.53, 116.28, 123.675] });
  // The saved model's record is the user's: nothing is a guess any more.
  await expect(page.getByTestId('meta-source')).toContainText('Loaded from the metadata stored in the model');
  await expect(page.locator('[data-testid^="guess-"]')).toHaveCount(0);
});

test('the mlp: the task comes from its softmax, not a blanket guess', async ({ launchHost, studio, page, modelsDir }) => {
  const host = await launchHost({ model: mlp(modelsDir) });
  await studio.gotoReady(host.url);
  await studio.step('Metadata').click();
  await expect(page.getByTestId('guess-task')).toHaveText(/Task inferred: classification — a softmax over 3 classes in "y"/);
  await expect(page.getByTestId('labels-count')).toHaveText('No labels: "y" has 3 classes');
});

test('labels: a tall editor with a count checked against the 1000-wide output, imported from .txt, .json and .csv; a bad file changes nothing', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const host = await launchHost({ model: resnet50(modelsDir) });
  await studio.gotoMetadata(host.url);
  const count = page.getByTestId('labels-count');
  await expect(count).toHaveText('No labels: "output" has 1000 classes');
  const box = page.getByLabel('Class labels', { exact: true });
  expect((await box.boundingBox())!.height).toBeGreaterThan(150);

  const names = Array.from({ length: 1000 }, (_, i) => (i === 0 ? 'tench' : i === 1 ? 'goldfish' : `class ${i}`));
  const txt = join(modelsDir, 'synset.txt');
  writeFileSync(txt, `${names.join('\n')}\n`);
  const file = page.getByTestId('labels-file');
  await file.setInputFiles(txt);
  await expect(page.getByTestId('labels-import-result')).toHaveText('Imported 1000 labels from synset.txt.');
  await expect(count).toHaveText('1000 labels for a 1000-wide output');
  await expect(count).toHaveAttribute('data-labels-check', 'match');
  expect((await box.inputValue()).split('\n').slice(0, 2)).toEqual(['tench', 'goldfish']);
  await expect(page.getByTestId('card-preview')).toContainText('1000 classes: 0: tench, 1: goldfish');

  // Keras' imagenet_class_index.json form, two classes short: a clear mismatch.
  const json = join(modelsDir, 'imagenet_class_index.json');
  writeFileSync(json, JSON.stringify(Object.fromEntries(names.slice(0, 998).map((n, i) => [String(i), [`n${i}`, n]]))));
  await file.setInputFiles(json);
  await expect(count).toHaveText('998 labels, but "output" has 1000 classes: 2 missing');
  await expect(count).toHaveAttribute('data-labels-check', 'mismatch');

  const csv = join(modelsDir, 'labels.csv');
  writeFileSync(csv, `index,label\n${names.map((n, i) => `${i},"${n}"`).join('\n')}\n`);
  await file.setInputFiles(csv);
  await expect(count).toHaveText('1000 labels for a 1000-wide output');

  // Typing one more line: too many.
  await box.press('Control+End');
  await box.pressSequentially('\nextra');
  await expect(count).toHaveText('1001 labels, but "output" has 1000 classes: 1 too many');

  const bad = join(modelsDir, 'broken.json');
  writeFileSync(bad, '{"0": "tench",');
  await file.setInputFiles(bad);
  await expect(page.getByTestId('labels-import-result')).toContainText('broken.json is not valid JSON');
  await expect(page.getByTestId('labels-import-result')).toContainText('Nothing was changed.');
  await expect(count).toHaveText('1001 labels, but "output" has 1000 classes: 1 too many');
});

test('the suggested file name carries the version once, after a save and with a new version', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const host = await launchHost({ model: resnet50(modelsDir) });
  await studio.gotoMetadata(host.url);
  const name = page.getByLabel('New file (beside the model)');
  await page.getByLabel('Version', { exact: true }).fill('1.2.0');
  await expect(name).toHaveValue('light_resnet50-1.2.0.onnx');
  await page.getByRole('button', { name: 'Save as new file' }).click();
  await expect(page.locator('[data-save-state]')).toHaveAttribute('data-save-state', 'done', { timeout: 60_000 });
  await expect(studio.header).toContainText('light_resnet50-1.2.0.onnx');
  // The re-opened model already ends with its version: not light_resnet50-1.2.0-1.2.0.onnx.
  await expect(name).toHaveValue('light_resnet50-1.2.0.onnx');
  await page.getByLabel('Version', { exact: true }).fill('1.3.0');
  await expect(name).toHaveValue('light_resnet50-1.3.0.onnx');
  // While the version is invalid, the name keeps the last valid one rather than jumping.
  await page.getByLabel('Version', { exact: true }).fill('1.3');
  await expect(name).toHaveValue('light_resnet50-1.3.0.onnx');
});

for (const [width, height] of [
  [1440, 900],
  [1024, 700],
] as const) {
  test(`axe: the Metadata step with errors, guesses, a labels mismatch and the preprocessing form, light and dark at ${width}×${height}`, async ({
    launchHost,
    studio,
    page,
    modelsDir,
  }, testInfo) => {
    test.setTimeout(240_000); // axe over the whole form, four times, on a shared 2-core machine
    await page.setViewportSize({ width, height });
    const host = await launchHost({ model: resnet50(modelsDir) });
    await studio.gotoMetadata(host.url);
    await page.getByLabel('Version', { exact: true }).fill('1.2');
    await page.getByLabel('Class labels', { exact: true }).fill('tench\ngoldfish');
    await expect(page.getByTestId('meta-issues')).toBeVisible();
    await expect(page.getByTestId('labels-count')).toHaveAttribute('data-labels-check', 'mismatch');
    await expect(page.getByTestId('guess-task')).toHaveAttribute('data-guess', 'open');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await seriousViolations(page), `${scheme} at ${width}×${height}`).toEqual([]);
      await screenshot(page, testInfo, testInfo.outputPath(`metadata-${scheme}-${width}.png`), `metadata ${scheme} ${width}×${height}`);
    }
  });
}
