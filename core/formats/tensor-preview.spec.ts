// Value previews: bounded reads whatever the header claims, clear notes for what is not shown.
import { closeSync, ftruncateSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { ForeignTensor } from '../../shared/formats/types';
import { encodeValues } from '../../test/fixtures/safetensors-writer';
import { suiteDir } from '../../test/fixtures/tmp';
import { openFileSource, type FileSource } from '../onnx/file-source';
import { MAX_PREVIEW_VALUES, previewForeignTensor } from './tensor-preview';

const dir = suiteDir('preview');

/** A file of `bytes` at offset 0, and a source that records every read. */
let n = 0;
function source(bytes: Buffer): FileSource & { reads: number[] } {
  const p = join(dir, `data${n++}.bin`);
  writeFileSync(p, bytes);
  const src = openFileSource(p);
  const reads: number[] = [];
  return {
    ...src,
    path: src.path,
    name: src.name,
    size: src.size,
    close: () => src.close(),
    reads,
    read(buf, off, len, pos) {
      reads.push(len);
      return src.read(buf, off, len, pos);
    },
  };
}

const tensor = (dtype: string, shape: number[] | null, extra: Partial<ForeignTensor> = {}): ForeignTensor => ({
  name: 't',
  dtype,
  shape,
  bytes: null,
  offset: 0,
  ...extra,
});

describe('previewForeignTensor', () => {
  it('reads only the values asked for, in one read', () => {
    const src = source(
      encodeValues(
        'F32',
        Array.from({ length: 1000 }, (_, i) => i),
      ),
    );
    const p = previewForeignTensor(src, tensor('F32', [10, 100], { bytes: 4000 }), 5);
    src.close();
    expect(p).toEqual({ values: [0, 1, 2, 3, 4], shown: 5, total: 1000, stats: { min: 0, max: 4, mean: 2 } });
    expect(src.reads).toEqual([20]);
  });

  it(`caps a preview at ${MAX_PREVIEW_VALUES} values however many are asked for`, () => {
    const p = join(dir, 'sparse.bin');
    const fd = openSync(p, 'w');
    writeSync(fd, Buffer.alloc(1));
    ftruncateSync(fd, 64 << 20);
    closeSync(fd);
    const src = openFileSource(p);
    const out = previewForeignTensor(src, tensor('F32', [16 << 20]), 50_000_000);
    src.close();
    expect(out.shown).toBe(MAX_PREVIEW_VALUES);
    expect(out.total).toBe(16 << 20);
  });

  it('stops at the bytes the header gives the tensor and at the end of the file, and says so', () => {
    const src = source(encodeValues('I16', [1, 2, 3, 4, 5, 6]));
    expect(previewForeignTensor(src, tensor('I16', [100], { bytes: 6 }), 50).values).toEqual([1, 2, 3]);
    const cut = previewForeignTensor(src, tensor('I16', [100], { offset: 8 }), 50);
    expect(cut).toMatchObject({ values: [5, 6], shown: 2, total: 100, note: 'the file ends inside this tensor; 2 value(s) could be read' });
    expect(previewForeignTensor(src, tensor('I16', [4], { offset: 1e12 }), 4)).toMatchObject({ values: [], shown: 0 });
    src.close();
  });

  it('says why nothing is shown for quantized types, unknown dtypes and unknown offsets', () => {
    const src = source(Buffer.alloc(64));
    for (const q of ['Q4_0', 'Q4_K', 'Q8_0', 'IQ2_XXS', 'IQ4_NL', 'TQ1_0', 'MXFP4']) {
      expect(previewForeignTensor(src, tensor(q, [32]), 4)).toEqual({
        values: [],
        shown: 0,
        total: 32,
        note: `values are quantized (${q}); not previewed`,
      });
    }
    expect(previewForeignTensor(src, tensor('F8_E4M3', [4]), 4).note).toBe('values of dtype F8_E4M3 are not previewed');
    expect(previewForeignTensor(src, tensor('complex64', [2]), 4).note).toBe('values of dtype complex64 are not previewed');
    // numpy-style names (torch, HDF5, TFLite readers) decode like safetensors' own.
    expect(previewForeignTensor(src, tensor('float32', [2]), 4)).toMatchObject({ values: [0, 0], shown: 2 });
    expect(previewForeignTensor(src, tensor('float32', null), 4)).toEqual({
      values: [],
      shown: 0,
      total: null,
      note: 'the size of this tensor is unknown; not previewed',
    });
    const noOffset = tensor('F32', [4]);
    delete noOffset.offset;
    expect(previewForeignTensor(src, noOffset, 4).note).toBe('the data offset of this tensor is unknown; not previewed');
    src.close();
  });

  it('keeps NaN and infinities out of the stats, and omits stats when nothing is finite', () => {
    const src = source(encodeValues('F64', [NaN, 2, Infinity, -4, NaN]));
    const p = previewForeignTensor(src, tensor('F64', [5]), 5);
    expect(p.values).toEqual([NaN, 2, Infinity, -4, NaN]);
    expect(p.stats).toEqual({ min: -4, max: 2, mean: -1 });
    expect(previewForeignTensor(src, tensor('F64', [1]), 1).stats).toBeUndefined();
    expect(previewForeignTensor(src, tensor('F64', [5]), 0)).toEqual({ values: [], shown: 0, total: 5 });
    src.close();
  });

  it('refuses a count that is not a whole number', () => {
    const src = source(Buffer.alloc(8));
    for (const max of [-1, 1.5, Number.NaN]) {
      let err: unknown;
      try {
        previewForeignTensor(src, tensor('U8', [8]), max);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('INVALID_REQUEST');
    }
    src.close();
  });
});
