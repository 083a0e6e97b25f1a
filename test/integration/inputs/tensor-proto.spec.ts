// TensorProto files and ONNX test-data folders written by the python onnx package, read by our
// pure-TS reader and compared with onnx.numpy_helper.to_array on the same bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { ValueInfo } from '../../../shared/model-summary';
import { tensorBytes } from '../../../shared/tensor-buffers';
import { parseTensorProto } from '../../../shared/tensor-proto';
import type { Tensor } from '../../../shared/tensors';
import { findTestDataSets, readTestDataDir } from '../../../core/inputs/test-data-dir';
import { varintBytes } from '../../fixtures/protobuf';
import { describeWithPython, runPython } from '../../fixtures/python';
import { suiteDir } from '../../fixtures/tmp';

interface Expected {
  tensorName: string;
  descr: string;
  shape: number[];
  hex?: string;
  strings?: string[];
}
interface Case extends Partial<Expected> {
  name: string;
  file: string;
}

const TYPE_OF: Record<string, string> = {
  '<f4': 'float32',
  '<f8': 'float64',
  '<f2': 'float16',
  '|i1': 'int8',
  '<i2': 'int16',
  '<i4': 'int32',
  '<i8': 'int64',
  '|u1': 'uint8',
  '<u2': 'uint16',
  '<u4': 'uint32',
  '<u8': 'uint64',
  '|b1': 'bool',
  '|O': 'string',
};

function expectSame(t: Tensor, e: Expected, label: string): void {
  expect(t.shape, label).toEqual(e.shape);
  expect(t.type, label).toBe(TYPE_OF[e.descr]);
  if (e.strings) expect(t.data, label).toEqual(e.strings);
  else expect(Buffer.from(tensorBytes(t)).toString('hex'), label).toBe(e.hex);
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const vi = (name: string, elemType: string, shape: Array<number | string | null>): ValueInfo => ({
  name,
  type: { kind: 'tensor', elemType: elemType as 'float32', shape, text: `${elemType}[${shape.join(',')}]` },
});
const SIG = [vi('image', 'float32', ['N', 3, 4, 4]), vi('ids', 'int64', ['N', 'L']), vi('mask', 'bool', ['N', 'L'])];

describeWithPython('TensorProto files against onnx.numpy_helper', () => {
  const dir = suiteDir('tproto');
  let cases: Case[] = [];
  let sets: Record<string, Record<string, Expected>> = {};
  beforeAll(() => {
    cases = runPython<Case[]>('tensor_proto_cases.py', ['protos', dir]);
    sets = runPython('tensor_proto_cases.py', ['testdata', dir]);
  });
  const file = (name: string) => readFileSync(cases.find((c) => c.name === name)!.file);

  it('reads raw_data and every typed field (int32_data packing int8/uint8/bool/float16) like to_array', () => {
    const checked = cases.filter((c) => c.descr);
    expect(checked.length).toBe(29);
    for (const c of checked) {
      const { name, tensor } = parseTensorProto(readFileSync(c.file), c.file);
      expect(name, c.name).toBe(c.tensorName);
      expectSame(tensor, c as Expected, c.name);
    }
  });

  it('keeps int64 / uint64 exact beyond 2^53 from int64_data and uint64_data', () => {
    const i64 = parseTensorProto(file('int64.typed')).tensor.data;
    expect(Array.from(i64 as BigInt64Array)).toEqual([0n, -1n, 2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n, -(2n ** 53n) - 3n]);
    expect(Array.from(parseTensorProto(file('uint64.typed')).tensor.data as BigUint64Array)).toEqual([
      0n,
      1n,
      2n ** 53n + 1n,
      2n ** 64n - 1n,
    ]);
  });

  it('refuses types ORT cannot take, external data, truncation and foreign bytes', () => {
    const err = (name: string) => {
      try {
        parseTensorProto(file(name), `${name}.pb`);
      } catch (e) {
        return e as AppError;
      }
      throw new Error('no error');
    };
    expect(err('bfloat16')).toMatchObject({ code: 'UNSUPPORTED_TYPE', message: expect.stringContaining('bfloat16') });
    expect(err('complex64')).toMatchObject({ code: 'UNSUPPORTED_TYPE', message: expect.stringContaining('complex64') });
    expect(err('external')).toMatchObject({ code: 'INVALID_TENSOR', message: expect.stringContaining('external file') });
    const f4 = file('float32.raw');
    expect(() => parseTensorProto(f4.subarray(0, f4.length - 3), 'cut.pb')).toThrow(/^cut\.pb: is truncated/);
    expect(() => parseTensorProto(new TextEncoder().encode('{"not": "a tensor"}'), 'j.pb')).toThrow(AppError);
    // Dims that do not match the values.
    const bytes = Uint8Array.from(f4);
    const at = bytes.indexOf(0x08); // first dims varint (tag 0x08): 2 → 3
    bytes[at + 1] = 3;
    expect(() => parseTensorProto(bytes, 'dims.pb')).toThrow(/raw_data but float32 dims \[3, 3\] need 36/);
  });

  it('matches named files to graph inputs by name, whatever their order, and reads expected outputs', async () => {
    expect(await findTestDataSets(join(dir, 'named'))).toEqual([join(dir, 'named', 'test_data_set_0')]);
    const set = await readTestDataDir(join(dir, 'named'), { inputs: SIG, outputs: [vi('logits', 'float32', ['N', 10])] });
    const exp = sets['named']!;
    const at = (k: string) => exp[join(dir, 'named', 'test_data_set_0', k)]!;
    expectSame(set.inputs['mask']!, at('input_0.pb'), 'mask');
    expectSame(set.inputs['image']!, at('input_1.pb'), 'image');
    expectSame(set.inputs['ids']!, at('input_2.pb'), 'ids');
    expect(Object.keys(set.inputs)).toEqual(['mask', 'image', 'ids']);
    expectSame(set.outputs['logits']!, at('output_0.pb'), 'logits');
    expect(set.files['image']).toBe(join(dir, 'named', 'test_data_set_0', 'input_1.pb'));
  });

  it('falls back to graph-input order for unnamed or foreign-named files, sorting input_10 after input_9', async () => {
    const set = await readTestDataDir(join(dir, 'unnamed'), { inputs: SIG });
    const exp = sets['unnamed']!;
    ['image', 'ids', 'mask'].forEach((n, i) => expectSame(set.inputs[n]!, exp[join(dir, 'unnamed', `input_${i}.pb`)]!, n));
    const eleven = await readTestDataDir(join(dir, 'eleven'), { inputs: Array.from({ length: 11 }, (_, i) => vi(`in${i}`, 'int32', [1])) });
    for (let i = 0; i < 11; i++) expect(Array.from(eleven.inputs[`in${i}`]!.data as Int32Array)).toEqual([i]);
  });

  it('names the folder and says what is wrong for extra files, gaps and non-test-data folders', async () => {
    const extra = await rejection(readTestDataDir(join(dir, 'extra'), { inputs: SIG }));
    expect(extra.message).toContain('has 4 input files but the model has 3 inputs ("image", "ids", "mask")');
    expect((await rejection(readTestDataDir(join(dir, 'gap'), { inputs: SIG }))).message).toContain('has input_1.pb but no input_0.pb');
    const notData = await rejection(findTestDataSets(dir));
    expect(notData).toMatchObject({ code: 'INVALID_TENSOR', message: expect.stringContaining('not an ONNX test-data folder') });
    writeFileSync(join(dir, 'unnamed', 'input_3.pb'), 'garbage');
    expect((await rejection(readTestDataDir(join(dir, 'unnamed'), { inputs: [...SIG, vi('z', 'float32', [1])] }))).message).toContain(
      join(dir, 'unnamed', 'input_3.pb'),
    );
  });
});

// Hand-made encodings python's writer never produces (it always packs): unpacked repeated fields,
// packed runs split in two, fields out of order. python's parser must agree with ours on them.
const varint = (v: bigint): number[] => [...varintBytes(v)];
const key = (field: number, wt: number) => varint(BigInt((field << 3) | wt));
const f32 = (v: number) => [...new Uint8Array(new Float32Array([v]).buffer)];
const f64 = (v: number) => [...new Uint8Array(new Float64Array([v]).buffer)];
const packed = (field: number, body: number[]) => [...key(field, 2), ...varint(BigInt(body.length)), ...body];
const str = (field: number, s: string) => packed(field, [...new TextEncoder().encode(s)]);

const HAND_MADE: Record<string, number[]> = {
  'float unpacked, name first': [...str(8, 'x'), ...key(1, 0), 2, ...key(4, 5), ...f32(1.5), ...key(4, 5), ...f32(-0.25), ...key(2, 0), 1],
  'double packed in two runs': [
    ...key(2, 0),
    11,
    ...packed(1, [3]),
    ...packed(10, [...f64(1e-300)]),
    ...packed(10, [...f64(2), ...f64(Math.PI)]),
  ],
  'int64 unpacked negative': [
    ...key(2, 0),
    7,
    ...key(1, 0),
    3,
    ...[-1n, -(2n ** 63n), 2n ** 60n].flatMap((v) => [...key(7, 0), ...varint(v)]),
  ],
  'int8 as int32_data, negative 10-byte varints': [...key(1, 0), 2, ...key(2, 0), 3, ...packed(5, [...varint(-128n), ...varint(127n)])],
  'uint64 unpacked, dims packed': [...packed(1, [1, 2]), ...key(2, 0), 13, ...key(11, 0), ...varint(2n ** 64n - 2n), ...key(11, 0), 5],
  'string with unknown field 12 (doc_string)': [...key(2, 0), 8, ...key(1, 0), 2, ...str(12, 'doc'), ...str(6, 'é'), ...str(6, '')],
};

describeWithPython('TensorProto encodings python never writes', () => {
  const dir = suiteDir('tproto-hand');
  it('decode to what onnx parses from the same bytes', () => {
    const names = Object.keys(HAND_MADE);
    const paths = names.map((n, i) => {
      const p = join(dir, `${i}.pb`);
      writeFileSync(p, Uint8Array.from(HAND_MADE[n]!));
      return p;
    });
    const expected = runPython<Expected[]>('tensor_proto_cases.py', ['decode', ...paths]);
    names.forEach((n, i) => {
      const { name, tensor } = parseTensorProto(readFileSync(paths[i]!), n);
      expect(name, n).toBe(expected[i]!.tensorName);
      expectSame(tensor, expected[i]!, n);
    });
  });
});
