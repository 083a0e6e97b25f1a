// Image inputs through sharp: deterministic pixels are written as lossless PNG (by sharp), read
// back by pictureToTensor and compared with numpy applying the same math to the raw pixels. Resize,
// grey / alpha / CMYK sources, EXIF orientation and refusals are checked on top.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { decodePicture, pictureToTensor } from '../../../core/inputs/picture';
import { AppError } from '../../../shared/errors';
import { parsePreprocessing } from '../../../shared/preprocessing';
import type { PreprocessingSpecInput } from '../../../shared/preprocessing';
import { tensorBytes } from '../../../shared/tensor-buffers';
import type { Pixels } from '../../../shared/preprocess-pixels';
import { numpyPreprocess, testPixels } from '../../fixtures/pixels';
import { describeWithPython } from '../../fixtures/python';
import { suiteDir } from '../../fixtures/tmp';

const png = (px: Pixels) =>
  sharp(Buffer.from(px.data), { raw: { width: px.width, height: px.height, channels: px.channels as 1 | 2 | 3 | 4 } })
    .png()
    .toBuffer();

/** A w×h RGB picture: left half red, right half blue. */
function halves(w: number, h: number): Pixels {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) data.set(i % w < w / 2 ? [255, 0, 0] : [0, 0, 255], i * 3);
  return { data, width: w, height: h, channels: 3 };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describeWithPython('image inputs (sharp) against numpy on the same pixels', () => {
  const dir = suiteDir('image');

  it('PNG files (RGB, RGBA, grey, grey+alpha) give the tensor numpy computes from the raw pixels', async () => {
    const specs: PreprocessingSpecInput[] = [
      { scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
      { channelOrder: 'BGR', layout: 'NHWC', dtype: 'uint8' },
      { channelOrder: 'GRAY', dtype: 'float16', scale: 1 / 255, centerCrop: { width: 9, height: 6 } },
    ];
    const cases = [];
    for (const channels of [3, 4, 1, 2]) {
      for (const s of specs) cases.push({ px: testPixels(13, 8, channels, channels), spec: parsePreprocessing(s) });
    }
    const ref = numpyPreprocess(cases);
    for (const [i, { px, spec }] of cases.entries()) {
      const file = join(dir, `c${i}.png`);
      writeFileSync(file, await png(px));
      const t = await pictureToTensor(file, spec);
      expect(t.shape, `case ${i}`).toEqual(ref[i]!.shape);
      expect(Buffer.from(tensorBytes(t)).toString('hex'), `case ${i} (${px.channels} channels)`).toBe(ref[i]!.hex);
    }
  });

  it('resizes (shorter side, exact) to the right shape with the picture where it was', async () => {
    const file = join(dir, 'halves.png');
    writeFileSync(file, await png(halves(40, 20)));
    const spec = parsePreprocessing({ resize: { mode: 'shorter', size: 10 }, layout: 'NHWC', dtype: 'uint8', batch: false });
    const t = await pictureToTensor(file, spec);
    expect(t.shape).toEqual([10, 20, 3]);
    const at = (y: number, x: number) => Array.from(t.data.slice((y * 20 + x) * 3, (y * 20 + x) * 3 + 3) as Uint8Array);
    for (const y of [0, 5, 9]) {
      for (const x of [0, 4, 8]) expect(at(y, x)).toEqual([255, 0, 0]);
      for (const x of [11, 15, 19]) expect(at(y, x)).toEqual([0, 0, 255]);
    }
    for (const interpolation of ['nearest', 'bicubic', 'lanczos3'] as const) {
      const exact = await pictureToTensor(
        file,
        parsePreprocessing({ resize: { mode: 'exact', width: 8, height: 6, interpolation }, centerCrop: { width: 4, height: 4 } }),
      );
      expect(exact.shape).toEqual([1, 3, 4, 4]);
    }
    // Nearest-neighbour keeps pure colours: the crop's left half is red, right half blue.
    const n = await pictureToTensor(
      file,
      parsePreprocessing({ resize: { mode: 'exact', width: 8, height: 6, interpolation: 'nearest' }, dtype: 'uint8' }),
    );
    const red = Array.from((n.data as Uint8Array).subarray(0, 48));
    expect(red.filter((_, i) => i % 8 < 4).every((v) => v === 255)).toBe(true);
    expect(red.filter((_, i) => i % 8 >= 4).every((v) => v === 0)).toBe(true);
  });

  it('converts CMYK JPEGs to RGB and turns EXIF-rotated photos upright', async () => {
    const red = await sharp({ create: { width: 16, height: 8, channels: 3, background: { r: 255, g: 0, b: 0 } } })
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer();
    expect((await sharp(red).metadata()).space).toBe('cmyk');
    const img = await decodePicture(red, parsePreprocessing({}), 'cmyk.jpg');
    expect(img.source).toMatchObject({ format: 'jpeg', space: 'cmyk', width: 16, height: 8 });
    expect(img.channels).toBe(3);
    const [r, g, b] = img.data;
    expect(r).toBeGreaterThan(200);
    expect(g! + b!).toBeLessThan(40);
    // Orientation 6 (rotate 90° clockwise to display): stored 16×8, shown 8×16.
    const rotated = await sharp(await png(halves(16, 8)))
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 100 })
      .toBuffer();
    const t = await pictureToTensor(rotated, parsePreprocessing({ layout: 'NHWC', dtype: 'uint8', batch: false }));
    expect(t.shape).toEqual([16, 8, 3]);
    const top = Array.from((t.data as Uint8Array).subarray(0, 3)); // red (left half) ends up on top
    expect(top[0]).toBeGreaterThan(200);
    expect(top[2]).toBeLessThan(60);
  });

  it('refuses non-images, formats other than PNG/JPEG/WebP, damaged files and too-small crops', async () => {
    expect((await rejection(pictureToTensor(new TextEncoder().encode('hello'), parsePreprocessing({}), 'a.png'))).message).toBe(
      'a.png is not a PNG, JPEG or WebP image.',
    );
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>');
    expect((await rejection(pictureToTensor(svg, parsePreprocessing({}), 'b.svg'))).code).toBe('INVALID_TENSOR');
    const gif = await sharp({ create: { width: 2, height: 2, channels: 3, background: 'white' } })
      .gif()
      .toBuffer();
    expect((await rejection(pictureToTensor(gif, parsePreprocessing({}), 'c.gif'))).message).toContain('not a PNG, JPEG or WebP');
    const cut = (await png(testPixels(32, 32, 3))).subarray(0, 60);
    expect(await rejection(pictureToTensor(cut, parsePreprocessing({}), 'cut.png'))).toMatchObject({
      code: 'INVALID_TENSOR',
      message: expect.stringContaining('cut.png could not be decoded as PNG'),
    });
    const small = await rejection(
      pictureToTensor(await png(testPixels(10, 6, 3)), parsePreprocessing({ centerCrop: { width: 8, height: 8 } })),
    );
    expect(small.message).toContain('10×6 after resizing, smaller than the 8×8 center crop');
  });
});
