// The metadata writer against the official python `onnx` package: python must read back exactly
// the metadata written, onnx.checker must pass, and the graph must be the same bytes — compared as
// python re-serializes it (sha256) and as stored (the raw graph record, found by our scanner).
// Models come from our fixture writer (plain and with fields reordered) and from onnx.helper;
// external-data models must keep their weight files untouched and still run in onnxruntime.
import { createHash } from 'node:crypto';
import { cpSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, expect, it } from 'vitest';
import { readModelSummary } from '../../core/onnx/reader';
import { scanTopLevel } from '../../core/onnx-write/top-level-scan';
import { writeModelMetadata, writeModelMetadataInPlace, type MetadataEdit } from '../../core/onnx-write/write-metadata';
import { externalData } from '../fixtures/external-models';
import { VALID_FIXTURES } from '../fixtures/models';
import { describeWithPython, runPython } from '../fixtures/python';
import { suiteDir } from '../fixtures/tmp';

interface PyModel {
  path: string;
  metadata_props: Array<[string, string]>;
  doc_string: string;
  model_version: number;
  graph_sha256: string;
  check: string;
}

const EDIT: MetadataEdit = {
  set: { model_author: 'Modelcrate Tests', 'modelcrate.card': '{"title":"Démo ✓","tags":["a","b"]}', labels: '["cat","dog"]' },
  remove: ['note', 'model_license'],
  docString: 'Edited by the metadata writer — ✓',
  modelVersion: 9,
};
const PY_MODELS = ['cnn', 'control_flow', 'metadata_strings', 'types', 'external'];

/** The merge rules, restated independently: first position, last value; removed dropped; new appended. */
function expectedMetadata(source: Array<[string, string]>, edit: MetadataEdit): Array<[string, string]> {
  const m = new Map(source);
  for (const k of edit.remove ?? []) m.delete(k);
  for (const [k, v] of Object.entries(edit.set)) m.set(k, v);
  return [...m];
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
function graphRecord(path: string): Buffer {
  const graphs = scanTopLevel(path).records.filter((r) => r.field === 7);
  expect(graphs).toHaveLength(1);
  return readFileSync(path).subarray(graphs[0]!.start, graphs[0]!.end);
}
const edited = (p: string) => join(dirname(p), basename(p, '.onnx') + '.edited.onnx');

describeWithPython('metadata writer: read back by python onnx', () => {
  const dir = suiteDir('meta-py');
  const sources = new Map<string, string>();
  const py = new Map<string, PyModel>();

  beforeAll(async () => {
    for (const f of VALID_FIXTURES) {
      sources.set(f.name, f.build(dir));
      sources.set(`${f.name} (reordered)`, f.build(dir, { shuffle: true }));
    }
    sources.set('externalData', externalData(dir, 'ok'));
    for (const p of runPython<string[]>('build_models.py', [join(dir, 'py')])) sources.set(`onnx.helper ${basename(p, '.onnx')}`, p);
    for (const src of sources.values()) await writeModelMetadata(src, edited(src), EDIT);
    const paths = [...sources.values()].flatMap((p) => [p, edited(p)]);
    for (const r of runPython<PyModel[]>('check_metadata.py', paths)) py.set(r.path, r);
  }, 120_000);

  const names = [
    ...VALID_FIXTURES.flatMap((f) => [f.name, `${f.name} (reordered)`]),
    'externalData',
    ...PY_MODELS.map((m) => `onnx.helper ${m}`),
  ];
  it.each(names)('%s', async (name) => {
    const src = sources.get(name)!;
    const before = py.get(src)!;
    const after = py.get(edited(src))!;
    expect(before.check).toBe('ok');
    expect(after.check).toBe('ok');
    expect(after.metadata_props).toEqual(expectedMetadata(before.metadata_props, EDIT));
    expect([after.doc_string, after.model_version]).toEqual([EDIT.docString, EDIT.modelVersion]);
    expect(after.graph_sha256).toBe(before.graph_sha256);
    expect(sha(graphRecord(edited(src)))).toBe(sha(graphRecord(src)));
    const ours = await readModelSummary(edited(src));
    expect(ours.metadata).toEqual(Object.fromEntries(after.metadata_props));
    expect([ours.docString, ours.modelVersion]).toEqual([EDIT.docString, EDIT.modelVersion]);
  });

  it('onnx.helper metadata_strings keeps its own entries in order around the edit', () => {
    const after = py.get(edited(sources.get('onnx.helper metadata_strings')!))!;
    expect(after.metadata_props.map(([k]) => k)).toEqual(['model_author', 'labels', 'modelcrate.card']);
  });
});

/** Runs a model on ones and returns its first output (the external-data models have one float input). */
async function runOnes(path: string, shape: number[]): Promise<number[]> {
  const session = await ort.InferenceSession.create(path);
  try {
    const size = shape.reduce((a, b) => a * b, 1);
    const out = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', new Float32Array(size).fill(1), shape) });
    return Array.from(out[session.outputNames[0]!]!.data as Float32Array);
  } finally {
    await session.release();
  }
}

describeWithPython('metadata writer: external data', () => {
  const dir = suiteDir('meta-ext');
  const models: Array<[string, () => string, string, number[]]> = [
    ['our fixture', () => externalData(dir, 'ok'), 'weights.bin', [1, 4]],
    [
      'onnx.helper save_as_external_data',
      () => runPython<string[]>('build_models.py', [join(dir, 'py')]).find((p) => p.endsWith('external.onnx'))!,
      'external.onnx.data',
      [1, 64],
    ],
  ];
  it.each(models)('%s: weights untouched, onnxruntime runs the written model alike', async (_, make, dataName, shape) => {
    const src = make();
    const data = join(dirname(src), dataName);
    const dataSha = sha(readFileSync(data));
    const dest = edited(src);
    await writeModelMetadata(src, dest, EDIT);
    expect(sha(readFileSync(data))).toBe(dataSha);
    expect(await runOnes(dest, shape)).toEqual(await runOnes(src, shape));
    const [after] = runPython<PyModel[]>('check_metadata.py', [dest]);
    expect(after!.check).toBe('ok');
  });

  it('in place with a backup: the backup is the original, the model still runs', async () => {
    const src = externalData(dir, 'ok');
    const copy = join(dir, 'inplace');
    cpSync(dirname(src), copy, { recursive: true });
    const file = join(copy, 'model.onnx');
    const original = readFileSync(file);
    const expected = await runOnes(file, [1, 4]);
    const { backup } = await writeModelMetadataInPlace(file, EDIT);
    expect(readFileSync(backup).equals(original)).toBe(true);
    expect(await runOnes(file, [1, 4])).toEqual(expected);
    const [after] = runPython<PyModel[]>('check_metadata.py', [file]);
    expect([after!.check, after!.metadata_props]).toEqual(['ok', expectedMetadata([], EDIT)]);
  });
});
