// Tensors in the wire form (shared/tensors.ts: JSON form whose `data` may be a typed array). Why:
// a prediction's tensors are mostly float32, and turning 16K floats into a JSON list and back cost
// more than a small model's run (bench: predict overhead). Structured clone (IPC) carries typed
// arrays as they are and the WebSocket carries them in binary frames (shared/wire-frame.ts), so
// nothing in between formats or parses a number. Files and the CLI keep the JSON form.
import { tensorToJson, wireToTensor } from './tensor-json';
import type { JsonTensor, Tensor, TensorType, WireArray, WireTensor } from './tensors';

/**
 * Types whose in-memory array is already the list of their values, so it travels as it is.
 * float16 (raw bits), bool (0/1 bytes) and int64/uint64 (BigInt, past JSON's exact range) keep the
 * JSON form, which says what their values mean without a decoder on the other side.
 */
const AS_IS = new Set<TensorType>(['float32', 'float64', 'int8', 'int16', 'int32', 'uint8', 'uint16', 'uint32']);

export function tensorToWire(t: Tensor): Required<WireTensor> {
  if (AS_IS.has(t.type)) return { type: t.type, shape: [...t.shape], data: t.data as WireArray };
  return tensorToJson(t);
}

/**
 * The JSON form (docs/architecture.md §The JSON form of tensors) for files, downloads and
 * `--json`: non-finite floats as strings.
 */
export function wireToJson(t: Required<WireTensor>): Required<JsonTensor> {
  if (Array.isArray(t.data)) return t as Required<JsonTensor>;
  return tensorToJson(wireToTensor(t, 'Tensor'));
}

export function wireMapToJsonMap(map: Record<string, Required<WireTensor>>): Record<string, Required<JsonTensor>> {
  return Object.fromEntries(Object.entries(map).map(([name, t]) => [name, wireToJson(t)]));
}
