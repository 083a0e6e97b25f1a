// Issue 16, item 10 (Inspect): names wrap only between their parts, never mid-word; the read time
// is said once (in the header); the dims legend explains only the chips the table shows.
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { floatTensor, vi, writeModel } from '../fixtures/onnx-writer';
import { dynamicDims } from '../fixtures/models';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';

requireChromium();

const LONG_IN = 'encoder.layers.11.self_attention.query_projection.input_activations';
const LONG_W = 'encoder.layers.11.self_attention.query_projection.weight_quantized_per_channel';

/** A model of fixed sizes with the long dotted names transformer exports have. */
function fixedLongNames(dir: string): string {
  return writeModel(join(dir, 'fixed-long-names.onnx'), {
    producerName: 'modelcrate-fixtures',
    graph: {
      name: 'fixed',
      inputs: [vi(LONG_IN, 'float32', [1, 4])],
      outputs: [vi('encoder.layers.11.self_attention.output', 'float32', [1, 4])],
      initializers: [floatTensor(LONG_W, [4, 4], new Array(16).fill(0.25))],
      nodes: [{ opType: 'MatMul', name: 'mm', inputs: [LONG_IN, LONG_W], outputs: ['encoder.layers.11.self_attention.output'] }],
    },
  });
}

// The few DOM shapes brokenWords uses (this suite's tsconfig has no DOM types).
interface TextNode {
  textContent: string | null;
}
interface Cell {
  ownerDocument: {
    createTreeWalker(root: Cell, what: number): { nextNode(): TextNode | null };
    createRange(): { selectNodeContents(n: TextNode): void; getClientRects(): Iterable<{ width: number; top: number }> };
  };
}
const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT

/** Text nodes of a cell laid out on more than one line: a word was cut (the parts between <wbr>s
 *  are text nodes of their own). */
function brokenWords(cell: Locator): Promise<string[]> {
  return cell.evaluate((el: Cell, what: number) => {
    const doc = el.ownerDocument;
    const cut: string[] = [];
    const walker = doc.createTreeWalker(el, what);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const r = doc.createRange();
      r.selectNodeContents(n);
      const lines = new Set([...r.getClientRects()].filter((b) => b.width > 0).map((b) => Math.round(b.top)));
      if (lines.size > 1) cut.push(n.textContent ?? '');
    }
    return cut;
  }, SHOW_TEXT);
}

test('at 1024×700 long names wrap between their parts; the read time once; no dims legend without symbolic dims', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const host = await launchHost({ model: fixedLongNames(modelsDir) });
  await studio.gotoReady(host.url);

  const inName = studio.inspect.ioTable.locator(`[data-io-name="${LONG_IN}"] th`);
  await expect(inName).toHaveText(LONG_IN); // the break points add no characters
  const weight = studio.inspect.weights.locator('tbody th').first();
  await expect(weight).toContainText(LONG_W);
  // Narrow enough that both names need more than one line, and neither is cut inside a word.
  expect((await inName.boundingBox())!.height).toBeGreaterThan(30);
  expect(await brokenWords(inName)).toEqual([]);
  expect(await brokenWords(weight)).toEqual([]);

  await expect(studio.inspect.readTime).toHaveText(/^read in (<1|\d+(\.\d+)?) m?s$/);
  await expect(page.getByText(/read in/)).toHaveCount(1);

  await expect(page.getByTestId('dims-legend')).toHaveCount(0);
});

test('the dims legend explains the chips shown: symbolic and unknown for a model that has both', async ({
  launchHost,
  studio,
  page,
  modelsDir,
}) => {
  const host = await launchHost({ model: dynamicDims(modelsDir) });
  await studio.gotoReady(host.url);
  const legend = page.getByTestId('dims-legend');
  await expect(legend).toContainText('symbolic dimension');
  await expect(legend).toContainText('unknown size');
});
