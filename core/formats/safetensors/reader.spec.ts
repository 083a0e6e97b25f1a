// The safetensors reader against files laid out as the reference serializer writes them, a sparse
// 1 GiB checkpoint, and hostile headers: every refusal is an AppError, and one bad tensor is a note.
import { closeSync, ftruncateSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { MAX_FOREIGN_TENSORS } from '../../../shared/formats/types';
import {
  rawSafetensors,
  safetensorsBytes,
  writeSafetensors,
  writeSparseSafetensors,
  type SafetensorsTensor,
} from '../../../test/fixtures/safetensors-writer';
import { countedSource as counted } from '../../../test/fixtures/counted-source';
import { suiteDir } from '../../../test/fixtures/tmp';
import { openFileSource } from '../../onnx/file-source';
import { previewForeignTensor } from '../tensor-preview';
import { MAX_SAFETENSORS_HEADER } from './header';
import { readSafetensors } from './reader';

const dir = suiteDir('safetensors');
let n = 0;

function file(bytes: Buffer): string {
  const p = join(dir, `f${n++}.safetensors`);
  writeFileSync(p, bytes);
  return p;
}

async function read(path: string) {
  const src = openFileSource(path);
  try {
    return await readSafetensors(src);
  } finally {
    src.close();
  }
}

async function refusal(bytes: Buffer | string): Promise<AppError> {
  const p = typeof bytes === 'string' ? bytes : file(bytes);
  const err = await read(p).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const tensors: SafetensorsTensor[] = [
  { name: 'f32', dtype: 'F32', shape: [2, 3], data: [0.5, -1.25, 3, 4e-3, 1e30, -0] },
  { name: 'f16', dtype: 'F16', shape: [4], data: [1, -2.5, 65504, 0.000060975551605224609] },
  { name: 'bf16', dtype: 'BF16', shape: [2, 2], data: [1, -2, 3.140625, 1e38] },
  { name: 'f64', dtype: 'F64', shape: [2], data: [Math.PI, -1e-300] },
  { name: 'i8', dtype: 'I8', shape: [3], data: [-128, 0, 127] },
  { name: 'u8', dtype: 'U8', shape: [3], data: [0, 1, 255] },
  { name: 'i16', dtype: 'I16', shape: [2], data: [-32768, 32767] },
  { name: 'u16', dtype: 'U16', shape: [2], data: [0, 65535] },
  { name: 'i32', dtype: 'I32', shape: [2], data: [-(2 ** 31), 2 ** 31 - 1] },
  { name: 'u32', dtype: 'U32', shape: [1], data: [2 ** 32 - 1] },
  { name: 'i64', dtype: 'I64', shape: [2], data: [-(2 ** 53) + 1, 2 ** 40] },
  { name: 'u64', dtype: 'U64', shape: [1], data: [2 ** 52] },
  { name: 'bool', dtype: 'BOOL', shape: [3], data: [1, 0, 1] },
  { name: 'scalar', dtype: 'F32', shape: [], data: [7] },
  { name: 'empty', dtype: 'F32', shape: [0, 4] },
];

describe('a file laid out as safetensors writes it', () => {
  const path = writeSafetensors(join(dir, 'all.safetensors'), tensors, { format: 'pt', note: 'made by a test' });
  const raw = safetensorsBytes(tensors, { format: 'pt', note: 'made by a test' });
  const headerLength = Number(raw.readBigUInt64LE(0));
  const header = JSON.parse(raw.subarray(8, 8 + headerLength).toString()) as Record<string, { data_offsets: [number, number] }>;

  it('lists every tensor with its dtype, shape, size and absolute offset, in file order', async () => {
    const m = await read(path);
    expect(m.format).toBe('safetensors');
    expect(m.tensorCount).toBe(tensors.length);
    for (const t of tensors) {
      const got = m.tensors.find((x) => x.name === t.name)!;
      const [begin, end] = header[t.name]!.data_offsets;
      expect(got).toEqual({ name: t.name, dtype: t.dtype, shape: t.shape, bytes: end - begin, offset: 8 + headerLength + begin });
    }
    const offsets = m.tensors.map((t) => t.offset!);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(m.notes).toEqual([]);
    expect(m.scan).toBeNull();
  });

  it('gives __metadata__, totals, the Dtypes table and the one-line description', async () => {
    const m = await read(path);
    expect(m.metadata).toEqual({ format: 'pt', note: 'made by a test' });
    const params = tensors.reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1), 0);
    expect(m.parameters).toBe(params);
    expect(m.tensorBytes).toBe(raw.length - 8 - headerLength);
    const dtypes = m.sections.find((s) => s.title === 'Dtypes')!;
    expect(dtypes.columns).toEqual(['dtype', 'tensors', 'bytes']);
    expect(dtypes.rows.find((r) => r[0] === 'F32')).toEqual(['F32', '3', '28 B']);
    expect(m.what).toBe(`safetensors weights (no graph): 15 tensors, ${m.tensorBytes} B, ${params} parameters, F32 + F64 + I64 + …`);
  });

  it('previews the values that were written, for every plain dtype', async () => {
    const src = openFileSource(path);
    try {
      const m = await readSafetensors(src);
      for (const t of tensors.filter((x) => x.data)) {
        const p = previewForeignTensor(
          src,
          m.tensors.find((x) => x.name === t.name)!,
          100,
        );
        const expected = Array.from(t.data as ArrayLike<number>);
        if (t.dtype === 'F32') expected.forEach((v, i) => (expected[i] = Math.fround(v)));
        if (t.dtype === 'BF16') expected[3] = 9.969209968386869e37; // 1e38 rounded to 8 bits of mantissa
        expect(p.values, t.name).toEqual(expected);
        expect(p.shown).toBe(expected.length);
      }
      const f32 = previewForeignTensor(
        src,
        m.tensors.find((x) => x.name === 'f32')!,
        2,
      );
      expect(f32).toEqual({ values: [0.5, -1.25], shown: 2, total: 6, stats: { min: -1.25, max: 0.5, mean: -0.375 } });
    } finally {
      src.close();
    }
  });

  it('writes the bytes the reference serializer writes (its own test vector)', () => {
    // safetensors/src/tensor.rs, test_serialization: {"attn.0": F32 [1, 2, 3] = 0..5}.
    const out = safetensorsBytes([{ name: 'attn.0', dtype: 'F32', shape: [1, 2, 3], data: [0, 1, 2, 3, 4, 5] }]);
    const header = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
    expect(out.readBigUInt64LE(0)).toBe(64n);
    expect(out.subarray(8, 72).toString()).toBe(header.padEnd(64, ' '));
    expect(out.subarray(72)).toEqual(Buffer.from(new Float32Array([0, 1, 2, 3, 4, 5]).buffer));
  });
});

describe('a sparse 1 GiB checkpoint', () => {
  const sparse = writeSparseSafetensors(join(dir, 'big.safetensors'));

  it('is read from its header alone, in well under a second', async () => {
    const src = counted(sparse.path);
    const t0 = performance.now();
    const m = await readSafetensors(src);
    const ms = performance.now() - t0;
    src.close();
    expect(m.tensorCount).toBe(sparse.tensors.length);
    expect(m.tensorBytes).toBe(sparse.dataBytes);
    expect(m.tensorBytes).toBeGreaterThanOrEqual(2 ** 30);
    expect(m.notes).toEqual([]);
    expect(m.what).toMatch(/^safetensors weights \(no graph\): \d+ tensors, 1\.1 GB, \d+M parameters, BF16$/);
    expect(src.bytesRead).toBe(8 + sparse.headerLength);
    expect(ms).toBeLessThan(1000);
  });

  it('previews a tensor in the hole as zeros, reading only what is shown', async () => {
    const src = counted(sparse.path);
    const m = await readSafetensors(src);
    const before = src.bytesRead;
    const embed = m.tensors.find((t) => t.name === 'model.embed_tokens.weight')!;
    const p = previewForeignTensor(src, embed, 10);
    src.close();
    expect(p).toMatchObject({ values: Array(10).fill(0), shown: 10, total: 32000 * 2048 });
    expect(src.bytesRead - before).toBe(20);
  });
});

describe('hostile or broken files', () => {
  it('refuses a file shorter than the length prefix', async () => {
    const e = await refusal(Buffer.from([1, 2, 3]));
    expect(e.code).toBe('TRUNCATED');
    expect(e.message).toMatch(/3 bytes: too short/);
  });

  it('refuses a header length beyond the file at once (also 2^64 − 1)', async () => {
    for (const declared of [1000n, 2n ** 64n - 1n]) {
      const e = await refusal(rawSafetensors('{"a":1}', Buffer.alloc(0), declared));
      expect(e.code).toBe('TRUNCATED');
      expect(e.message).toContain(`declares a ${declared}-byte safetensors header`);
    }
  });

  it('refuses a header over 100,000,000 bytes without reading it', async () => {
    const p = join(dir, 'huge-header.safetensors');
    const fd = openSync(p, 'w');
    const prefix = Buffer.alloc(8);
    prefix.writeBigUInt64LE(BigInt(MAX_SAFETENSORS_HEADER + 1));
    writeSync(fd, prefix);
    ftruncateSync(fd, MAX_SAFETENSORS_HEADER + 100);
    closeSync(fd);
    const e = await refusal(p);
    expect(e.code).toBe('TOO_LARGE');
    expect(e.hint).toMatch(/not a safetensors file/);
  });

  it('refuses a header cut short by the end of the file', async () => {
    const whole = safetensorsBytes(tensors);
    const e = await refusal(whole.subarray(0, 40));
    expect(e.code).toBe('TRUNCATED');
  });

  it('refuses a header that is not JSON, not UTF-8, or not an object', async () => {
    expect((await refusal(rawSafetensors('{"a": {"dtype": "F32",'))).code).toBe('MALFORMED');
    expect((await refusal(rawSafetensors('{"a": {"dtype": "F32",'))).message).toMatch(/not valid JSON/);
    expect((await refusal(rawSafetensors(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('latin1')))).code).toBe('MALFORMED');
    const notUtf8 = Buffer.concat([Buffer.from([4, 0, 0, 0, 0, 0, 0, 0]), Buffer.from([0x7b, 0xc3, 0x28, 0x7d])]);
    expect((await refusal(notUtf8)).message).toMatch(/not valid UTF-8/);
    expect((await refusal(rawSafetensors('[1, 2, 3]'))).message).toMatch(/not a JSON object/);
    expect((await refusal(rawSafetensors('null'))).code).toBe('MALFORMED');
  });

  it('notes tensors past the end of the data, overlapping, or of the wrong size, and still reads the rest', async () => {
    const data = Buffer.alloc(32);
    const header = {
      ok: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      overlap: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
      wrongsize: { dtype: 'F32', shape: [3], data_offsets: [12, 20] },
      outside: { dtype: 'F32', shape: [4], data_offsets: [24, 40] },
    };
    const m = await read(file(rawSafetensors(header, data)));
    expect(m.tensorCount).toBe(4);
    expect(m.notes).toContain('1 tensor(s) overlapping the tensor before it: overlap.');
    expect(m.notes).toContain('1 tensor(s) whose byte size is not shape × dtype size: wrongsize.');
    expect(m.notes).toContain('1 tensor(s) past the end of the file: outside.');
    expect(m.notes).toContain('4 byte(s) of the data region belong to no tensor.');
    expect(m.tensors.find((t) => t.name === 'ok')).toMatchObject({ bytes: 8, offset: 8 + JSON.stringify(header).length });
  });

  it('keeps an unreadable entry as a row without offsets, and notes it', async () => {
    const header = {
      good: { dtype: 'U8', shape: [4], data_offsets: [0, 4] },
      negative: { dtype: 'U8', shape: [-1], data_offsets: [4, 5] },
      nooffsets: { dtype: 'U8', shape: [1] },
      backwards: { dtype: 'U8', shape: [1], data_offsets: [5, 4] },
      notobject: 42,
      huge: { dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [4, 8] },
    };
    const m = await read(file(rawSafetensors(header, Buffer.alloc(8))));
    expect(m.tensorCount).toBe(6);
    expect(m.notes.find((x) => x.includes('unreadable entry'))).toMatch(/^4 tensor\(s\) with an unreadable entry/);
    expect(m.notes).toContain('1 tensor(s) whose shape has more elements than can be counted: huge.');
    expect(m.tensors.find((t) => t.name === 'nooffsets')).toEqual({ name: 'nooffsets', dtype: 'U8', shape: [1], bytes: null });
    expect(m.parameters).toBeNull();
  });

  it('notes an unknown dtype and does not size-check it', async () => {
    const m = await read(file(rawSafetensors({ x: { dtype: 'F7', shape: [3], data_offsets: [0, 3] } }, Buffer.alloc(3))));
    expect(m.notes).toEqual(['1 tensor(s) with a dtype this reader does not know (size not checked): x.']);
    expect(m.tensors[0]).toMatchObject({ dtype: 'F7', bytes: 3 });
  });

  it('keeps "__proto__" in __metadata__ as a plain key and shows non-string values as JSON', async () => {
    const m = await read(file(rawSafetensors('{"__metadata__":{"__proto__":{"polluted":"yes"},"n":5}}')));
    expect(Object.getPrototypeOf(m.metadata)).toBe(Object.prototype);
    expect(m.metadata.__proto__).toBe('{"polluted":"yes"}');
    expect(m.metadata.n).toBe('5');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it(`shows at most ${MAX_FOREIGN_TENSORS} rows and says how many there are`, async () => {
    const many: SafetensorsTensor[] = Array.from({ length: MAX_FOREIGN_TENSORS + 7 }, (_, i) => ({
      name: `t${i}`,
      dtype: 'U8',
      shape: [1],
    }));
    const m = await read(file(safetensorsBytes(many)));
    expect(m.tensors).toHaveLength(MAX_FOREIGN_TENSORS);
    expect(m.tensorCount).toBe(MAX_FOREIGN_TENSORS + 7);
    expect(m.notes).toContain(`The tensor table shows the first ${MAX_FOREIGN_TENSORS} of ${MAX_FOREIGN_TENSORS + 7} tensors.`);
  });

  it('never fails with anything but an AppError on random damage', async () => {
    const good = safetensorsBytes(tensors);
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const bad = Buffer.from(good);
      for (let k = 0; k < 1 + (i % 4); k++) bad[Math.floor(rand() * Math.min(bad.length, 8 + 200))] = Math.floor(rand() * 256);
      const cut = i % 3 === 0 ? bad.subarray(0, Math.floor(rand() * bad.length)) : bad;
      await read(file(cut)).catch((e: unknown) => expect(e).toBeInstanceOf(AppError));
    }
  });
});
