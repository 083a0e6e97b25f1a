// The GGUF reader against files written per the spec (every value type, a 32k-token vocabulary,
// F32/F16/BF16/Q4_0/Q8_0/Q4_K tensors, v2 and v3, a sparse 1 GiB model) and hostile headers: huge
// counts and lengths fail at once with an AppError, never a big allocation.
import { closeSync, ftruncateSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError, type ErrorCode } from '../../../shared/errors';
import { halfToNumber } from '../../../shared/float16';
import {
  encodeGguf,
  ggufLayout,
  le,
  llamaKvs,
  writeSparseGguf,
  type GgufKv,
  type GgufSpec,
  type GgufTensor,
} from '../../../test/fixtures/gguf-writer';
import { countedSource as counted } from '../../../test/fixtures/counted-source';
import { suiteDir } from '../../../test/fixtures/tmp';
import { openFileSource } from '../../onnx/file-source';
import { previewForeignTensor } from '../tensor-preview';
import { readGguf } from './reader';

const dir = suiteDir('gguf');
let n = 0;

function file(bytes: Buffer): string {
  const p = join(dir, `f${n++}.gguf`);
  writeFileSync(p, bytes);
  return p;
}

async function read(path: string) {
  const src = openFileSource(path);
  try {
    return await readGguf(src);
  } finally {
    src.close();
  }
}

async function refusal(bytes: Buffer | string, code?: ErrorCode): Promise<AppError> {
  const p = typeof bytes === 'string' ? bytes : file(bytes);
  const t0 = performance.now();
  const err = await read(p).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect(performance.now() - t0, 'a hostile header must fail at once').toBeLessThan(250);
  if (code) expect((err as AppError).code, (err as AppError).message).toBe(code);
  return err as AppError;
}

const seq = (count: number, f: (i: number) => number) => Array.from({ length: count }, (_, i) => f(i));

const everyType: GgufKv[] = [
  { key: 'test.u8', type: 'u8', value: 200 },
  { key: 'test.i8', type: 'i8', value: -5 },
  { key: 'test.u16', type: 'u16', value: 65535 },
  { key: 'test.i16', type: 'i16', value: -300 },
  { key: 'test.u32', type: 'u32', value: 4_000_000_000 },
  { key: 'test.i32', type: 'i32', value: -2_000_000_000 },
  { key: 'test.f32', type: 'f32', value: 1e-5 },
  { key: 'test.bool', type: 'bool', value: true },
  { key: 'test.string', type: 'string', value: 'héllo' },
  { key: 'test.u64', type: 'u64', value: 2n ** 63n + 5n },
  { key: 'test.i64', type: 'i64', value: -(2n ** 62n) },
  { key: 'test.f64', type: 'f64', value: Math.PI },
  { key: 'test.array_u8', type: 'array', value: { itemType: 'u8', items: [1, 2, 3] } },
  { key: 'test.array_f32', type: 'array', value: { itemType: 'f32', items: seq(100, (i) => i / 4) } },
  { key: 'test.array_bool', type: 'array', value: { itemType: 'bool', items: [true, false] } },
  { key: 'test.array_i64', type: 'array', value: { itemType: 'i64', items: [-1n, 2n ** 40n] } },
  { key: 'test.array_empty', type: 'array', value: { itemType: 'string', items: [] } },
  {
    key: 'test.array_nested',
    type: 'array',
    value: {
      itemType: 'array',
      items: [
        { itemType: 'u16', items: [1, 2] },
        { itemType: 'string', items: ['a'] },
      ],
    },
  },
];

const tensors: GgufTensor[] = [
  { name: 'f32', type: 'F32', ne: [4, 3], data: seq(12, (i) => i / 8 - 0.5) },
  { name: 'f16', type: 'F16', ne: [8], data: [1, -2, 0.5, 65504, 0, -0.25, 3, 1024] },
  { name: 'bf16', type: 'BF16', ne: [4], data: [1, -2, 3.140625, 256] },
  { name: 'q4_0', type: 'Q4_0', ne: [64, 2], data: seq(128, (i) => Math.sin(i / 3)) },
  { name: 'q8_0', type: 'Q8_0', ne: [32], data: seq(32, (i) => Math.cos(i)) },
  { name: 'q4_k', type: 'Q4_K', ne: [256, 2], data: seq(512, (i) => Math.sin(i / 7) * 2 + 0.3) },
];

const spec: GgufSpec = { kvs: [...llamaKvs(2), ...everyType], tensors };

describe('a GGUF v3 file written per the spec', () => {
  const path = file(encodeGguf(spec));
  const layout = ggufLayout(spec);

  it('shows every key/value type, arrays as their first items, and file_type by name', async () => {
    const m = await read(path);
    expect(m.format).toBe('gguf');
    expect(m.metadata).toMatchObject({
      'gguf.version': '3',
      'general.architecture': 'llama',
      'general.file_type': 'Q4_K_M (15)',
      'llama.context_length': '4096',
      'tokenizer.ggml.model': 'llama',
      'tokenizer.ggml.tokens': '[32000 items: "<unk>", "<s>", "</s>", "tok3", "tok4", "tok5", "tok6", "tok7", …]',
      'tokenizer.ggml.scores': '[32000 items: 0, -1, -2, -3, -4, -5, -6, -7, …]',
      'test.u8': '200',
      'test.i8': '-5',
      'test.u16': '65535',
      'test.i16': '-300',
      'test.u32': '4000000000',
      'test.i32': '-2000000000',
      'test.f32': '0.00001',
      'test.bool': 'true',
      'test.string': 'héllo',
      'test.u64': '9223372036854775813',
      'test.i64': '-4611686018427387904',
      'test.f64': String(Math.PI),
      'test.array_u8': '[3 items: 1, 2, 3]',
      'test.array_f32': '[100 items: 0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, …]',
      'test.array_bool': '[2 items: true, false]',
      'test.array_i64': '[2 items: -1, 1099511627776]',
      'test.array_empty': '[0 items]',
      'test.array_nested': '[2 items: [2 items: 1, 2], [1 item: "a"]]',
    });
    const kv = m.sections.find((s) => s.title === 'Key/values')!;
    expect(kv.total).toBe(spec.kvs.length);
    expect(kv.rows).toContainEqual(['tokenizer.ggml.tokens', 'array[string]', m.metadata['tokenizer.ggml.tokens']]);
    expect(kv.rows).toContainEqual(['test.i64', 'i64', '-4611686018427387904']);
    expect(kv.rows).toContainEqual(['test.array_nested', 'array[array]', '[2 items: [2 items: 1, 2], [1 item: "a"]]']);
    expect(m.notes).toEqual([]);
  });

  it('lists the tensors with ggml type names, numpy-order shapes, sizes from the block table and absolute offsets', async () => {
    const m = await read(path);
    expect(m.tensorCount).toBe(tensors.length);
    expect(m.tensors).toEqual(
      layout.tensors.map((t) => ({
        name: t.name,
        dtype: t.type,
        shape: [...t.ne].reverse(),
        bytes: t.bytes,
        offset: layout.dataStart + t.offset,
      })),
    );
    // Block sizes from ggml: Q4_0 18 bytes per 32, Q8_0 34 per 32, Q4_K 144 per 256.
    expect(m.tensors.map((t) => t.bytes)).toEqual([48, 16, 8, 2 * 2 * 18, 34, 2 * 144]);
    expect(m.tensorBytes).toBe(48 + 16 + 8 + 72 + 34 + 288);
    expect(m.parameters).toBe(12 + 8 + 4 + 128 + 32 + 512);
    expect(m.what).toBe('GGUF model for llama.cpp: llama, 6 tensors, Q4_K_M, 466 B');
    const q = m.sections.find((s) => s.title === 'Quantization types')!;
    expect(q.columns).toEqual(['type', 'tensors', 'parameters', 'bytes', 'bits/weight']);
    expect(q.rows[0]).toEqual(['Q4_K', '1', '512', '288 B', '4.50']);
    expect(q.rows).toContainEqual(['Q4_0', '1', '128', '72 B', '4.50']);
    expect(q.rows).toContainEqual(['Q8_0', '1', '32', '34 B', '8.50']);
  });

  it('previews F32, F16 and BF16 values as written, and says quantized values are not previewed', async () => {
    const src = openFileSource(path);
    try {
      const m = await readGguf(src);
      const byName = (name: string) => m.tensors.find((t) => t.name === name)!;
      expect(previewForeignTensor(src, byName('f32'), 100).values).toEqual(tensors[0]!.data);
      expect(previewForeignTensor(src, byName('f16'), 100).values).toEqual(tensors[1]!.data);
      expect(previewForeignTensor(src, byName('bf16'), 3)).toEqual({
        values: [1, -2, 3.140625],
        shown: 3,
        total: 4,
        stats: { min: -2, max: 3.140625, mean: 2.140625 / 3 },
      });
      expect(previewForeignTensor(src, byName('q4_k'), 10)).toEqual({
        values: [],
        shown: 0,
        total: 512,
        note: 'values are quantized (Q4_K); not previewed',
      });
    } finally {
      src.close();
    }
  });

  it("writes quantized blocks that decode per ggml's layouts (the fixture follows the spec)", () => {
    const bytes = encodeGguf(spec);
    const at = (name: string) => layout.dataStart + layout.tensors.find((t) => t.name === name)!.offset;
    // Q4_0 (dequantize_row_q4_0): y[j] = (lo nibble − 8)·d, y[j+16] = (hi nibble − 8)·d; within d (7·d clips the far side).
    const x0 = tensors[3]!.data!;
    for (let b = 0; b < 4; b++) {
      const o = at('q4_0') + b * 18;
      const d = halfToNumber(bytes.readUInt16LE(o));
      for (let j = 0; j < 16; j++) {
        const q = bytes[o + 2 + j]!;
        expect(Math.abs(((q & 15) - 8) * d - x0[b * 32 + j]!)).toBeLessThanOrEqual(Math.abs(d) * 1.0001);
        expect(Math.abs(((q >> 4) - 8) * d - x0[b * 32 + 16 + j]!)).toBeLessThanOrEqual(Math.abs(d) * 1.0001);
      }
    }
    // Q4_K (dequantize_row_q4_K with get_scale_min_k4): y = d·sc·q − dmin·m per 32-value sub-block.
    const xk = tensors[5]!.data!;
    for (let b = 0; b < 2; b++) {
      const o = at('q4_k') + b * 144;
      const d = halfToNumber(bytes.readUInt16LE(o));
      const dmin = halfToNumber(bytes.readUInt16LE(o + 2));
      const s = bytes.subarray(o + 4, o + 16);
      const scaleMin = (j: number) =>
        j < 4 ? [s[j]! & 63, s[j + 4]! & 63] : [(s[j + 4]! & 0xf) | ((s[j - 4]! >> 6) << 4), (s[j + 4]! >> 4) | ((s[j]! >> 6) << 4)];
      let worst = 0;
      for (let c = 0; c < 4; c++) {
        const [sc1, m1] = scaleMin(2 * c);
        const [sc2, m2] = scaleMin(2 * c + 1);
        for (let l = 0; l < 32; l++) {
          const q = bytes[o + 16 + c * 32 + l]!;
          worst = Math.max(worst, Math.abs(d * sc1! * (q & 15) - dmin * m1! - xk[b * 256 + c * 64 + l]!));
          worst = Math.max(worst, Math.abs(d * sc2! * (q >> 4) - dmin * m2! - xk[b * 256 + c * 64 + 32 + l]!));
        }
      }
      expect(worst).toBeLessThan(0.2); // values span [−1.7, 2.3]: 4 bits give steps of about 0.27
    }
  });
});

describe('layout variants', () => {
  it('reads a version 2 file (same layout) the same way', async () => {
    const v3 = await read(file(encodeGguf(spec)));
    const v2 = await read(file(encodeGguf({ ...spec, version: 2 })));
    expect(v2.metadata['gguf.version']).toBe('2');
    expect(v2.tensors).toEqual(v3.tensors);
  });

  it('places the data at general.alignment', async () => {
    const s: GgufSpec = { ...spec, alignment: 64 };
    const m = await read(file(encodeGguf(s)));
    expect(m.metadata['general.alignment']).toBe('64');
    for (const t of m.tensors) expect(t.offset! % 64).toBe(0);
    const layout = ggufLayout(s);
    expect(m.tensors.map((t) => t.offset)).toEqual(layout.tensors.map((t) => layout.dataStart + t.offset));
  });

  it('reads a sparse 1 GiB model from its header (the 32k-token vocabulary skipped, not kept)', async () => {
    const sparse = writeSparseGguf(join(dir, 'big.gguf'));
    const src = counted(sparse.path);
    const t0 = performance.now();
    const m = await readGguf(src);
    const ms = performance.now() - t0;
    src.close();
    expect(m.tensorCount).toBe(sparse.tensors.length);
    expect(m.tensorBytes).toBe(sparse.tensors.reduce((a, t) => a + t.bytes, 0));
    expect(m.tensorBytes).toBeGreaterThanOrEqual(2 ** 30);
    expect(m.what).toBe(`GGUF model for llama.cpp: llama, ${sparse.tensors.length} tensors, Q4_K_M, 1.1 GB`);
    expect(m.notes).toEqual([]);
    expect(src.bytesRead).toBeLessThanOrEqual(sparse.header.length + (1 << 20));
    expect(ms).toBeLessThan(1000);
  });
});

/** A v3 header with raw counts, followed by `rest`. */
function header(tensorCount: number | bigint, kvCount: number | bigint, ...rest: Buffer[]): Buffer {
  return Buffer.concat([Buffer.from('GGUF'), le.u32(3), le.u64(tensorCount), le.u64(kvCount), ...rest]);
}
const kv = (key: string, type: number, ...value: Buffer[]) => Buffer.concat([le.str(key), le.u32(type), ...value]);
const info = (name: string, ne: (number | bigint)[], type: number, offset: number | bigint) =>
  Buffer.concat([le.str(name), le.u32(ne.length), ...ne.map((d) => le.u64(d)), le.u32(type), le.u64(offset)]);
const pad = (b: Buffer, data = 0) => Buffer.concat([b, Buffer.alloc((32 - (b.length % 32)) % 32), Buffer.alloc(data)]);

describe('hostile or broken headers', () => {
  it('refuses a file that is not GGUF, GGUF v1, a big-endian GGUF and an unknown version', async () => {
    expect((await refusal(Buffer.from('GGML....'), 'MALFORMED')).message).toMatch(/not a GGUF file/);
    expect((await refusal(Buffer.from('GG'), 'MALFORMED')).message).toMatch(/not a GGUF file/);
    const withVersion = (v: Buffer) => Buffer.concat([Buffer.from('GGUF'), v, Buffer.alloc(16)]);
    expect((await refusal(withVersion(le.u32(1)), 'NOT_SUPPORTED')).message).toMatch(/version 1/);
    const be = Buffer.alloc(4);
    be.writeUInt32BE(3);
    const e = await refusal(withVersion(be), 'NOT_SUPPORTED');
    expect(e.message).toMatch(/big-endian GGUF file \(version 3\)/);
    expect(e.hint).toMatch(/little-endian/);
    expect((await refusal(withVersion(le.u32(4)), 'NOT_SUPPORTED')).message).toMatch(/version 4/);
  });

  it('refuses tensor and key/value counts the file cannot hold, before reading them', async () => {
    expect((await refusal(header(2n ** 63n, 0), 'MALFORMED')).message).toMatch(/declares 9223372036854775808 tensors/);
    expect((await refusal(header(0, 2n ** 64n - 1n), 'MALFORMED')).message).toMatch(/key\/values/);
    expect((await refusal(header(1000, 0, Buffer.alloc(100)), 'MALFORMED')).code).toBe('MALFORMED');
  });

  it('refuses a million-plus tensors even when the file is big enough to hold them', async () => {
    const p = join(dir, 'many-tensors.gguf');
    const fd = openSync(p, 'w');
    writeSync(fd, header(1_000_001, 0));
    ftruncateSync(fd, 30_000_000);
    closeSync(fd);
    expect((await refusal(p, 'TOO_LARGE')).message).toMatch(/1000001 tensors/);
  });

  it('refuses huge key, string and array lengths at once', async () => {
    await refusal(header(0, 1, le.u64(2n ** 62n), Buffer.alloc(64)), 'MALFORMED');
    await refusal(header(0, 1, le.str('a.b'), le.u32(8), le.u64(2n ** 62n), Buffer.alloc(64)), 'MALFORMED');
    await refusal(header(0, 1, kv('a.b', 9, le.u32(10), le.u64(2n ** 60n)), Buffer.alloc(64)), 'MALFORMED');
    // A string array's items take at least 8 bytes each: 2^40 of them cannot fit.
    await refusal(header(0, 1, kv('a.b', 9, le.u32(8), le.u64(2n ** 40n)), Buffer.alloc(64)), 'MALFORMED');
    await refusal(header(0, 1, kv('a.b', 9, le.u32(9), le.u64(2n ** 40n)), Buffer.alloc(64)), 'MALFORMED');
    // Past the items shown, strings are skipped by length: a huge one there is caught too.
    const items = [...Array.from({ length: 11 }, (_, i) => le.str(`t${i}`)), le.u64(2n ** 62n), Buffer.alloc(64)];
    expect((await refusal(header(0, 1, kv('a.b', 9, le.u32(8), le.u64(12), ...items)), 'MALFORMED')).message).toMatch(/-byte string/);
  });

  it('refuses a string array of more items than any vocabulary, even in a file big enough', async () => {
    const p = join(dir, 'huge-array.gguf');
    const fd = openSync(p, 'w');
    writeSync(fd, header(0, 1, kv('tokenizer.ggml.tokens', 9, le.u32(8), le.u64(17_000_000))));
    ftruncateSync(fd, 17_000_000 * 8 + 1000);
    closeSync(fd);
    expect((await refusal(p, 'TOO_LARGE')).message).toMatch(/17000000 items/);
  });

  it('refuses unknown value types, deep nesting, empty keys, too many dims, overflowing shapes and bad alignments', async () => {
    await refusal(header(0, 1, kv('a.b', 13, Buffer.alloc(8))), 'MALFORMED');
    await refusal(header(0, 1, kv('a.b', 9, le.u32(42), le.u64(1), Buffer.alloc(8))), 'MALFORMED');
    const nest = (depth: number): Buffer =>
      depth === 0 ? Buffer.concat([le.u32(0), le.u64(0)]) : Buffer.concat([le.u32(9), le.u64(1), nest(depth - 1)]);
    expect((await refusal(header(0, 1, kv('a.b', 9, nest(5))), 'MALFORMED')).message).toMatch(/nested/);
    expect((await refusal(header(0, 1, kv('', 4, le.u32(1))), 'MALFORMED')).message).toMatch(/0-byte key/);
    expect((await refusal(header(1, 0, info('t', [1, 1, 1, 1, 1], 0, 0)), 'MALFORMED')).message).toMatch(/5 dimensions/);
    await refusal(header(1, 0, info('t', [2n ** 32n, 2n ** 32n], 0, 0), Buffer.alloc(32)), 'MALFORMED');
    for (const a of [0, 3, 48]) {
      const e = await refusal(header(0, 1, kv('general.alignment', 4, le.u32(a))), 'MALFORMED');
      expect(e.message).toContain(`general.alignment is ${a}`);
    }
  });

  it('notes unknown ggml types, misaligned, overlapping and out-of-file tensors, and odd bools, but still reads', async () => {
    const infos = [info('a', [8], 0, 0), info('b', [8], 0, 16), info('c', [4], 99, 64), info('d', [8], 0, 96), info('e', [8], 0, 1024)];
    const bytes = pad(header(infos.length, 1, kv('x.flag', 7, Buffer.from([2])), ...infos), 128);
    const m = await read(file(bytes));
    expect(m.tensorCount).toBe(5);
    expect(m.tensors.find((t) => t.name === 'c')).toMatchObject({ dtype: 'type 99', bytes: null });
    expect(m.tensorBytes).toBeNull();
    expect(m.metadata['x.flag']).toBe('true');
    expect(m.notes).toEqual(
      expect.arrayContaining([
        'A bool value is neither 0 nor 1, which the GGUF spec calls invalid; it is shown as true.',
        '1 tensor(s) have a ggml type this reader does not know; their size is unknown.',
        '1 tensor(s) have a data offset that is not a multiple of the alignment (32).',
        '1 tensor(s) overlap the tensor before them.',
        '1 tensor(s) extend past the end of the file: it is probably truncated.',
        'general.architecture is missing: the GGUF spec requires it, and llama.cpp will not load the file.',
      ]),
    );
  });

  it('fails a file cut anywhere in its header with TRUNCATED or MALFORMED, never anything else', async () => {
    const whole = encodeGguf({
      kvs: [...everyType, { key: 'v', type: 'array', value: { itemType: 'string', items: ['x', 'yy', 'zzz'] } }],
      tensors: tensors.slice(0, 2),
    });
    const headerEnd = ggufLayout({ kvs: everyType, tensors: tensors.slice(0, 2) }).dataStart;
    for (let cut = 0; cut < headerEnd - 40; cut += 3) {
      const e = await refusal(whole.subarray(0, cut));
      expect(['TRUNCATED', 'MALFORMED'], `cut at ${cut}: ${e.message}`).toContain(e.code);
    }
  });

  it('never fails with anything but an AppError on random damage', async () => {
    const good = encodeGguf({ kvs: [...everyType], tensors });
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const bad = Buffer.from(good);
      for (let k = 0; k < 1 + (i % 4); k++) bad[Math.floor(rand() * 900)] = Math.floor(rand() * 256);
      await read(file(bad)).catch((e: unknown) => expect(e).toBeInstanceOf(AppError));
    }
  });
});
