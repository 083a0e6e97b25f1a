// Inputs generated from the model's signature: zeros, ones, or seeded random values. Random values
// come from mulberry32 (32-bit integer arithmetic only), so a seed gives the same tensors in every
// run, on every machine, in the studio, the CLI and the server. Each input draws from its own
// stream (seed mixed with a hash of its name), so adding an input never changes the others.
//
// Random ranges: floats uniform in [0, 1); uint8 in [0, 255] (pixel-like); bool false/true; other
// integer types in [0, 9] (safe as indices, token or class ids); strings "sample-<k>", k in [0, 9].
// zeros: 0 / false / ""; ones: 1 / true / "sample".
import { AppError } from './errors';
import { numberToHalf } from './float16';
import type { Dim, ValueInfo } from './model-summary';
import { ELEM_BYTES, allocTensor, elementCount } from './tensor-buffers';
import type { Tensor, TensorMap } from './tensors';
import { DEFAULT_MAX_INPUT_BYTES, expectedTensorType, shapeText } from './validate-inputs';

export const FILLS = ['zeros', 'ones', 'random'] as const;
export type Fill = (typeof FILLS)[number];

export interface GenerateOptions {
  fill: Fill;
  /** For random: the seed (an unsigned 32-bit integer; default 0). */
  seed?: number;
  /**
   * Sizes for open dims: by the dim's symbolic name (`seq`), or by input name and axis (`input.1`),
   * which also reaches unnamed dims; the axis form wins. A dim not listed gets `defaultDim`.
   */
  dims?: Record<string, number>;
  /** Size for symbolic dims not in `dims` and for unknown dims (default 1). */
  defaultDim?: number;
  /** Largest tensor generated, in bytes (default: validateInputs' limit). */
  maxBytes?: number;
}

/** The concrete shape for an input: fixed dims as they are, symbolic/unknown dims from the options. */
export function resolveShape(input: ValueInfo, opts: Pick<GenerateOptions, 'dims' | 'defaultDim'> = {}): number[] {
  const shape = input.type.shape;
  if (shape === null || shape === undefined) {
    throw new AppError(
      'INVALID_REQUEST',
      `Input "${input.name}" has no known rank, so its shape cannot be generated.`,
      'Give this input as a file (.json, .npy or .pb) instead.',
    );
  }
  const fallback = opts.defaultDim ?? 1;
  return shape.map((d: Dim, axis) => {
    const size = typeof d === 'number' ? d : (givenSize(input.name, axis, d, opts.dims) ?? fallback);
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new AppError(
        'INVALID_REQUEST',
        `Dim ${d === null ? '?' : JSON.stringify(d)} of input "${input.name}" would get size ${size}; sizes are whole numbers ≥ 0.`,
      );
    }
    return size;
  });
}

function givenSize(input: string, axis: number, d: string | null, dims: Record<string, number> | undefined): number | undefined {
  if (!dims) return undefined;
  const byAxis = dims[`${input}.${axis}`];
  if (byAxis !== undefined) return byAxis;
  return d === null ? undefined : dims[d];
}

/** A dim no option sized: generated inputs fill it with the default, which the model may not run. */
export interface OpenDim {
  input: string;
  axis: number;
  /** The symbolic name, or null for an unnamed dim. */
  name: string | null;
}

/** The dims of these inputs that neither the model nor `dims` fix. */
export function openDims(inputs: readonly ValueInfo[], dims?: Record<string, number>): OpenDim[] {
  const out: OpenDim[] = [];
  for (const input of inputs) {
    (input.type.shape ?? []).forEach((d, axis) => {
      if (typeof d !== 'number' && givenSize(input.name, axis, d, dims) === undefined) out.push({ input: input.name, axis, name: d });
    });
  }
  return out;
}

/**
 * What to say when generated inputs did not run: which dims were guessed and how to size them
 * (`--dim NAME=SIZE` for a named dim, `--dim INPUT.AXIS=SIZE` for any), or to give real inputs.
 * Empty when nothing was guessed.
 */
export function openDimsHint(open: readonly OpenDim[], fallback = 1): string {
  if (!open.length) return '';
  const shown = open.slice(0, 6).map((o) => (o.name ? `"${o.name}" (${o.input} dim ${o.axis})` : `${o.input} dim ${o.axis}`));
  const example = open.find((o) => o.name === null) ?? open[0]!;
  const flag = example.name ? `--dim ${example.name}=SIZE` : `--dim ${example.input}.${example.axis}=SIZE`;
  return `Generated inputs filled ${open.length === 1 ? 'an open dim' : `${open.length} open dims`} with ${fallback}: ${shown.join(', ')}${open.length > 6 ? ', …' : ''}. Give sizes the model runs with (${flag}; INPUT.AXIS reaches unnamed dims), or give real inputs with --inputs.`;
}

/** One generated input. */
export function generateInput(input: ValueInfo, opts: GenerateOptions): Tensor {
  const type = expectedTensorType(input); // UNSUPPORTED_TYPE for what onnxruntime cannot feed
  const shape = resolveShape(input, opts);
  const n = elementCount(shape);
  const bytes = n * (type === 'string' ? 16 : ELEM_BYTES[type]);
  const max = opts.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  if (bytes > max) {
    throw new AppError(
      'INPUT_TOO_LARGE',
      `Input "${input.name}" would be ${shapeText(shape)} (${n} elements of ${type}), more than the ${max}-byte limit.`,
      'Give its symbolic dims smaller sizes.',
    );
  }
  const t = allocTensor(type, shape);
  if (opts.fill === 'zeros') return t;
  const next = opts.fill === 'random' ? mulberry32(mix(opts.seed ?? 0, input.name)) : undefined;
  // u in [0, 1): a uint32 draw / 2^32, or 1 for ones (only floats use it as is).
  const u = next ? () => next() / 2 ** 32 : () => 1;
  const int = (span: number) => (next ? Math.floor(u() * span) : 1);
  const d = t.data;
  switch (t.type) {
    case 'string':
      for (let i = 0; i < n; i++) t.data[i] = next ? `sample-${int(10)}` : 'sample';
      break;
    case 'float16':
      for (let i = 0; i < n; i++) t.data[i] = numberToHalf(u());
      break;
    case 'float32':
    case 'float64':
      for (let i = 0; i < n; i++) t.data[i] = u();
      break;
    case 'bool':
      for (let i = 0; i < n; i++) t.data[i] = int(2);
      break;
    case 'int64':
    case 'uint64':
      for (let i = 0; i < n; i++) t.data[i] = BigInt(int(10));
      break;
    default:
      for (let i = 0; i < n; i++) (d as Int32Array)[i] = int(t.type === 'uint8' ? 256 : 10);
  }
  return t;
}

/** Every input of a signature, generated the same way. */
export function generateInputs(inputs: readonly ValueInfo[], opts: GenerateOptions): TensorMap {
  const out: TensorMap = {};
  for (const input of inputs) out[input.name] = generateInput(input, opts);
  return out;
}

/** mulberry32: a small, fast, well-mixed 32-bit PRNG; returns uint32 draws. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** The stream seed of one input: the user's seed mixed with the FNV-1a hash of the input's UTF-8 name. */
export function mix(seed: number, name: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(name)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return (h ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0;
}
