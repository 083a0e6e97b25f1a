// The Test step's inputs as data: which size fields the signature needs, which editors (tabs) an
// input offers, and how an editor's state becomes a JSON tensor — checked with the shared codec and
// validator, so the step reports the same codes and messages as the studio, the CLI and the server.
import { AppError, toErrorData, type ErrorData } from '../../../shared/errors';
import { generateInput, type Fill } from '../../../shared/generate-inputs';
import type { ValueInfo } from '../../../shared/model-summary';
import { inferInputKind } from '../../../shared/metadata/input-kind';
import { inferPreprocessing } from '../../../shared/preprocessing';
import { elementCount, tensorToJson, wireToTensor } from '../../../shared/tensor-json';
import type { JsonScalar, JsonTensor, TensorType } from '../../../shared/tensors';
import { expectedTensorType, validateInputs } from '../../../shared/validate-inputs';

import type { InputDraft, InputTab } from '../../store/test-types';

export type { InputTab };
export const TAB_LABELS: Record<InputTab, string> = { grid: 'Grid', json: 'JSON', file: 'File', image: 'Image', generate: 'Generate' };
/** Bigger tensors get no grid: 256 fields is already a lot to tab through. */
export const GRID_MAX = 256;

export interface DimField {
  key: string;
  /** The symbolic name, or "x · dim 1" for an unknown size. */
  label: string;
  symbolic: boolean;
  /** Inputs that use it (a symbolic name shared by inputs is one field). */
  inputs: string[];
}

export type Dims = Record<string, number>;
export type Outcome = { tensor: JsonTensor } | { error: ErrorData };

/** Unknown dims have no name: each gets a field of its own, keyed by input and axis. */
export const unknownDimKey = (input: string, axis: number) => `${input}#${axis}`;

export function dimFields(inputs: readonly ValueInfo[]): DimField[] {
  const fields = new Map<string, DimField>();
  for (const input of inputs) {
    (input.type.shape ?? []).forEach((d, axis) => {
      if (typeof d === 'number') return;
      const key = d === null ? unknownDimKey(input.name, axis) : d;
      const field = fields.get(key) ?? { key, label: d ?? `${input.name} · dim ${axis}`, symbolic: d !== null, inputs: [] };
      if (!field.inputs.includes(input.name)) field.inputs.push(input.name);
      fields.set(key, field);
    });
  }
  return [...fields.values()];
}

/** The shape the grid and Generate use; null when the signature gives no rank. */
export function concreteShape(input: ValueInfo, dims: Dims): number[] | null {
  const shape = input.type.shape;
  if (!shape) return null;
  return shape.map((d, axis) => (typeof d === 'number' ? d : (dims[d ?? unknownDimKey(input.name, axis)] ?? 1)));
}

/** The tensor type to feed, or the UNSUPPORTED_TYPE error to show instead of editors. */
export function inputType(input: ValueInfo): { type: TensorType } | { error: ErrorData } {
  try {
    return { type: expectedTensorType(input) };
  } catch (e) {
    return { error: toErrorData(e) };
  }
}

export function tabsFor(input: ValueInfo): InputTab[] {
  const tabs: InputTab[] = [];
  if (input.type.shape) tabs.push('grid');
  tabs.push('json', 'file');
  if (inferPreprocessing(input)) tabs.push('image');
  if (input.type.shape) tabs.push('generate');
  return tabs;
}

/**
 * Pictures for inputs inferred to be images (inferInputKind: the image tab is offered for any
 * picture-shaped input, but a [1,25,96] feature block does not start on it), a grid for small
 * tensors, generated values otherwise.
 */
export function defaultTab(input: ValueInfo, dims: Dims): InputTab {
  const tabs = tabsFor(input);
  if (tabs.includes('image') && inferInputKind(input).kind === 'image') return 'image';
  const shape = concreteShape(input, dims);
  if (shape && elementCount(shape) <= GRID_MAX) return 'grid';
  return tabs.includes('generate') ? 'generate' : 'json';
}

/** A cell's text → a JSON value: strings stay text, bools accept true/false/1/0, numbers parse. */
export function cellValue(text: string, type: TensorType): JsonScalar {
  if (type === 'string') return text;
  const t = text.trim();
  if (type === 'bool') return t === 'true' || t === '1' ? true : t === 'false' || t === '0' ? false : t;
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return t; // "NaN", "Infinity", or a mistake the codec names with its element index
}

/** Cells for a shape: those typed so far, then zeros (false / "" for bool / string). */
export function gridCells(cells: readonly string[], count: number, type: TensorType): string[] {
  const fill = type === 'bool' ? 'false' : type === 'string' ? '' : '0';
  return Array.from({ length: count }, (_, i) => cells[i] ?? fill);
}

export function gridTensor(cells: readonly string[], shape: number[], type: TensorType): JsonTensor {
  return { type, shape, data: gridCells(cells, elementCount(shape), type).map((c) => cellValue(c, type)) };
}

/**
 * The JSON editor's text → a tensor in the JSON form (docs/architecture.md §The JSON form of
 * tensors); parse errors name line and column.
 */
export function parseJsonText(text: string, name: string): JsonTensor {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new AppError(
      'INVALID_TENSOR',
      `Input "${name}" is not valid JSON: ${(e as Error).message}.`,
      'Write one object: {"type": "float32", "shape": [1, 4], "data": [0, 0, 0, 0]}.',
    );
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new AppError(
      'INVALID_TENSOR',
      `Input "${name}" must be one JSON object with "shape" and "data".`,
      'For example {"type": "float32", "shape": [1, 4], "data": [0, 0, 0, 0]}.',
    );
  }
  const extra = Object.keys(value).filter((k) => k !== 'type' && k !== 'shape' && k !== 'data');
  if (extra.length)
    throw new AppError(
      'INVALID_TENSOR',
      `Input "${name}" has unexpected key${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')}.`,
      'Only "type", "shape" and "data" belong in a tensor.',
    );
  return value as JsonTensor;
}

/** A template for the JSON editor: the current shape filled with zeros (left empty when large). */
export function jsonTemplate(input: ValueInfo, dims: Dims, type: TensorType): string {
  const shape = concreteShape(input, dims) ?? [1];
  const n = elementCount(shape);
  const data = n <= 1024 ? gridTensor([], shape, type).data : [];
  return `{"type": "${type}", "shape": [${shape.join(', ')}], "data": [${data.map((v) => JSON.stringify(v)).join(', ')}]}`;
}

export function generated(input: ValueInfo, dims: Dims, fill: Fill, seed: number): JsonTensor {
  const shape = concreteShape(input, dims);
  if (!shape)
    throw new AppError(
      'INVALID_REQUEST',
      `Input "${input.name}" has no known rank, so its values cannot be generated.`,
      'Use JSON or a file.',
    );
  return tensorToJson(generateInput({ ...input, type: { ...input.type, shape } }, { fill, seed }));
}

/**
 * Decodes with the shared codec and checks the tensor against this input's signature alone (type,
 * rank, fixed dims, element count). Sizes shared between inputs are checked at Run. No size cap
 * here: the host applies its own.
 */
export function checkInput(tensor: JsonTensor, input: ValueInfo, type: TensorType): ErrorData | null {
  try {
    const t = wireToTensor(tensor, `Input "${input.name}"`, type);
    validateInputs({ [input.name]: t }, [input], { maxBytes: Number.POSITIVE_INFINITY });
    return null;
  } catch (e) {
    return toErrorData(e);
  }
}

/** The input an error is about: messages name it as `Input "x"` (the shared validator's form). */
export function inputOfError(error: ErrorData, names: readonly string[]): string | null {
  for (const m of error.message.matchAll(/[Ii]nput "((?:[^"\\]|\\.)*)"/g)) {
    if (names.includes(m[1]!)) return m[1]!;
  }
  return null;
}

export function defaultDraft(input: ValueInfo, dims: Dims): InputDraft {
  return {
    tab: defaultTab(input, dims),
    grid: [],
    json: null,
    file: null,
    fileError: null,
    image: { spec: inferPreprocessing(input), fileName: null, base64: null, result: null, busy: false, error: null },
    generate: { fill: 'random', seed: 0 },
  };
}

const missing = (name: string, what: string, hint: string): { error: ErrorData } => ({
  error: { code: 'INPUT_MISSING', message: `Input "${name}" has no ${what} yet.`, hint },
});

/** The tensor the active tab holds for this input, or why there is none. Not yet checked. */
export function draftTensor(draft: InputDraft, input: ValueInfo, dims: Dims, type: TensorType): Outcome {
  try {
    switch (draft.tab) {
      case 'grid': {
        const shape = concreteShape(input, dims);
        if (!shape)
          return {
            error: { code: 'INVALID_REQUEST', message: `Input "${input.name}" has no known rank for a grid.`, hint: 'Use JSON or a file.' },
          };
        return { tensor: gridTensor(draft.grid, shape, type) };
      }
      case 'json':
        return { tensor: parseJsonText(draft.json ?? jsonTemplate(input, dims, type), input.name) };
      case 'file':
        return draft.fileError
          ? { error: draft.fileError }
          : draft.file
            ? { tensor: draft.file.tensor }
            : missing(input.name, 'file', 'Drop or pick a .npy or .pb file.');
      case 'image': {
        const img = draft.image;
        if (img.error) return { error: img.error };
        return img.result ? { tensor: img.result.tensor } : missing(input.name, 'picture', 'Drop or pick a PNG or JPEG.');
      }
      case 'generate':
        return { tensor: generated(input, dims, draft.generate.fill, draft.generate.seed) };
    }
  } catch (e) {
    return { error: toErrorData(e) };
  }
}

/** draftTensor, then checked against the input's signature. */
export function resolveDraft(draft: InputDraft, input: ValueInfo, dims: Dims): Outcome {
  const t = inputType(input);
  if ('error' in t) return t;
  const out = draftTensor(draft, input, dims, t.type);
  if ('error' in out) return out;
  const error = checkInput(out.tensor, input, t.type);
  return error ? { error } : out;
}
