// .npy reader/writer against numpy: files np.save / write_array wrote are read to the same bytes,
// files we write are read back by np.load to the same bytes, and what we must refuse is refused.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { parseNpy, writeNpy } from '../../../shared/npy';
import { tensorBytes } from '../../../shared/tensor-buffers';
import type { Tensor } from '../../../shared/tensors';
import { describeWithPython, runPython } from '../../fixtures/python';
import { suiteDir } from '../../fixtures/tmp';
import { expectAppError } from '../../fixtures/expect-error';

interface PyArray {
  descr: string;
  shape: number[];
  hex?: string;
  strings?: string[];
}
interface Case extends PyArray {
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
};

const hex = (t: Tensor) => Buffer.from(tensorBytes(t)).toString('hex');

function expectSame(t: Tensor, py: PyArray, label: string): void {
  expect(t.shape, label).toEqual(py.shape);
  if (py.strings) {
    expect(t.type, label).toBe('string');
    expect(t.data, label).toEqual(py.strings);
  } else {
    expect(t.type, label).toBe(TYPE_OF[py.descr]);
    expect(hex(t), label).toBe(py.hex);
  }
}

describeWithPython('.npy against numpy', () => {
  const dir = suiteDir('npy');
  let cases: Case[] = [];
  let bad: Record<string, string> = {};
  beforeAll(() => {
    cases = runPython<Case[]>('npy_cases.py', ['write', dir]);
    bad = Object.fromEntries(runPython<Case[]>('npy_cases.py', ['bad', dir]).map((c) => [c.name, c.file]));
  });
  const read = (name: string) => parseNpy(readFileSync(cases.find((c) => c.name === name)!.file), name);

  it('reads every dtype numpy writes, byte for byte', () => {
    expect(cases.length).toBeGreaterThanOrEqual(21);
    for (const c of cases) expectSame(parseNpy(readFileSync(c.file), c.file), c, c.name);
    const descrs = new Set(cases.map((c) => c.descr.replace(/\d+$/, (n) => (/^[<|][US]/.test(c.descr) ? '' : n))));
    expect(descrs).toEqual(new Set([...Object.keys(TYPE_OF), '<U', '|S']));
  });

  it('keeps int64 and uint64 exact beyond 2^53', () => {
    expect(Array.from(read('i8').data as BigInt64Array)).toEqual([
      0n,
      -1n,
      2n ** 53n + 1n,
      -(2n ** 63n),
      2n ** 63n - 1n,
      -(2n ** 53n) - 3n,
    ]);
    expect(Array.from(read('u8').data as BigUint64Array)).toEqual([0n, 1n, 2n ** 53n + 1n, 2n ** 64n - 1n]);
    expect(read('scalar_i8')).toEqual({ type: 'int64', shape: [], data: new BigInt64Array([2n ** 62n + 7n]) });
  });

  it('reads 0-d, empty, v2 and v3 files', () => {
    expect(read('scalar')).toEqual({ type: 'float32', shape: [], data: new Float32Array([3.5]) });
    expect(read('empty')).toEqual({ type: 'float32', shape: [0, 3], data: new Float32Array(0) });
    expect(read('empty_str')).toEqual({ type: 'string', shape: [0], data: [] });
    expect(Array.from(read('v2').data as BigInt64Array)).toEqual(Array.from({ length: 12 }, (_, i) => BigInt(i - 6)));
    expect(read('v3').data).toEqual(['ünï', 'code']);
  });

  it('writes files numpy reads back to the same values (every dtype, strings, 0-d, empty)', () => {
    const files = cases.map((c) => {
      const path = join(dir, `ours-${c.name}.npy`);
      writeFileSync(path, writeNpy(parseNpy(readFileSync(c.file))));
      return path;
    });
    const back = runPython<Array<PyArray & { file: string; version: number[] }>>('npy_cases.py', ['read', ...files]);
    back.forEach((b, i) => {
      const c = cases[i]!;
      // numpy reads our bytes strings back as unicode: same text, '<U' dtype.
      expectSame(parseNpy(readFileSync(c.file)), { ...b, descr: c.descr }, `ours-${c.name}`);
      expect(b.version).toEqual([1, 0]);
      // Strings are written as wide as the longest one ('<U1' at least), as np.array(list) would.
      if (!b.strings) expect(b.descr, c.name).toBe(c.descr);
      else expect(b.descr, c.name).toBe(`<U${Math.max(1, ...b.strings.map((x) => [...x].length))}`);
    });
  });

  it('refuses Fortran order, big-endian, pickles and types ORT cannot take, saying what to do', () => {
    const err = (name: string) => expectAppError(() => parseNpy(readFileSync(bad[name]!), `${name}.npy`));
    expect(err('fortran')).toMatchObject({ code: 'INVALID_TENSOR', message: expect.stringContaining('Fortran-order') });
    expect(err('fortran').hint).toContain('np.ascontiguousarray');
    expect(err('big_endian')).toMatchObject({ code: 'INVALID_TENSOR', message: expect.stringContaining('big-endian') });
    expect(err('object')).toMatchObject({ code: 'INVALID_TENSOR', message: expect.stringContaining('pickles are never loaded') });
    expect(err('complex')).toMatchObject({ code: 'UNSUPPORTED_TYPE', message: expect.stringContaining("'<c8' (complex64)") });
    expect(err('structured')).toMatchObject({ code: 'UNSUPPORTED_TYPE', message: expect.stringContaining('structured') });
    expect(err('datetime').code).toBe('UNSUPPORTED_TYPE');
  });

  it('refuses truncated and foreign files as INVALID_TENSOR naming the file', () => {
    const f4 = readFileSync(cases.find((c) => c.name === 'f4')!.file);
    expect(expectAppError(() => parseNpy(f4.subarray(0, f4.length - 1), 'x.npy'))).toMatchObject({
      code: 'INVALID_TENSOR',
      message: expect.stringMatching(/^x\.npy: is truncated/),
    });
    expect(expectAppError(() => parseNpy(f4.subarray(0, 40), 'x.npy')).message).toContain('truncated');
    expect(expectAppError(() => parseNpy(new TextEncoder().encode('{"shape":[1]}'), 'y.npy')).message).toContain('not a NumPy .npy file');
  });
});
