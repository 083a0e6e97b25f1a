// input.fromPicture over both transports: a PNG of known pixels becomes the tensor numpy computes from
// the same pixels; refusals are typed. Also: Test-step-sized requests (well over the old 1 MiB
// WebSocket cap) go through the web host.
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PictureInputResult, OpenedModel } from '../../shared/contract';
import type { PredictResult } from '../../shared/predictions';
import { parsePreprocessing } from '../../shared/preprocessing';
import type { Pixels } from '../../shared/preprocess-pixels';
import { wireToTensor } from '../../shared/tensor-json';
import { tensorBytes } from '../../shared/tensor-buffers';
import { tinyImageClassifier } from '../fixtures/image-models';
import { mlp } from '../fixtures/models';
import { numpyPreprocess, testPixels } from '../fixtures/pixels';
import { describeWithPython } from '../fixtures/python';
import { suiteDir } from '../fixtures/tmp';
import { ipcAdapter, webAdapter, type Connected } from './contract-adapters';

const dir = suiteDir('contract-image');
let classifier: string;
let mlpPath: string;
beforeAll(() => {
  classifier = tinyImageClassifier(dir);
  mlpPath = mlp(dir);
});

const png = async (px: Pixels) =>
  (
    await sharp(Buffer.from(px.data), { raw: { width: px.width, height: px.height, channels: px.channels as 3 } })
      .png()
      .toBuffer()
  ).toString('base64');

describeWithPython('input.fromPicture', () => {
  for (const adapter of [ipcAdapter, webAdapter]) {
    describe(`over ${adapter.name}`, () => {
      let api: Connected;
      beforeEach(async () => {
        api = await adapter.connect({ dataDir: path.join(dir, `data-${adapter.name}`) });
      });
      afterEach(async () => {
        await api.close();
      });
      const open = async (file: string) =>
        ((await api.call('model.openPath', { path: file })) as { ok: true; value: OpenedModel }).value.modelId;

      it('turns a PNG into the tensor numpy computes from the same pixels (inferred spec, then a given one)', async () => {
        const modelId = await open(classifier);
        // 20×16: the shorter side already is 16, so the inferred spec only center-crops to 16×16.
        const px = testPixels(20, 16, 3, 7);
        const pictureBase64 = await png(px);
        const inferred = await api.call('input.fromPicture', { modelId, input: 'pixel_values', pictureBase64 });
        if (!inferred.ok) throw new Error(inferred.error.message);
        const got = inferred.value as PictureInputResult;
        expect(got.picture).toEqual({ width: 20, height: 16, format: 'png' });
        expect(got.spec).toMatchObject({
          layout: 'NCHW',
          channelOrder: 'RGB',
          centerCrop: { width: 16, height: 16 },
          scale: 1 / 255,
          mean: [0],
          std: [1],
        });

        const imagenet = parsePreprocessing({ ...got.spec, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
        const given = await api.call('input.fromPicture', { modelId, input: 'pixel_values', pictureBase64, preprocessing: imagenet });
        if (!given.ok) throw new Error(given.error.message);
        const ref = numpyPreprocess([
          { px, spec: got.spec },
          { px, spec: imagenet },
        ]);
        for (const [i, r] of [got, given.value as PictureInputResult].entries()) {
          expect(r.tensor.shape).toEqual([1, 3, 16, 16]);
          const bytes = tensorBytes(wireToTensor(r.tensor, 'output'));
          expect(Buffer.from(bytes).toString('hex'), `case ${i}`).toBe(ref[i]!.hex);
        }
      });

      it('refuses what is not a picture, an unknown input, a non-image input without a spec, and bad base64', async () => {
        const modelId = await open(classifier);
        const call = (input: Record<string, unknown>) =>
          api.call('input.fromPicture', {
            modelId,
            input: 'pixel_values',
            pictureBase64: Buffer.from('GIF89a-not-really').toString('base64'),
            ...input,
          });
        expect(await call({})).toMatchObject({
          ok: false,
          error: { code: 'INVALID_TENSOR', message: 'The image for input "pixel_values" is not a PNG, JPEG or WebP image.' },
        });
        expect(await call({ input: 'pixels' })).toMatchObject({
          ok: false,
          error: { code: 'INPUT_UNKNOWN', message: expect.stringContaining('"pixel_values"') },
        });
        expect(await call({ pictureBase64: 'not base64!' })).toMatchObject({
          ok: false,
          error: { code: 'INVALID_REQUEST', message: expect.stringContaining('pictureBase64: expected base64') },
        });
        expect(await call({ preprocessing: { std: [0] } })).toMatchObject({
          ok: false,
          error: { code: 'INVALID_REQUEST', message: expect.stringContaining('preprocessing') },
        });
        const mlpId = await open(mlpPath);
        const r = await api.call('input.fromPicture', { modelId: mlpId, input: 'x', pictureBase64: await png(testPixels(4, 4, 3)) });
        expect(r).toMatchObject({
          ok: false,
          error: {
            code: 'INVALID_REQUEST',
            message: 'Input "x" (float32[batch,4]) does not look like an image, so there is no default preprocessing for it.',
          },
        });
      });
    });
  }
});

describe('big Test-step requests over the web host', () => {
  it('a 1×3×224×224-sized request (≈ 3 MB of JSON, over the old 1 MiB cap) is answered', async () => {
    const api = await webAdapter.connect({ dataDir: path.join(dir, 'data-big') });
    try {
      const modelId = ((await api.call('model.openPath', { path: mlpPath })) as { ok: true; value: OpenedModel }).value.modelId;
      const rows = (3 * 224 * 224) / 4;
      const data = Array.from({ length: rows * 4 }, (_, i) => ((i % 97) - 48) / 7.3);
      expect(JSON.stringify(data).length).toBeGreaterThan(2 << 20);
      const r = await api.call('model.predict', { modelId, inputs: { x: { shape: [rows, 4], data } } });
      if (!r.ok) throw new Error(r.error.message);
      expect((r.value as PredictResult).outputs.y!.shape).toEqual([rows, 3]);
    } finally {
      await api.close();
    }
  });
});
