// The TFLite reader on models written by the spec-following fixture writer (test/fixtures/tflite-writer.ts;
// TensorFlow is not installable here): structure, signatures, quantization, data after the FlatBuffer,
// laziness, and hostile files. The real MediaPipe model is in test/integration/tflite-real.spec.ts.
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { FileSource } from '../../onnx/file-source';
import { openFileSource } from '../../onnx/file-source';
import { suiteDir } from '../../../test/fixtures/tmp';
import type { TfModel } from '../../../test/fixtures/tflite-writer';
import { TT, convModel, int8ConvModel, noise, signatureModel, writeTflite } from '../../../test/fixtures/tflite-writer';
import { readTflite } from './reader';

const dir = suiteDir('tflite');
let n = 0;

function save(bytes: Buffer): string {
  const path = join(dir, `m${n++}.tflite`);
  writeFileSync(path, bytes);
  return path;
}

/** A FileSource that counts the bytes read through it: the proof that weights are never read. */
function counting(path: string): FileSource & { bytesRead: number } {
  const src = openFileSource(path);
  const c = {
    path: src.path,
    name: src.name,
    size: src.size,
    bytesRead: 0,
    read(buf: Buffer, offset: number, length: number, position: number) {
      const got = src.read(buf, offset, length, position);
      c.bytesRead += got;
      return got;
    },
    close: () => src.close(),
  };
  return c;
}

async function read(bytes: Buffer) {
  const src = openFileSource(save(bytes));
  try {
    return await readTflite(src);
  } finally {
    src.close();
  }
}

async function readError(bytes: Buffer): Promise<AppError> {
  const err = await read(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

/** Position of a table field (by vtable slot) in a FlatBuffer, for patching hostile variants. */
function fieldPos(b: Buffer, table: number, slot: number): number {
  const vt = table - b.readInt32LE(table);
  return table + b.readUInt16LE(vt + 4 + 2 * slot);
}

describe('TFLite reader', () => {
  it('reads a conv net: io, op counts, weight tensors with their offsets, min_runtime_version', async () => {
    const { bytes } = writeTflite(convModel());
    const path = save(bytes);
    const m = await readTflite(openFileSource(path));
    expect(m.format).toBe('tflite');
    expect(m.io).toEqual({
      inputs: [{ name: 'serving_default_input:0', dtype: 'float32', shape: [1, 28, 28, 1] }],
      outputs: [{ name: 'StatefulPartitionedCall:0', dtype: 'float32', shape: [1, 10] }],
    });
    const ops = m.sections.find((s) => s.title === 'Operators')!;
    expect(Object.fromEntries(ops.rows)).toEqual({ CONV_2D: '1', RELU: '1', RESHAPE: '1', FULLY_CONNECTED: '1', SOFTMAX: '1' });
    // Only tensors with data are weights: the input's empty buffer and the activations are not.
    expect(m.tensors.map((t) => [t.name, t.dtype, t.shape, t.bytes])).toEqual([
      ['sequential/conv2d/Conv2D', 'float32', [8, 3, 3, 1], 288],
      ['sequential/conv2d/BiasAdd/ReadVariableOp', 'float32', [8], 32],
      ['sequential/flatten/Const', 'int32', [2], 8],
      ['sequential/dense/MatMul', 'float32', [10, 5408], 216_320],
      ['sequential/dense/BiasAdd/ReadVariableOp', 'float32', [10], 40],
    ]);
    expect(m.tensorCount).toBe(5);
    expect(m.tensorBytes).toBe(288 + 32 + 8 + 216_320 + 40);
    expect(m.parameters).toBe(72 + 8 + 2 + 54_080 + 10);
    // Offsets point at the very bytes the writer stored: a preview can read them.
    const file = readFileSync(path);
    const conv = m.tensors[0]!;
    expect(file.subarray(conv.offset!, conv.offset! + conv.bytes!)).toEqual(noise(288, 2));
    expect(conv.offset! % 16).toBe(0); // force_align: 16, as the schema asks
    expect(m.metadata).toMatchObject({ schema_version: '3', description: 'MLIR Converted.', min_runtime_version: '1.14.0', buffers: '8' });
    expect(m.what).toBe('A TensorFlow Lite model with 5 operators (5 kinds) and 5 weight tensors, 212 KB');
    expect(m.scan).toBeNull();
    expect(m.notes).toEqual([]);
  });

  it('reads an int8 model: int8 dtypes and per-tensor and per-channel quantization', async () => {
    const m = await read(writeTflite(int8ConvModel()).bytes);
    expect(m.tensors.find((t) => t.name === 'dense/weights')).toMatchObject({ dtype: 'int8', shape: [10, 5408], bytes: 54_080 });
    const q = m.sections.find((s) => s.title === 'Quantization')!;
    expect(q.columns).toEqual(['tensor', 'dtype', 'scale', 'zero_point', 'axis']);
    expect(q.total).toBe(9);
    const row = (name: string) => q.rows.find((r) => r[0] === name);
    expect(row('input_int8')).toEqual(['input_int8', 'int8', '0.00392157', '-128', '']);
    expect(row('conv/weights')).toEqual(['conv/weights', 'int8', '8 scales, 0.011…0.018', 'all 0', '0']);
    expect(row('dense/out')).toEqual(['dense/out', 'int8', '0.1', '3', '']);
    expect(m.io!.inputs[0]).toEqual({ name: 'input', dtype: 'float32', shape: [1, 28, 28, 1] });
    expect(Object.fromEntries(m.sections[0]!.rows)).toMatchObject({ QUANTIZE: '1', DEQUANTIZE: '1' });
  });

  it('takes io from the signature: aliases, dynamic batch as null; extended and custom op codes; subgraphs', async () => {
    const m = await read(writeTflite(signatureModel()).bytes);
    expect(m.io).toEqual({
      inputs: [{ name: 'features', dtype: 'float32', shape: [null, 4] }],
      outputs: [{ name: 'scores', dtype: 'float32', shape: [null, 3] }],
    });
    const sig = m.sections.find((s) => s.title === 'Signatures')!;
    expect(sig.rows).toEqual([['serving_default', 'serving_default', 'features: float32[?, 4]', 'scores: float32[?, 3]']]);
    // GELU is code 150: its deprecated int8 field holds the placeholder 127, the int32 field the code.
    expect(Object.fromEntries(m.sections[0]!.rows)).toEqual({
      FULLY_CONNECTED: '1',
      GELU: '1',
      'MyPostprocess (custom)': '1',
      BATCH_MATMUL: '1',
    });
    expect(m.sections.find((s) => s.title === 'Subgraphs')!.rows).toEqual([
      ['serving_default', '6', '3', '1', '1'],
      ['helper', '3', '1', '1', '1'],
    ]);
    expect(m.tensors.map((t) => t.name)).toEqual(['dense/kernel', 'dense/bias', 'helper/w']);
    expect(m.metadata.subgraphs).toBe('serving_default, helper');
  });

  it('reads a model only for its structure: a 32 MB weight costs no read of its bytes', async () => {
    const model = convModel();
    model.buffers[5] = { data: Buffer.alloc(32 << 20, 1) };
    model.subgraphs[0]!.tensors[7]!.shape = [1024, 8192];
    const path = save(writeTflite(model).bytes);
    const src = counting(path);
    const m = await readTflite(src);
    expect(m.tensors[3]).toMatchObject({ shape: [1024, 8192], bytes: 32 << 20 });
    expect(src.size).toBeGreaterThan(32 << 20);
    expect(src.bytesRead).toBeLessThan(64 << 10);
  });

  it('finds buffers stored after the FlatBuffer (models over 2 GB) by their offset and size fields', async () => {
    // A sparse 3 GiB file: the FlatBuffer, then the weight at 2.5 GiB, written as offset/size fields.
    const weightAt = 2.5 * 2 ** 30;
    const weightBytes = 300 << 20;
    const model: TfModel = {
      buffers: [{}, {}, { offset: weightAt, size: weightBytes }, { offset: weightAt + weightBytes, size: 4 << 20 }],
      subgraphs: [
        {
          tensors: [
            { name: 'x', type: TT.float32, shape: [1, 1024], buffer: 1 },
            { name: 'big/kernel', type: TT.float16, shape: [153_600, 1024], buffer: 2 },
            { name: 'late', type: TT.float32, shape: [1024, 1024], buffer: 3 },
            { name: 'y', type: TT.float32, shape: [1, 153_600] },
          ],
          inputs: [0],
          outputs: [3],
          ops: [{ op: 'FULLY_CONNECTED', inputs: [0, 1], outputs: [3] }],
        },
      ],
    };
    const path = save(writeTflite(model).bytes);
    truncateSync(path, weightAt + weightBytes + 1024); // the last buffer runs past the end: a truncated download
    const src = counting(path);
    const m = await readTflite(src);
    expect(m.tensors[0]).toEqual({ name: 'big/kernel', dtype: 'float16', shape: [153_600, 1024], bytes: weightBytes, offset: weightAt });
    expect(m.tensors[1]).toEqual({ name: 'late', dtype: 'float32', shape: [1024, 1024], bytes: 4 << 20 });
    expect(m.notes.join('\n')).toContain(`Buffer 3 (4.0 MB at byte ${weightAt + weightBytes}) lies past the end of the file`);
    expect(src.bytesRead).toBeLessThan(64 << 10);
  });
});

describe('TFLite reader on hostile files', () => {
  const base = () => writeTflite(convModel());

  it('refuses a file that is not a TFLite FlatBuffer, an empty one and a too-short one', async () => {
    const e = await readError(Buffer.from('\x18\x00\x00\x00NOPE and more bytes here'));
    expect(e.code).toBe('MALFORMED');
    expect(e.message).toContain('"NOPE", not "TFL3"');
    expect((await readError(Buffer.alloc(0))).code).toBe('EMPTY_FILE');
    expect((await readError(Buffer.from('\x08\x00\x00'))).code).toBe('TRUNCATED');
  });

  it('names the offset when the root table offset points past the end of the file', async () => {
    const { bytes } = base();
    bytes.writeUInt32LE(bytes.length + 100, 0);
    const e = await readError(bytes);
    expect(e.code).toBe('MALFORMED');
    expect(e.message).toContain(
      `the offset at byte 0 points to byte ${bytes.length + 100}, past the end of the file (${bytes.length} bytes)`,
    );
    expect(e.hint).toMatch(/convert the model/);
  });

  it('names the table whose vtable lies outside the file', async () => {
    const { bytes, tags } = base();
    bytes.writeInt32LE(-0x7000_0000, tags.subgraph0!); // vtable = table + 0x70000000
    const e = await readError(bytes);
    expect(e.code).toBe('MALFORMED');
    expect(e.message).toContain(`the SubGraph table at byte ${tags.subgraph0} has its vtable at byte ${tags.subgraph0! + 0x7000_0000}`);
  });

  it('refuses a vector that declares more elements than the file holds', async () => {
    const { bytes, tags } = base();
    bytes.writeUInt32LE(0x7fff_ffff, tags['subgraph0.tensors']!);
    const e = await readError(bytes);
    expect(e.code).toBe('MALFORMED');
    expect(e.message).toContain(`SubGraph.tensors at byte ${tags['subgraph0.tensors']} declares 2147483647 elements`);
  });

  it('refuses a weight whose data vector runs past the end of the file', async () => {
    const { bytes, tags } = base();
    bytes.writeUInt32LE(1 << 30, tags['conv.weights']!);
    const e = await readError(bytes);
    expect(e.code).toBe('MALFORMED');
    expect(e.message).toContain(`Buffer.data at byte ${tags['conv.weights']} declares 1073741824 elements`);
  });

  it('refuses an offset of 0 (pointing at itself: the one way to loop)', async () => {
    const { bytes, tags } = base();
    bytes.writeUInt32LE(0, tags.subgraphs! + 4); // subgraphs[0]
    const e = await readError(bytes);
    expect(e.code).toBe('MALFORMED');
    expect(e.message).toContain(`Model.subgraphs[0]: the offset at byte ${tags.subgraphs! + 4} is 0, pointing at itself (a cycle)`);
  });

  it('refuses a field that lies outside its table and a shape of absurd rank', async () => {
    const { bytes, tags } = base();
    const vt = tags.model! - bytes.readInt32LE(tags.model!);
    bytes.writeUInt16LE(0xfff0, vt + 4 + 2 * 2); // Model.subgraphs at byte 65520 of the table
    expect((await readError(bytes)).message).toMatch(/Model\.subgraphs lies at byte 65520 of a \d+-byte table/);

    const model = convModel();
    model.subgraphs[0]!.tensors[1]!.shape = Array(100).fill(1);
    const e = await readError(writeTflite(model).bytes);
    expect(e.message).toMatch(/Tensor\.shape at byte \d+ has 100 entries \(at most 64 expected\)/);
  });

  it('stops at a million tables however a file shares them', async () => {
    // Point SubGraph.operators at a new vector of 1,000,001 slots that all lead to one operator table.
    const { bytes, tags } = base();
    const count = 1_000_001;
    const vec = bytes.length + (bytes.length % 4 === 0 ? 0 : 4 - (bytes.length % 4));
    const extra = Buffer.alloc(vec - bytes.length + 4 + 4 * count + 16);
    const file = Buffer.concat([bytes, extra]);
    file.writeUInt32LE(count, vec);
    const table = vec + 4 + 4 * count + 4; // vtable (4 bytes: no fields) then the table
    file.writeUInt16LE(4, table - 4);
    file.writeUInt16LE(4, table - 2);
    file.writeInt32LE(4, table);
    for (let i = 0; i < count; i++) file.writeUInt32LE(table - (vec + 4 + 4 * i), vec + 4 + 4 * i);
    const field = fieldPos(file, tags.subgraph0!, 3);
    file.writeUInt32LE(vec - field, field);
    const e = await readError(file);
    expect(e.code).toBe('MALFORMED');
    expect(e.message).toContain('more than 1,000,000 tables');
  });
});
