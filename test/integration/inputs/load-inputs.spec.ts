// loadInputs: every spec form against what numpy / onnx wrote. The same arrays go in as one JSON
// map, as name=file.npy, as name=file.pb and as a test-data folder, and must come out byte-equal
// to numpy's bytes; an image and generated inputs come out as numpy / generateInput compute them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { loadInputSet, loadInputs } from '../../../core/inputs/load-inputs';
import { AppError } from '../../../shared/errors';
import { generateInput } from '../../../shared/generate-inputs';
import type { ElemType, ValueInfo } from '../../../shared/model-summary';
import { inferPreprocessing } from '../../../shared/preprocessing';
import { tensorBytes } from '../../../shared/tensor-buffers';
import type { Tensor } from '../../../shared/tensors';
import { numpyPreprocess, testPixels } from '../../fixtures/pixels';
import { describeWithPython, runPython } from '../../fixtures/python';
import { suiteDir } from '../../fixtures/tmp';

interface Ref {
  descr: string;
  shape: number[];
  hex?: string;
  strings?: string[];
}

const vi = (name: string, elemType: ElemType, shape: Array<number | string | null>): ValueInfo => ({
  name,
  type: { kind: 'tensor', elemType, shape, text: `${elemType}[${shape.join(',')}]` },
});
const SIG = [
  vi('image', 'float32', ['N', 3, 8, 8]),
  vi('ids', 'int64', ['N', 'L']),
  vi('mask', 'bool', ['N', 'L']),
  vi('words', 'string', ['K']),
  vi('weights', 'float16', [2, 2]),
];
const OUTPUTS = [vi('scores', 'float32', ['N', 3])];

function same(t: Tensor | undefined, r: Ref, label: string): void {
  expect(t, label).toBeDefined();
  expect(t!.shape, label).toEqual(r.shape);
  if (r.strings) expect(t!.data, label).toEqual(r.strings);
  else expect(Buffer.from(tensorBytes(t!)).toString('hex'), label).toBe(r.hex);
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describeWithPython('loadInputs against numpy / onnx fixtures', () => {
  const dir = suiteDir('load');
  let ref: Record<string, Ref> = {};
  beforeAll(() => {
    ref = runPython('load_cases.py', [dir]);
  });
  const opts = () => ({ cwd: dir, outputs: OUTPUTS });

  it("a JSON map, name=file.npy, name=file.pb and name=file.json all give numpy's arrays", async () => {
    const names = SIG.map((s) => s.name);
    const fromJson = await loadInputs(['inputs.json'], SIG, opts());
    const fromNpy = await loadInputs(
      names.map((n) => `${n}=${n}.npy`),
      SIG,
      opts(),
    );
    const fromPb = await loadInputs(
      names.map((n) => `${n}=${join(dir, n)}.pb`),
      SIG,
    );
    const fromNamedJson = await loadInputs(
      names.map((n) => `${n}=inputs.json`),
      SIG,
      opts(),
    );
    for (const n of names) {
      same(fromJson[n], ref[n]!, `json ${n}`);
      same(fromNpy[n], ref[n]!, `npy ${n}`);
      same(fromPb[n], ref[n]!, `pb ${n}`);
      same(fromNamedJson[n], ref[n]!, `name=json ${n}`);
    }
    expect(Array.from(fromJson['ids']!.data as BigInt64Array)).toEqual([101n, 2n ** 60n + 3n, -(2n ** 62n), 7n]);
  });

  it('a test-data folder gives its inputs by name and its expected outputs, mixed with other specs', async () => {
    const set = await loadInputSet(['testdata', 'words=words.npy', 'weights=weights.pb'], SIG, opts());
    for (const n of SIG.map((s) => s.name)) same(set.inputs[n], ref[n]!, n);
    same(set.expectedOutputs['scores'], ref['scores']!, 'scores');
    expect(set.sources).toMatchObject({ image: 'testdata', ids: 'testdata', words: 'words=words.npy', weights: 'weights=weights.pb' });
  });

  it('an image goes through the default preprocessing for its input; generated inputs use the dims given', async () => {
    const px = testPixels(8, 8, 3, 9);
    writeFileSync(
      join(dir, 'pic.png'),
      await sharp(Buffer.from(px.data), { raw: { width: 8, height: 8, channels: 3 } })
        .png()
        .toBuffer(),
    );
    const got = await loadInputs(['image=pic.png', 'ids=random:3', 'mask=ones', 'words=zeros', 'weights=random'], SIG, {
      ...opts(),
      dims: { N: 1, L: 5 },
    });
    const spec = inferPreprocessing(SIG[0]!)!;
    const [img] = numpyPreprocess([{ px, spec }]);
    same(got['image'], img! as Ref, 'image');
    expect(got['ids']).toEqual(generateInput(SIG[1]!, { fill: 'random', seed: 3, dims: { N: 1, L: 5 } }));
    expect(got['mask']).toEqual({ type: 'bool', shape: [1, 5], data: new Uint8Array(5).fill(1) });
    expect(got['words']).toEqual({ type: 'string', shape: [1], data: [''] });
    expect(got['weights']).toEqual(generateInput(SIG[4]!, { fill: 'random', seed: 0 }));
    const wide = await loadInputs(['ids=zeros'], SIG, { dims: { L: 3 }, defaultDim: 2 });
    expect(wide['ids']!.shape).toEqual([2, 3]);
    // An explicit spec wins over the inferred one.
    const bgr = await loadInputs(['image=pic.png'], SIG, { cwd: dir, preprocessing: { image: { channelOrder: 'BGR', dtype: 'float32' } } });
    expect((bgr['image']!.data as Float32Array)[0]).toBe(px.data[2]);
  });

  it('names the failing spec and says what to do', async () => {
    const fail = (specs: string[], inputs = SIG) => rejection(loadInputs(specs, inputs, opts()));
    expect(await fail(['nope=zeros'])).toMatchObject({
      code: 'INPUT_UNKNOWN',
      message: 'In --inputs "nope=zeros": The model has no input named "nope"; its inputs are "image", "ids", "mask", "words", "weights".',
    });
    expect(await fail(['ids=ids.npy', 'inputs.json'])).toMatchObject({
      code: 'INVALID_REQUEST',
      message: 'Input "ids" is given twice: by "ids=ids.npy" and by "inputs.json".',
    });
    expect(await fail(['ids=missing.npy'])).toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: expect.stringContaining('In --inputs "ids=missing.npy": File not found'),
    });
    expect(await fail(['missing.json'])).toMatchObject({ code: 'FILE_NOT_FOUND' });
    expect(await fail(['ids=ids.csv'])).toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('"ids.csv" is neither'),
    });
    expect(await fail(['ids.npy'])).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('must be a .json file') });
    expect(await fail(['ids=pic.png'])).toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('"ids" is int64[N,L], which does not look like an image'),
    });
    expect(await fail(['ids=random:99999999999'])).toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('Seed 99999999999 is out of range'),
    });
    expect(await fail(['.'])).toMatchObject({ code: 'INVALID_TENSOR', message: expect.stringContaining('not an ONNX test-data folder') });
    writeFileSync(join(dir, 'bad.json'), '{"ids": {"shape": [1], "data": [1,]}');
    expect(await fail(['bad.json'])).toMatchObject({
      code: 'INVALID_TENSOR',
      message: expect.stringMatching(/^In --inputs "bad.json": .*bad\.json is not valid JSON/),
    });
    writeFileSync(join(dir, 'list.json'), '[1, 2]');
    expect((await fail(['list.json'])).message).toContain('must be an object of tensors');
    writeFileSync(join(dir, 'cut.npy'), Buffer.from('\x93NUMPY\x01\x00', 'latin1'));
    expect(await fail(['ids=cut.npy'])).toMatchObject({
      code: 'INVALID_TENSOR',
      message: expect.stringContaining(`In --inputs "ids=cut.npy": ${join(dir, 'cut.npy')}`),
    });
    expect(await fail(['b=zeros'], [vi('b', 'bfloat16', [1])])).toMatchObject({ code: 'UNSUPPORTED_TYPE' });
  });

  it('takes the longest input name when names contain "="', async () => {
    const sig = [vi('a', 'float32', [1]), vi('a=b', 'float32', [2])];
    const got = await loadInputs(['a=b=ones', 'a=zeros'], sig);
    expect(got).toEqual({
      'a=b': { type: 'float32', shape: [2], data: new Float32Array([1, 1]) },
      a: { type: 'float32', shape: [1], data: new Float32Array([0]) },
    });
  });
});
