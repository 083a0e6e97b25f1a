// Pictures sent as BYTES (base64, one per batch item) go through the bundle's preprocessing spec
// with the studio's own sharp decode: the server answers what the studio's Predictor answers for
// the tensor pictureToTensor makes of the same file.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pictureToTensor } from '../../core/inputs/picture';
import { readModelSummary } from '../../core/onnx/reader';
import { forkRuntime } from '../../core/runtime/fork-runtime';
import { Predictor } from '../../core/runtime/predictor';
import { RuntimeService } from '../../core/runtime/runtime-service';
import { silentLogger } from '../../server/logger';
import { startServer, type RunningServer } from '../../server/server';
import { parsePreprocessing } from '../../shared/preprocessing';
import { packMlpBundle } from '../bench/children/server-bundle';
import { tinyImageClassifier } from '../fixtures/image-models';
import { testPixels } from '../fixtures/pixels';
import { suiteDir } from '../fixtures/tmp';

describe('inference server: pictures as BYTES', () => {
  const dir = suiteDir('server-picture');
  const spec = parsePreprocessing({ resize: { mode: 'exact', width: 16, height: 16 }, scale: 1 / 255, mean: [0.5], std: [0.25] });
  const runtime = new RuntimeService(forkRuntime());
  let server: RunningServer;
  let modelPath: string;
  afterAll(async () => {
    await server?.close();
    await runtime.dispose();
  });

  beforeAll(async () => {
    ({ modelPath } = await packMlpBundle(dir, {
      name: 'img',
      build: (d) => tinyImageClassifier(d),
      samples: [],
      metadata: { name: 'tiny', inputs: { pixel_values: { description: '', kind: 'image', preprocessing: spec } } },
    }));
    server = await startServer({ bundle: `${dir}/img`, port: 0, host: '127.0.0.1', logger: silentLogger });
    expect(await server.ready).toBe(true);
  });

  it("a PNG as base64 gives the studio's outputs for the same picture", async () => {
    const px = testPixels(40, 30, 3, 7);
    const png = await sharp(Buffer.from(px.data), { raw: { width: px.width, height: px.height, channels: 3 } })
      .png()
      .toBuffer();
    const res = await fetch(`${server.url}/v2/models/tiny/infer`, {
      method: 'POST',
      body: JSON.stringify({ inputs: [{ name: 'pixel_values', shape: [1], datatype: 'BYTES', data: [png.toString('base64')] }] }),
    });
    const json = (await res.json()) as { outputs: Array<{ name: string; shape: number[]; data: number[] }> };
    expect(res.status, JSON.stringify(json)).toBe(200);
    const summary = await readModelSummary(modelPath);
    const studio = await new Predictor(runtime).predict(
      { modelId: 'studio', filePath: modelPath, summary },
      { pixel_values: await pictureToTensor(png, spec) },
    );
    for (const o of json.outputs) expect(o.data).toEqual(Array.from(studio.outputs[o.name]!.data as Float32Array));
  });

  it('something that is not a picture → 400 naming the input', async () => {
    const res = await fetch(`${server.url}/v2/models/tiny/infer`, {
      method: 'POST',
      body: JSON.stringify({
        inputs: [{ name: 'pixel_values', shape: [1], datatype: 'BYTES', data: [Buffer.from('hello').toString('base64')] }],
      }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(
      /^INVALID_TENSOR: The picture 0 of input "pixel_values" is not a PNG, JPEG or WebP image/,
    );
  });
});
