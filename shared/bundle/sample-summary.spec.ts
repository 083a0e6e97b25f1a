import { describe, expect, it } from 'vitest';
import { parseManifest } from './manifest';
import { compareSampleOutputs, compareSummary, summarizeTensor } from './sample-summary';
import { defaultSampleBudget } from './sample';
import type { Tensor } from '../tensors';

/** A stand-in digest (shared/ runs in the page: no node:crypto here): FNV-1a, as 64 hex digits. */
const sha = (b: Uint8Array) => {
  let h = 0x811c9dc5;
  for (const x of b) h = Math.imul(h ^ x, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0').repeat(8);
};
const f32 = (values: number[]): Tensor => ({ type: 'float32', shape: [values.length], data: Float32Array.from(values) });
const ramp = (n: number, scale = 1) => Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i) * scale));

describe('output summaries', () => {
  it('counts non-finite values apart and takes the statistics over the finite ones', () => {
    const s = summarizeTensor(f32([1, Number.NaN, -3, Infinity, -Infinity, 2]), sha);
    expect(s).toMatchObject({
      count: 6,
      nan: 1,
      posInf: 1,
      negInf: 1,
      min: -3,
      max: 2,
      mean: 0,
      absMax: 3,
      absMean: 2,
      slice: { step: 1, data: [1, 'NaN', -3, 'Infinity', '-Infinity', 2] },
    });
    expect(s.std).toBeCloseTo(Math.sqrt(14 / 3), 12);
    const big = summarizeTensor(f32(ramp(10_000)), sha);
    expect(big.slice.step).toBe(40);
    expect(big.slice.data).toHaveLength(250);
  });

  it('same bytes pass; a float drift within tolerance passes; past it, the slice names the element', () => {
    const recorded = f32(ramp(4096));
    const s = summarizeTensor(recorded, sha);
    expect(compareSummary('y', 'float32', s, recorded, sha)).toBeNull();
    const near = f32(ramp(4096).map((v) => v * (1 + 2e-5)));
    expect(compareSummary('y', 'float32', s, near, sha)).toBeNull();
    const off = f32(ramp(4096));
    (off.data as Float32Array)[16 * 5]! += 0.01;
    expect(compareSummary('y', 'float32', s, off, sha)).toMatchObject({
      output: 'y',
      index: 80,
      why: expect.stringMatching(/slice element/),
    });
  });

  it('a drift off the slice shows in the statistics; NaN counts must agree', () => {
    const recorded = f32(ramp(4096));
    const s = summarizeTensor(recorded, sha);
    const shifted = f32(ramp(4096).map((v, i) => (i % 16 === 0 ? v : v + 0.05)));
    expect(compareSummary('y', 'float32', s, shifted, sha)).toMatchObject({
      index: -1,
      why: expect.stringMatching(/^expected max [\d.]+, got [\d.]+ .*summarized output/),
    });
    const nan = f32(ramp(4096));
    (nan.data as Float32Array)[17] = Number.NaN;
    expect(compareSummary('y', 'float32', s, nan, sha)?.why).toMatch(/^expected 0 NaN values, got 1/);
  });

  it('types without a tolerance must reproduce their bytes', () => {
    const ints: Tensor = { type: 'int32', shape: [1000], data: Int32Array.from({ length: 1000 }, (_, i) => i) };
    const s = summarizeTensor(ints, sha);
    const changed: Tensor = { type: 'int32', shape: [1000], data: Int32Array.from({ length: 1000 }, (_, i) => (i === 3 ? 4 : i)) };
    expect(compareSummary('k', 'int32', s, changed, sha)?.why).toMatch(/sha256 differs .*int32 must match exactly/);
    const onSlice: Tensor = { type: 'int32', shape: [1000], data: Int32Array.from({ length: 1000 }, (_, i) => (i === 4 ? 5 : i)) };
    expect(compareSummary('k', 'int32', s, onSlice, sha)).toMatchObject({ index: 4, expected: 4, actual: 5 });
  });

  it('compareSampleOutputs: full outputs element-wise, summaries by summary, extra and missing outputs named', () => {
    const big = f32(ramp(2048));
    const expected = {
      small: { type: 'float32' as const, shape: [2], data: [1, 2] },
      big: { type: 'float32' as const, shape: [2048], summary: summarizeTensor(big, sha) },
    };
    expect(compareSampleOutputs(expected, { tensors: { small: f32([1, 2]), big } }, sha)).toMatchObject({
      ok: true,
      full: 1,
      summarized: 1,
    });
    expect(compareSampleOutputs(expected, { tensors: { small: f32([1, 2.5]), big } }, sha).mismatch).toMatchObject({
      output: 'small',
      index: 1,
    });
    expect(compareSampleOutputs(expected, { tensors: { small: f32([1, 2]) } }, sha).mismatch?.why).toBe(
      'the model no longer gives this output',
    );
    expect(compareSampleOutputs(expected, { tensors: { small: f32([1, 2]), big, more: f32([0]) } }, sha).mismatch).toMatchObject({
      output: 'more',
      why: 'the model gives an output the sample does not have',
    });
  });

  it('the default budget: 5 % of the model, at least 16 MiB', () => {
    expect(defaultSampleBudget(44_342_436)).toBe(16 << 20);
    expect(defaultSampleBudget(1e9)).toBe(5e7);
  });
});

describe('manifest schema 2 sample entries', () => {
  const base = (samples: unknown[], extraFiles: string[] = []) => ({
    schemaVersion: 2,
    kind: 'modelcrate.bundle',
    tool: { name: 'm', version: '1' },
    createdAt: '2000-01-01T00:00:00.000Z',
    metadata: { schemaVersion: 1, name: 'm', version: '1.0.0' },
    model: { path: 'model/m.onnx', externalData: [] },
    signature: { inputs: [], outputs: [] },
    files: ['model/m.onnx', 'samples/a.json', ...extraFiles].map((path) => ({ path, sha256: '0'.repeat(64), size: 1 })),
    samples,
    runtime: { onnxruntime: '1.20.0' },
  });
  const npy = (path: string) => ({ path, format: 'npy', role: 'input', tensor: 'x' });

  it('reads a json-index entry whose .npy files are its own and listed', () => {
    const m = parseManifest(
      base(
        [{ name: 'a', path: 'samples/a.json', format: 'json-index', files: [npy('samples/a/input-0.npy')], summarized: [] }],
        ['samples/a/input-0.npy'],
      ),
      'b',
    );
    expect(m.samples[0]!.files).toHaveLength(1);
  });

  it("refuses a .npy file outside the sample's folder, an unlisted one, or a missing format", () => {
    expect(() =>
      parseManifest(
        base(
          [{ name: 'a', path: 'samples/a.json', format: 'json-index', files: [npy('samples/b/input-0.npy')] }],
          ['samples/b/input-0.npy'],
        ),
        'b',
      ),
    ).toThrow(/a \.npy file under samples\/a\//);
    expect(() =>
      parseManifest(base([{ name: 'a', path: 'samples/a.json', format: 'json-index', files: [npy('samples/a/input-0.npy')] }]), 'b'),
    ).toThrow(/"samples\/a\/input-0\.npy" is not among the files/);
    expect(() =>
      parseManifest(base([{ name: 'a', path: 'samples/a.json', format: 'json-index', files: [npy('samples/a/../../x.npy')] }]), 'b'),
    ).toThrow(/BUNDLE_INVALID|a relative path inside the bundle/);
    expect(() => parseManifest(base([{ name: 'a', path: 'samples/a.json' }]), 'b')).toThrow(/invalid field "samples\.0\.format"/);
  });
});
