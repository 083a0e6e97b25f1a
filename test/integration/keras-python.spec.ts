// Keras files laid out exactly as Keras writes them, made with h5py, json and zipfile
// (test/python/keras_cases.py; Keras itself is not installable here): a Keras 2 Sequential .h5 with
// optimizer weights, a Keras 2 functional .h5 with two inputs and a Lambda layer, a Keras 2
// weights-only .h5, and Keras 3 .keras archives stored (read in place) and deflated (inflated in
// memory). Layer tables, io, parameters and offsets are checked against what the script wrote.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { readHdf5 } from '../../core/formats/hdf5/reader';
import { readKeras } from '../../core/formats/keras/reader';
import { readZipDirectory } from '../../core/formats/zip/zip-reader';
import type { FileSource } from '../../core/onnx/file-source';
import { openFileSource } from '../../core/onnx/file-source';
import { AppError } from '../../shared/errors';
import type { ForeignModel } from '../../shared/formats/types';
import { describeWithH5py } from '../fixtures/h5py';
import { runPython } from '../fixtures/python-run';
import { suiteDir } from '../fixtures/tmp';

const dir = suiteDir('keras');

async function open(path: string, read: (src: FileSource) => Promise<ForeignModel>): Promise<ForeignModel> {
  const src = openFileSource(path);
  try {
    return await read(src);
  } finally {
    src.close();
  }
}

const layers = (m: ForeignModel) => m.sections.find((s) => s.title === 'Layers')!.rows;

describeWithH5py('Keras models as Keras lays them out', () => {
  const files = new Map<string, { file: string; params: Record<string, number> }>();
  const hostile = new Map<string, string>();
  beforeAll(() => {
    for (const c of runPython<{ name: string; file: string; params: Record<string, number> }[]>('keras_cases.py', ['write', dir]))
      files.set(c.name, c);
    for (const c of runPython<{ name: string; file: string }[]>('keras_cases.py', ['hostile', dir])) hostile.set(c.name, c.file);
  }, 120_000);

  it('Keras 2 Sequential .h5: layers with derived output shapes and params, io, configs summarised', async () => {
    const { file, params } = files.get('k2_sequential.h5')!;
    const m = await open(file, readHdf5);
    expect(layers(m)).toEqual([
      ['conv2d_input', 'InputLayer', '[?, 28, 28, 1]', '0'],
      ['conv2d', 'Conv2D', '[?, 26, 26, 8]', String(params.conv2d)],
      ['max_pooling2d', 'MaxPooling2D', '[?, 13, 13, 8]', '0'],
      ['flatten', 'Flatten', '[?, 1352]', '0'],
      ['dropout', 'Dropout', '[?, 1352]', '0'],
      ['dense', 'Dense', '[?, 10]', String(params.dense)],
    ]);
    expect(m.io).toEqual({
      inputs: [{ name: 'conv2d_input', dtype: 'float32', shape: [null, 28, 28, 1] }],
      outputs: [{ name: 'dense', dtype: 'float32', shape: [null, 10] }],
    });
    // Parameters are the model's weights; the optimizer's slots are tensors but not parameters.
    expect(m.parameters).toBe(80 + 13_530);
    expect(m.tensorCount).toBe(9);
    expect(m.tensors.map((t) => t.name)).toContain('optimizer_weights/Adam/dense/kernel/m:0');
    expect(m.metadata).toMatchObject({
      keras_version: '2.11.0',
      backend: 'tensorflow',
      model_config: expect.stringMatching(/^Sequential 'sequential' with 6 layers \(1\.\d KB of JSON\)$/),
      training_config: expect.stringMatching(/^optimizer Adam, loss categorical_crossentropy \(\d+ B of JSON\)$/),
    });
    expect(m.what).toMatch(/^A Keras 2\.11\.0 model \(HDF5\): Sequential with 6 layers and 4 weight tensors, /);
    expect(m.notes).toEqual([]);
  });

  it('Keras 2 functional .h5: two inputs in declared order, a Lambda layer flagged, shapes left empty after it', async () => {
    const { file, params } = files.get('k2_functional.h5')!;
    const m = await open(file, readHdf5);
    expect(m.io!.inputs).toEqual([
      { name: 'text', dtype: 'float32', shape: [null, 16] },
      { name: 'meta', dtype: 'float32', shape: [null, 4] },
    ]);
    expect(m.io!.outputs.map((o) => o.name)).toEqual(['out']);
    expect(layers(m).map((r) => [r[0], r[2], r[3]])).toEqual([
      ['text', '[?, 16]', '0'],
      ['meta', '[?, 4]', '0'],
      ['text_dense', '[?, 8]', String(params.text_dense)],
      ['scale', '', '0'],
      ['concatenate', '', '0'],
      ['out', '', String(params.out)],
    ]);
    expect(m.notes.join('\n')).toContain('Layer scale is a Lambda layer whose config holds Python code');
    expect(m.notes.join('\n')).toContain('The output shape of out cannot be derived from the config');
  });

  it('Keras 2 weights-only .h5 (save_weights): layers from layer_names, params from each layer group', async () => {
    const { file, params } = files.get('k2_weights.h5')!;
    const m = await open(file, readHdf5);
    expect(layers(m)).toEqual(Object.entries(params).map(([name, n]) => [name, '', '', String(n)]));
    expect(m.what).toMatch(/^Keras 2\.11\.0 weights \(HDF5\) for 5 layers: 4 weight tensors, /);
    expect(m.io).toBeUndefined();
  });

  it('Keras 3 .keras (stored): config, metadata, weights read in place with offsets into the archive', async () => {
    const { file, params } = files.get('k3_sequential.keras')!;
    const src = openFileSource(file);
    const entries = readZipDirectory(src); // as the format detector hands them over
    const reads: [number, number][] = [];
    const recording: FileSource = { ...src, read: (b, o, l, p) => (reads.push([p, p + l]), src.read(b, o, l, p)) };
    const m = await readKeras(recording, entries);
    src.close();
    expect(m.format).toBe('keras');
    expect(m.metadata).toEqual({ keras_version: '3.3.3', date_saved: '2024-05-02@10:11:12' });
    expect(m.io).toEqual({
      inputs: [{ name: 'input_layer', dtype: 'float32', shape: [null, 32, 32, 3] }],
      outputs: [{ name: 'dense', dtype: 'float32', shape: [null, 5] }],
    });
    expect(layers(m)).toEqual([
      ['input_layer', 'InputLayer', '[?, 32, 32, 3]', '0'],
      ['conv2d', 'Conv2D', '[?, 32, 32, 16]', String(params.conv2d)],
      ['batch_normalization', 'BatchNormalization', '[?, 32, 32, 16]', String(params.batch_normalization)],
      ['max_pooling2d', 'MaxPooling2D', '[?, 16, 16, 16]', '0'],
      ['global_average_pooling2d', 'GlobalAveragePooling2D', '[?, 16]', '0'],
      ['dense', 'Dense', '[?, 5]', String(params.dense)],
    ]);
    expect(m.parameters).toBe(Object.values(params).reduce((a, b) => a + b, 0));
    expect(m.files!.map((f) => [f.name, f.kind])).toEqual([
      ['metadata.json', 'json'],
      ['config.json', 'json'],
      ['model.weights.h5', 'hdf5'],
    ]);
    // Offsets are absolute in the .keras file and hold the bytes h5py reads for each variable.
    const py = runPython<{ base: number; compress_type: number; datasets: { path: string; offset?: number; sha256?: string }[] }>(
      'keras_cases.py',
      ['list', file],
    );
    expect(py.compress_type).toBe(0);
    const archive = readFileSync(file);
    for (const d of py.datasets.filter((x) => x.offset !== undefined)) {
      const t = m.tensors.find((x) => x.name === d.path)!;
      expect(t.offset, d.path).toBe(py.base + d.offset!);
      expect(
        createHash('sha256')
          .update(archive.subarray(t.offset!, t.offset! + t.bytes!))
          .digest('hex'),
      ).toBe(d.sha256);
    }
    expect(m.tensorCount).toBe(py.datasets.length);
    // Never a byte of a weight: no read overlaps a tensor's data.
    for (const t of m.tensors)
      expect(
        reads.filter(([a, b]) => a < t.offset! + t.bytes! && b > t.offset!),
        t.name,
      ).toEqual([]);
  });

  it('Keras 3 .keras (deflated): the weights file is inflated in memory and listed without offsets', async () => {
    const { file, params } = files.get('k3_functional_deflated.keras')!;
    const m = await open(file, (src) => readKeras(src));
    expect(m.io).toEqual({
      inputs: [{ name: 'series', dtype: 'float32', shape: [null, 10, 6] }],
      outputs: [{ name: 'head', dtype: 'float32', shape: [null, 1] }],
    });
    expect(layers(m)).toEqual([
      ['series', 'InputLayer', '[?, 10, 6]', '0'],
      ['lstm', 'LSTM', '[?, 12]', String(params.lstm)],
      ['head', 'Dense', '[?, 1]', String(params.head)],
    ]);
    expect(m.tensors.every((t) => t.offset === undefined)).toBe(true);
    expect(m.tensors.find((t) => t.name === 'layers/lstm/vars/1')).toMatchObject({ dtype: 'float32', shape: [12, 48], bytes: 12 * 48 * 4 });
    expect(m.notes.join('\n')).toContain('model.weights.h5 is compressed in the archive');
  });

  it('refuses an archive without config.json, a config that is not JSON, and a weights file that is not HDF5', async () => {
    const err = async (name: string) => {
      const e = await open(hostile.get(name)!, (src) => readKeras(src)).then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(AppError);
      return e as AppError;
    };
    expect((await err('no_config.keras')).message).toContain('is not a Keras archive: it has no config.json');
    const bad = await err('bad_config.keras');
    expect(bad.code).toBe('MALFORMED');
    expect(bad.message).toContain('config.json in bad_config.keras is not valid JSON');
    const weights = await err('bad_weights.keras');
    expect(weights.code).toBe('MALFORMED');
    expect(weights.message).toContain('model.weights.h5 is not an HDF5 file');
  });

  it('does not inflate a compressed weights file past 256 MB: the model is listed without tensors', async () => {
    const m = await open(hostile.get('huge_weights.keras')!, (src) => readKeras(src));
    expect(m.tensorCount).toBe(0);
    expect(m.parameters).toBeNull();
    expect(m.notes.join('\n')).toContain(
      'model.weights.h5 is compressed in the archive and 300 MB once inflated; its tensors are not listed',
    );
    expect(layers(m)).toHaveLength(6);
  });
});
