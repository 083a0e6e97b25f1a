// Checks inputs against the model's signature before anything reaches onnxruntime, so a mistake
// comes back as a typed error that names the input and says what was expected (onnxruntime's own
// messages name neither). Pure: the studio, the CLI and later the server give the same messages.
import { AppError } from './errors';
import { formatBytes } from './format';
import type { Dim, ValueInfo } from './model-summary';
import { elementCount, tensorByteLength } from './tensor-json';
import { isTensorType, type Tensor, type TensorMap, type TensorType } from './tensors';

/** Inputs bigger than this together are refused (configurable per caller). */
export const DEFAULT_MAX_INPUT_BYTES = 2 ** 30;

export interface ValidateOptions {
  maxBytes?: number;
  /** Names that may be fed but need not be (initializers listed in graph.input, IR ≥ 4). */
  optional?: readonly string[];
}

/** `[batch,4]` — symbolic dims by name, unknown ones as `?`. */
export function shapeText(shape: readonly Dim[]): string {
  return `[${shape.map((d) => (d === null ? '?' : String(d))).join(',')}]`;
}

/** The tensor type the signature asks for; UNSUPPORTED_TYPE for what onnxruntime-node cannot feed. */
export function expectedTensorType(input: ValueInfo): TensorType {
  const t = input.type;
  if (t.kind !== 'tensor') {
    throw new AppError(
      'UNSUPPORTED_TYPE',
      `Input "${input.name}" is a ${t.text}; only tensor inputs can be fed.`,
      'Models with sequence, map or optional inputs cannot be tested here yet.',
    );
  }
  if (!isTensorType(t.elemType)) {
    throw new AppError(
      'UNSUPPORTED_TYPE',
      `Input "${input.name}" is ${t.elemType ?? 'of no type'}, which onnxruntime-node cannot feed.`,
      "Convert the model's inputs to a supported type (e.g. float32).",
    );
  }
  return t.elemType;
}

/** Unknown names first (a typo shows up as unknown + missing; the unknown message lists the right names). */
export function checkInputNames(names: readonly string[], signature: readonly ValueInfo[], optional: readonly string[] = []): void {
  const expected = signature.map((s) => s.name);
  const list = expected.map((n) => `"${n}"`).join(', ') || 'none';
  for (const name of names) {
    if (!expected.includes(name) && !optional.includes(name)) {
      throw new AppError(
        'INPUT_UNKNOWN',
        `The model has no input named "${name}"; its inputs are ${list}.`,
        'Rename or remove that input.',
      );
    }
  }
  for (const input of signature) {
    if (!names.includes(input.name)) {
      throw new AppError(
        'INPUT_MISSING',
        `Input "${input.name}" is missing: the model expects ${input.type.text}.`,
        `Provide every input: ${list}.`,
      );
    }
  }
}

export function validateInputs(inputs: TensorMap, signature: readonly ValueInfo[], opts: ValidateOptions = {}): void {
  checkInputNames(Object.keys(inputs), signature, opts.optional);
  // Sizes already given to each symbolic dim, and where: equal names mean equal sizes graph-wide.
  const bound = new Map<string, Binding>();
  for (const input of signature) {
    const t = inputs[input.name]!;
    const type = expectedTensorType(input);
    const label = `Input "${input.name}"`;
    if (t.type !== type) {
      throw new AppError('INPUT_TYPE_MISMATCH', `${label} is ${t.type} but the model expects ${type}.`, `Convert the values to ${type}.`);
    }
    checkShape(label, t, input.type.shape ?? null, bound);
    const count = elementCount(t.shape);
    if (t.data.length !== count) {
      throw new AppError(
        'INPUT_SIZE_MISMATCH',
        `${label} has shape ${shapeText(t.shape)} (${count} elements) but ${t.data.length} values.`,
        'Give exactly as many values as the shape holds, flat and row-major.',
      );
    }
  }
  const max = opts.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  let total = 0;
  for (const name in inputs) total += tensorByteLength(inputs[name]!);
  if (total > max) {
    const sizes = Object.entries(inputs).map(([name, t]) => [name, tensorByteLength(t)] as const);
    const [name, bytes] = sizes.reduce((a, b) => (b[1] > a[1] ? b : a));
    throw new AppError(
      'INPUT_TOO_LARGE',
      `The inputs take ${formatBytes(total)} (input "${name}" alone ${formatBytes(bytes)}); the limit is ${formatBytes(max)}.`,
      'Use a smaller batch, or raise the input size limit.',
    );
  }
}

/** The first size given to a symbolic dim, and where (input label, dimension index). */
interface Binding {
  size: number;
  label: string;
  dim: number;
}

function checkShape(label: string, t: Tensor, expected: readonly Dim[] | null, bound: Map<string, Binding>): void {
  if (expected === null) return; // rank unknown: anything goes
  // Messages only: built when one is thrown, not on every valid call.
  const given = () => shapeText(t.shape);
  const want = () => shapeText(expected);
  if (t.shape.length !== expected.length) {
    throw new AppError(
      'INPUT_RANK_MISMATCH',
      `${label} has shape ${given()} (rank ${t.shape.length}) but the model expects ${want()} (rank ${expected.length}).`,
    );
  }
  expected.forEach((dim, i) => {
    const size = t.shape[i]!;
    if (typeof dim === 'number' && size !== dim) {
      throw new AppError(
        'INPUT_DIM_MISMATCH',
        `${label} has shape ${given()} but the model expects ${want()}: dimension ${i} must be ${dim}.`,
      );
    }
    if (typeof dim === 'string') {
      const seen = bound.get(dim);
      if (seen && seen.size !== size) {
        throw new AppError(
          'INPUT_DIM_CONFLICT',
          `${label} has shape ${given()} but the model expects ${want()}: dimension ${i} ("${dim}") must be ${seen.size}, as in ${seen.label.replace('Input', 'input')} dimension ${seen.dim}.`,
          `Every "${dim}" must have the same size.`,
        );
      }
      if (!seen) bound.set(dim, { size, label, dim: i });
    }
  });
}
