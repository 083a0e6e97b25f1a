// The shared preprocessing math against numpy doing the same on the same pixels: channel order,
// grey/alpha sources, center crop offsets, scale/mean/std, layouts, batch dim and every dtype.
import { expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { ValueInfo } from '../../../shared/model-summary';
import { pixelsToTensor, previewPixels } from '../../../shared/preprocess-pixels';
import type { Pixels } from '../../../shared/preprocess-pixels';
import { IMAGENET, inferPreprocessing, parsePreprocessing, resizedSize } from '../../../shared/preprocessing';
import type { PreprocessingSpec, PreprocessingSpecInput } from '../../../shared/preprocessing';
import { tensorBytes } from '../../../shared/tensor-buffers';
import type { Tensor } from '../../../shared/tensors';
import { numpyPreprocess, testPixels } from '../../fixtures/pixels';
import { describeWithPython } from '../../fixtures/python';

const hex = (t: Tensor) => Buffer.from(tensorBytes(t)).toString('hex');

const vi = (elemType: string, shape: Array<number | string | null>): ValueInfo => ({
  name: 'x',
  type: { kind: 'tensor', elemType: elemType as 'float32', shape, text: '' },
});

describeWithPython('preprocessing math against numpy', () => {
  it('matches numpy byte for byte across channel orders, sources, crops, layouts and dtypes', () => {
    const specs: PreprocessingSpecInput[] = [
      { scale: 1 / 255, ...IMAGENET },
      { channelOrder: 'BGR', layout: 'NHWC', batch: false, dtype: 'float16', scale: 1 / 127.5, mean: [1], std: [1] },
      { layout: 'NHWC', dtype: 'uint8' },
      { channelOrder: 'GRAY', scale: 1 / 255, mean: [0.5], std: [0.5] },
      { centerCrop: { width: 4, height: 2 }, channelOrder: 'BGR', mean: [103.939, 116.779, 123.68], dtype: 'float64' },
      { centerCrop: { width: 3, height: 3 }, dtype: 'int8', mean: [128] },
      { dtype: 'int64', layout: 'NHWC', batch: false, scale: 2, mean: [100, 0, -100] },
      { dtype: 'int32', channelOrder: 'GRAY', centerCrop: { width: 7, height: 1 } },
    ];
    const cases: Array<{ px: Pixels; spec: PreprocessingSpec }> = [];
    for (const channels of [1, 2, 3, 4]) {
      specs.forEach((s, i) => cases.push({ px: testPixels(7, 5, channels, channels * 10 + i), spec: parsePreprocessing(s) }));
    }
    const ref = numpyPreprocess(cases);
    cases.forEach(({ px, spec }, i) => {
      const t = pixelsToTensor(px, spec);
      const label = `case ${i} (${px.channels} channels, ${JSON.stringify(specs[i % specs.length])})`;
      expect(t.shape, label).toEqual(ref[i]!.shape);
      expect(hex(t), label).toBe(ref[i]!.hex);
    });
  });

  it('previews a tensor back to the pixels it came from', () => {
    const px = testPixels(6, 4, 3);
    for (const s of [
      { scale: 1 / 255, ...IMAGENET },
      { channelOrder: 'BGR', layout: 'NHWC', dtype: 'float16', scale: 1 / 255 },
    ] as PreprocessingSpecInput[]) {
      const spec = parsePreprocessing(s);
      const back = previewPixels(pixelsToTensor(px, spec), spec);
      const rgb = Array.from(back.data).filter((_, i) => i % 4 !== 3);
      rgb.forEach((v, i) => expect(Math.abs(v - px.data[i]!), `${i}`).toBeLessThanOrEqual(s.dtype === 'float16' ? 1 : 0));
    }
  });
});

it('resizes the shorter side with torchvision rounding and exact sizes as given', () => {
  const shorter = parsePreprocessing({ resize: { mode: 'shorter', size: 224 } });
  expect(resizedSize(shorter, 640, 480)).toEqual({ width: 298, height: 224 }); // int(224·640/480) = 298
  expect(resizedSize(shorter, 333, 500)).toEqual({ width: 224, height: 336 });
  expect(resizedSize(parsePreprocessing({ resize: { mode: 'exact', width: 32, height: 16 } }), 5, 5)).toEqual({ width: 32, height: 16 });
});

it('refuses a crop larger than the image and an invalid spec, saying why', () => {
  const spec = parsePreprocessing({ centerCrop: { width: 8, height: 8 } });
  expect(() => pixelsToTensor(testPixels(7, 5, 3), spec)).toThrow(/7×5 after resizing, smaller than the 8×8 center crop/);
  const err = (s: unknown) => {
    try {
      parsePreprocessing(s);
    } catch (e) {
      return e as AppError;
    }
    throw new Error('no error');
  };
  expect(err({ std: [1, 0, 1] })).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('std') });
  expect(err({ channelOrder: 'GRAY', mean: [1, 2, 3] }).message).toContain('one per channel');
  expect(err({ resize: { mode: 'shorter', size: 0 } }).message).toContain('resize.size');
  expect(err({ layout: 'CHWN' }).message).toContain('layout');
});

it('infers a default spec from image-like signatures and nothing from others', () => {
  expect(inferPreprocessing(vi('float32', ['N', 3, 224, 224]))).toEqual({
    resize: { mode: 'shorter', size: 224, interpolation: 'bilinear' },
    centerCrop: { width: 224, height: 224 },
    channelOrder: 'RGB',
    layout: 'NCHW',
    batch: true,
    scale: 1 / 255,
    mean: [0],
    std: [1],
    dtype: 'float32',
  });
  expect(inferPreprocessing(vi('float32', [1, 3, 224, 224]), { preset: 'imagenet' })).toMatchObject({
    mean: [...IMAGENET.mean],
    std: [...IMAGENET.std],
  });
  expect(inferPreprocessing(vi('uint8', [null, 320, 240, 3]))).toMatchObject({
    layout: 'NHWC',
    dtype: 'uint8',
    scale: 1,
    resize: { mode: 'shorter', size: 320 },
    centerCrop: { width: 240, height: 320 },
  });
  const grey = inferPreprocessing(vi('float16', ['batch', 1, 'h', 'w']));
  expect(grey).toMatchObject({ channelOrder: 'GRAY', dtype: 'float16' });
  expect(grey).not.toHaveProperty('resize'); // symbolic H×W: the picture keeps its size
  expect(grey).not.toHaveProperty('centerCrop');
  expect(inferPreprocessing(vi('float32', [3, 32, 32]))).toMatchObject({ batch: false, layout: 'NCHW' });
  expect(inferPreprocessing(vi('float32', ['N', 128]))).toBeNull();
  expect(inferPreprocessing(vi('int64', [1, 3, 8, 8]))).toBeNull();
  expect(inferPreprocessing(vi('float32', [1, 5, 8, 8]))).toBeNull();
});
