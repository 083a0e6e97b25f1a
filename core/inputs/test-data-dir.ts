// ONNX test-data folders: `input_0.pb`, `input_1.pb`, … (serialized TensorProtos) and optionally
// `output_0.pb`, … as expected outputs. A folder may also hold `test_data_set_0/`, `…_1/` (the
// layout of onnx/backend/test/data); then each set is one folder of that form.
// Files are matched to the graph by the TensorProto names when every file is named after a distinct
// graph input; otherwise by position (input_k → k-th graph input), as onnx's backend runner does.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { ValueInfo } from '../../shared/model-summary';
import { parseTensorProto } from '../../shared/tensor-proto';
import type { NamedTensor } from '../../shared/tensor-proto';
import type { TensorMap } from '../../shared/tensors';

export interface TestDataSet {
  dir: string;
  inputs: TensorMap;
  /** Expected outputs (output_k.pb), matched to graph outputs when the signature is given. */
  outputs: TensorMap;
  /** Which file each input / output came from, by name. */
  files: Record<string, string>;
}

/** The model's inputs and outputs, which name the folder's input_k.pb / output_k.pb by position. */
export interface GraphIo {
  inputs: readonly ValueInfo[];
  outputs?: readonly ValueInfo[];
}

const FILE = /^(input|output)_(\d+)\.pb$/;
const SET = /^test_data_set_(\d+)$/;

/**
 * The test-data folders under `dir`: `dir` itself when it holds input_*.pb files, else its
 * `test_data_set_N` folders in numeric order.
 */
export async function findTestDataSets(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  if (names.some((n) => FILE.test(n) && n.startsWith('input_'))) return [dir];
  const sets = names.filter((n) => SET.test(n)).sort((a, b) => num(a, SET) - num(b, SET));
  const found: string[] = [];
  for (const s of sets) if ((await stat(join(dir, s))).isDirectory()) found.push(join(dir, s));
  if (found.length === 0) {
    throw new AppError(
      'INVALID_TENSOR',
      `${dir} is not an ONNX test-data folder: it has no input_0.pb (or test_data_set_0/).`,
      'Give a folder with input_0.pb, input_1.pb, … (serialized TensorProtos), e.g. written with onnx.numpy_helper.from_array(a, name).SerializeToString().',
    );
  }
  return found;
}

function num(name: string, re: RegExp): number {
  return Number(re.exec(name)![re === SET ? 1 : 2]);
}

/** Reads one test-data folder (or the first set of a folder of sets). */
export async function readTestDataDir(dir: string, sig: GraphIo): Promise<TestDataSet> {
  const [setDir] = await findTestDataSets(dir);
  return readTestDataSet(setDir!, sig);
}

export async function readTestDataSet(dir: string, sig: GraphIo): Promise<TestDataSet> {
  const names = (await readdir(dir)).filter((n) => FILE.test(n));
  const load = async (kind: 'input' | 'output') => {
    const files = names.filter((n) => n.startsWith(`${kind}_`)).sort((a, b) => num(a, FILE) - num(b, FILE));
    files.forEach((f, i) => {
      if (num(f, FILE) !== i)
        throw new AppError('INVALID_TENSOR', `${dir} has ${f} but no ${kind}_${i}.pb; ${kind} files are numbered from 0 without gaps.`);
    });
    return Promise.all(files.map(async (f) => ({ file: join(dir, f), ...parseTensorProto(await readFile(join(dir, f)), join(dir, f)) })));
  };
  const [ins, outs] = await Promise.all([load('input'), load('output')]);
  const files: Record<string, string> = {};
  const inputs = assign(
    ins,
    sig.inputs.map((v) => v.name),
    'input',
    dir,
    files,
  );
  const outputs = assign(
    outs,
    sig.outputs?.map((v) => v.name),
    'output',
    dir,
    {},
  );
  return { dir, inputs, outputs, files };
}

type Loaded = NamedTensor & { file: string };

function assign(loaded: Loaded[], graphNames: string[] | undefined, kind: string, dir: string, files: Record<string, string>): TensorMap {
  const out: TensorMap = {};
  if (!graphNames) {
    // No signature (outputs of a model we did not summarise): keep the files' own names, else output_k.
    loaded.forEach((l, i) => (out[l.name || `${kind}_${i}`] = l.tensor));
    return out;
  }
  const byName = loaded.every((l) => graphNames.includes(l.name)) && new Set(loaded.map((l) => l.name)).size === loaded.length;
  if (!byName && loaded.length > graphNames.length) {
    const list = graphNames.map((n) => `"${n}"`).join(', ') || 'none';
    throw new AppError(
      'INPUT_UNKNOWN',
      `${dir} has ${loaded.length} ${kind} files but the model has ${graphNames.length} ${kind}s (${list}).`,
      `Remove the extra ${kind}_*.pb files or check that this folder belongs to this model.`,
    );
  }
  loaded.forEach((l, i) => {
    const name = byName ? l.name : graphNames[i]!;
    out[name] = l.tensor;
    files[name] = l.file;
  });
  return out;
}
