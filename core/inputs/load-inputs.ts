// One entry point that turns the CLI's `--inputs` specs into a tensor map (JSON tensors are in the
// form of docs/architecture.md §The JSON form of tensors). A spec is:
//   file.json            {"name": {"type"?, "shape", "data"}, …} (the JSON form)
//   folder/              an ONNX test-data folder (input_0.pb, … or test_data_set_0/)
//   name=file.npy | name=file.pb | name=file.json (one tensor) | name=image.png|jpg|jpeg|webp
//   name=zeros | name=ones | name=random[:seed]
// Every failure names the spec it came from. Signature checks (types, shapes) are not done here:
// validateInputs does them on the finished map.
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { AppError, toErrorData } from '../../shared/errors';
import { FILLS, generateInput } from '../../shared/generate-inputs';
import type { Fill } from '../../shared/generate-inputs';
import type { ValueInfo } from '../../shared/model-summary';
import { parseNpy } from '../../shared/npy';
import { inferPreprocessing, parsePreprocessing } from '../../shared/preprocessing';
import type { PreprocessingSpecInput } from '../../shared/preprocessing';
import { wireMapToTensorMap, wireToTensor } from '../../shared/tensor-json';
import { parseTensorProto } from '../../shared/tensor-proto';
import { isTensorType } from '../../shared/tensors';
import type { JsonTensor, JsonTensorMap, Tensor, TensorMap, TensorType } from '../../shared/tensors';
import { pictureToTensor } from './picture';
import { readTestDataDir } from './test-data-dir';

export interface LoadInputsOptions {
  /** Sizes for symbolic dims of generated inputs, by name. */
  dims?: Record<string, number>;
  /** Size for symbolic dims not in `dims` and for unknown dims (default 1). */
  defaultDim?: number;
  /** Preprocessing for image specs, by input name; otherwise inferred from the signature. */
  preprocessing?: Record<string, PreprocessingSpecInput>;
  /** Use ImageNet mean/std in inferred preprocessing. */
  preset?: 'imagenet';
  /** Folder relative paths are resolved against (default: the working directory). */
  cwd?: string;
  /** The model's outputs, to name the expected outputs of test-data folders. */
  outputs?: readonly ValueInfo[];
}

export interface LoadedInputs {
  inputs: TensorMap;
  /** Expected outputs found in test-data folders (output_k.pb). */
  expectedOutputs: TensorMap;
  /** The spec each input came from. */
  sources: Record<string, string>;
}

const PICTURE_EXT = new Set(['.png', '.jpg', '.jpeg', '.webp']);
const GENERATED = /^(zeros|ones|random)(?::(\d+))?$/;

export async function loadInputs(specs: string[], inputs: ValueInfo[], opts: LoadInputsOptions = {}): Promise<TensorMap> {
  return (await loadInputSet(specs, inputs, opts)).inputs;
}

export async function loadInputSet(
  specs: readonly string[],
  inputs: readonly ValueInfo[],
  opts: LoadInputsOptions = {},
): Promise<LoadedInputs> {
  const out: LoadedInputs = { inputs: {}, expectedOutputs: {}, sources: {} };
  for (const spec of specs) {
    let loaded: { inputs: TensorMap; outputs?: TensorMap };
    try {
      loaded = await loadOne(spec, inputs, opts);
    } catch (e) {
      const d = toErrorData(e);
      throw new AppError(d.code, `In --inputs "${spec}": ${d.message}`, d.hint);
    }
    for (const [name, t] of Object.entries(loaded.inputs)) {
      const before = out.sources[name];
      if (before !== undefined) {
        throw new AppError('INVALID_REQUEST', `Input "${name}" is given twice: by "${before}" and by "${spec}".`, 'Give each input once.');
      }
      out.inputs[name] = t;
      out.sources[name] = spec;
    }
    Object.assign(out.expectedOutputs, loaded.outputs);
  }
  return out;
}

async function loadOne(
  spec: string,
  inputs: readonly ValueInfo[],
  opts: LoadInputsOptions,
): Promise<{ inputs: TensorMap; outputs?: TensorMap }> {
  const path = (p: string) => resolve(opts.cwd ?? process.cwd(), p);
  // name=value: the longest input name that prefixes the spec (names may themselves contain '=').
  const named = inputs.filter((i) => spec.startsWith(`${i.name}=`)).sort((a, b) => b.name.length - a.name.length)[0];
  if (named) return { inputs: { [named.name]: await loadNamed(named, spec.slice(named.name.length + 1), opts, path) } };

  const info = await stat(path(spec)).catch(() => null);
  if (!info) {
    const eq = spec.indexOf('=');
    if (eq > 0) {
      const list = inputs.map((i) => `"${i.name}"`).join(', ') || 'none';
      throw new AppError(
        'INPUT_UNKNOWN',
        `The model has no input named "${spec.slice(0, eq)}"; its inputs are ${list}.`,
        'Write name=value with one of those names.',
      );
    }
    throw new AppError('FILE_NOT_FOUND', `File not found: ${path(spec)}`, 'Check the path and try again.');
  }
  if (info.isDirectory()) {
    const set = await readTestDataDir(path(spec), { inputs, outputs: opts.outputs });
    return { inputs: set.inputs, outputs: set.outputs };
  }
  if (extname(spec).toLowerCase() !== '.json') {
    throw new AppError(
      'INVALID_REQUEST',
      'A file without a name must be a .json file of tensors or an ONNX test-data folder.',
      'For .npy, .pb and images write name=file, e.g. input=image.png.',
    );
  }
  const json = await readJson(path(spec));
  if (
    !json ||
    typeof json !== 'object' ||
    Array.isArray(json) ||
    Object.values(json).some((v) => !v || typeof v !== 'object' || Array.isArray(v))
  ) {
    throw new AppError(
      'INVALID_TENSOR',
      'The JSON file must be an object of tensors: {"name": {"type": "float32", "shape": [1, 3], "data": [1, 2, 3]}}.',
    );
  }
  return { inputs: wireMapToTensorMap(json as JsonTensorMap, (n) => typeOf(inputs.find((i) => i.name === n))) };
}

async function loadNamed(input: ValueInfo, value: string, opts: LoadInputsOptions, path: (p: string) => string): Promise<Tensor> {
  const gen = GENERATED.exec(value);
  if (gen) {
    const seed = gen[2] === undefined ? 0 : Number(gen[2]);
    if (!(seed <= 0xffffffff))
      throw new AppError('INVALID_REQUEST', `Seed ${gen[2]} is out of range; seeds are integers from 0 to 4294967295.`);
    return generateInput(input, { fill: gen[1] as Fill, seed, dims: opts.dims, defaultDim: opts.defaultDim });
  }
  const ext = extname(value).toLowerCase();
  const file = path(value);
  if (ext === '.npy') return parseNpy(await readFile(file), file);
  if (ext === '.pb') return parseTensorProto(await readFile(file), file).tensor;
  if (ext === '.json') {
    // One tensor, or the map form holding this input.
    const json = (await readJson(file)) as Record<string, unknown> | null;
    const one = json && typeof json === 'object' && !('shape' in json) && input.name in json ? json[input.name] : json;
    return wireToTensor(one as JsonTensor, `Input "${input.name}"`, typeOf(input));
  }
  if (PICTURE_EXT.has(ext)) {
    const given = opts.preprocessing?.[input.name];
    const spec = given ? parsePreprocessing(given) : inferPreprocessing(input, { preset: opts.preset });
    if (!spec) {
      throw new AppError(
        'INVALID_REQUEST',
        `Input "${input.name}" is ${input.type.text}, which does not look like an image input ([N,3,H,W] or [N,H,W,3] of float or uint8).`,
        'Give this input as .npy, .pb or .json, or pass a preprocessing spec for it.',
      );
    }
    return pictureToTensor(file, spec, file);
  }
  throw new AppError(
    'INVALID_REQUEST',
    `"${value}" is neither a file type inputs can be read from nor ${FILLS.join(' / ')}.`,
    'Use .npy, .pb, .json, .png, .jpg or .webp files, or zeros, ones, random[:seed].',
  );
}

function typeOf(input: ValueInfo | undefined): TensorType | undefined {
  const t = input?.type.elemType;
  return input?.type.kind === 'tensor' && isTensorType(t) ? t : undefined;
}

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError('INVALID_TENSOR', `${file} is not valid JSON (${(e as Error).message}).`);
  }
}
