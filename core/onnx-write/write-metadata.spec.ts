// What the writer changes and what it keeps: metadata merge rules, doc_string / model_version
// replaced where they were or appended, and every other top-level record copied byte for byte.
import { openSync, readFileSync, readSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModelSummary } from '../onnx/reader';
import { mlp, withMetadata } from '../../test/fixtures/models';
import { encodeModel, vi } from '../../test/fixtures/onnx-writer';
import { suiteDir } from '../../test/fixtures/tmp';
import { metadataEntryRecord, stringRecord, int64Record, varint } from './proto-encode';
import { scanTopLevel, type TopRecord } from './top-level-scan';
import { writeModelMetadata } from './write-metadata';

const dir = suiteDir('meta-write');
let n = 0;
const out = () => join(dir, `out-${n++}.onnx`);
const layout = (path: string) => scanTopLevel(path).records.map((r) => (r.key === undefined ? String(r.field) : `14:${r.key}`));

function recordBytes(path: string, r: TopRecord): Buffer {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(r.end - r.start);
    readSync(fd, b, 0, b.length, r.start);
    return b;
  } finally {
    closeSync(fd);
  }
}
/** Every record of `path` except the listed fields, as bytes, in order. */
const kept = (path: string, except: number[]) =>
  scanTopLevel(path)
    .records.filter((r) => !except.includes(r.field))
    .map((r) => recordBytes(path, r).toString('hex'));

const tiny = {
  name: 'g',
  inputs: [vi('x', 'float32', [1])],
  outputs: [vi('y', 'float32', [1])],
  nodes: [{ opType: 'Identity', inputs: ['x'], outputs: ['y'] }],
};
function modelFile(name: string, metadata: Array<[string, string]>, extra: Buffer[] = []): string {
  const path = join(dir, `${name}.onnx`);
  writeFileSync(path, Buffer.concat([encodeModel({ graph: tiny, metadata }), ...extra]));
  return path;
}

describe('proto-encode', () => {
  it('encodes varints as protobuf does, negative int64 in 10 bytes', () => {
    expect(varint(0).toString('hex')).toBe('00');
    expect(varint(300).toString('hex')).toBe('ac02');
    expect(varint(-1).toString('hex')).toBe('ffffffffffffffffff01');
    expect(int64Record(5, 7).toString('hex')).toBe('2807');
    expect(stringRecord(6, 'é').toString('hex')).toBe('3202c3a9');
    expect(metadataEntryRecord('k', 'v').toString('hex')).toBe('72060a016b120176');
  });
});

describe('metadata_props merge', () => {
  it('updates keys in place, drops removed ones, appends new ones in the order given', async () => {
    const src = modelFile('abc', [
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
    ]);
    const dest = out();
    await writeModelMetadata(src, dest, { set: { z: 'new', b: 'two', y: 'also new' }, remove: ['c'] });
    expect(layout(dest)).toEqual(['1', '7', '8', '14:a', '14:b', '14:z', '14:y']);
    expect((await readModelSummary(dest)).metadata).toEqual({ a: '1', b: 'two', z: 'new', y: 'also new' });
    expect(kept(dest, [14])).toEqual(kept(src, [14]));
  });

  it('copies untouched entries byte for byte and leaves the file identical when nothing changes', async () => {
    const src = modelFile('same', [
      ['a', '1'],
      ['b', '2'],
    ]);
    const dest = out();
    await writeModelMetadata(src, dest, { set: {} });
    expect(readFileSync(dest).equals(readFileSync(src))).toBe(true);
  });

  it('keeps one entry per repeated key, at its first position with its last value', async () => {
    const src = modelFile('dup', [
      ['k', 'first'],
      ['x', 'y'],
      ['k', 'last'],
    ]);
    const dest = out();
    await writeModelMetadata(src, dest, { set: { n: 'v' } });
    expect(layout(dest)).toEqual(['1', '7', '8', '14:k', '14:x', '14:n']);
    expect((await readModelSummary(dest)).metadata).toEqual({ k: 'last', x: 'y', n: 'v' });
  });

  it('writes merged entries where the first entry was, even before the graph', async () => {
    // metadata first, then the model: protobuf concatenation is a merge, so this is one ModelProto.
    const path = join(dir, 'meta-first.onnx');
    writeFileSync(path, Buffer.concat([metadataEntryRecord('early', '1'), encodeModel({ graph: tiny, metadata: [['late', '2']] })]));
    const dest = out();
    await writeModelMetadata(path, dest, { set: { early: 'one', added: '3' } });
    expect(layout(dest)).toEqual(['14:early', '14:late', '14:added', '1', '7', '8']);
    expect((await readModelSummary(dest)).metadata).toEqual({ early: 'one', late: '2', added: '3' });
  });

  it('appends metadata to a model that had none; removing an absent key changes nothing', async () => {
    const src = mlp(dir);
    const dest = out();
    await writeModelMetadata(src, dest, { set: { model_author: 'Ada', unicode: 'ünï ✓ 🚀' }, remove: ['absent'] });
    expect(layout(dest)).toEqual([...layout(src), '14:model_author', '14:unicode']);
    expect((await readModelSummary(dest)).metadata).toEqual({ model_author: 'Ada', unicode: 'ünï ✓ 🚀' });
    expect(kept(dest, [14])).toEqual(kept(src, []));
  });

  it('refuses a key both set and removed', async () => {
    const src = mlp(dir);
    await expect(writeModelMetadata(src, out(), { set: { a: '1' }, remove: ['a'] })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });
});

describe('doc_string and model_version', () => {
  it('are replaced at their position when present', async () => {
    const src = withMetadata(dir);
    const dest = out();
    await writeModelMetadata(src, dest, { set: {}, docString: 'new docs ✓', modelVersion: 43 });
    expect(layout(dest)).toEqual(layout(src));
    const s = await readModelSummary(dest);
    expect([s.docString, s.modelVersion]).toEqual(['new docs ✓', 43]);
    expect(s.metadata).toEqual((await readModelSummary(src)).metadata);
    expect(kept(dest, [5, 6])).toEqual(kept(src, [5, 6]));
  });

  it('are appended after the other records when absent; negative versions take 10 bytes', async () => {
    const src = mlp(dir);
    const dest = out();
    await writeModelMetadata(src, dest, { set: {}, docString: 'docs', modelVersion: -2 });
    expect(layout(dest)).toEqual([...layout(src), '5', '6']);
    const s = await readModelSummary(dest);
    expect([s.docString, s.modelVersion]).toEqual(['docs', -2]);
  });

  it('are removed by "" and 0 (the proto3 defaults)', async () => {
    const src = withMetadata(dir);
    const dest = out();
    await writeModelMetadata(src, dest, { set: {}, docString: '', modelVersion: 0 });
    expect(layout(dest)).toEqual(layout(src).filter((f) => f !== '5' && f !== '6'));
  });

  it('are written once when the file repeats them (the last one won)', async () => {
    const src = modelFile('twice', [], [stringRecord(6, 'one'), int64Record(5, 1), stringRecord(6, 'two'), int64Record(5, 2)]);
    expect((await readModelSummary(src)).docString).toBe('two');
    const dest = out();
    await writeModelMetadata(src, dest, { set: {}, docString: 'three' });
    expect(layout(dest)).toEqual(['1', '7', '8', '6', '5', '5']);
    expect((await readModelSummary(dest)).docString).toBe('three');
  });

  it('refuses a model_version that is not a safe integer', async () => {
    await expect(writeModelMetadata(mlp(dir), out(), { set: {}, modelVersion: 1.5 })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });
});
