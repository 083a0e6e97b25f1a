// Open Inference Protocol v2 tensors ⇄ the studio's forms. An OIP tensor is {name, shape, datatype,
// data} with data row-major, flat or nested; ours is {type, shape, data} flat. The mapping is 1:1
// (docs/architecture.md §The JSON form of tensors), so values go through the studio's own codec and
// validation: the server refuses what the studio refuses, with its words.
// 64-bit integers: numbers when exact, decimal strings beyond 2^53 (both accepted on input), as in
// the JSON form; non-finite floats as "NaN" / "Infinity" / "-Infinity", which JSON cannot carry.
import { AppError } from '../errors';
import type { Dim, ValueInfo } from '../model-summary';
import { wireToJson } from '../tensor-wire';
import type { JsonScalar, TensorType, WireTensor } from '../tensors';

export const OIP_DATATYPES = {
  BOOL: 'bool',
  UINT8: 'uint8',
  UINT16: 'uint16',
  UINT32: 'uint32',
  UINT64: 'uint64',
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FP16: 'float16',
  FP32: 'float32',
  FP64: 'float64',
  BYTES: 'string',
} as const satisfies Record<string, TensorType>;
export type OipDatatype = keyof typeof OIP_DATATYPES;

const BY_TYPE = Object.fromEntries(Object.entries(OIP_DATATYPES).map(([k, v]) => [v, k])) as Record<TensorType, OipDatatype>;

export function oipDatatype(type: TensorType): OipDatatype {
  return BY_TYPE[type];
}

export function isOipDatatype(d: unknown): d is OipDatatype {
  return typeof d === 'string' && Object.hasOwn(OIP_DATATYPES, d);
}

export interface OipTensorMeta {
  name: string;
  datatype: string;
  shape: number[];
}

/** A signature entry as OIP model metadata shows it: variable dims (symbolic or unknown) as -1. */
export function oipTensorMeta(v: ValueInfo): OipTensorMeta {
  const elem = v.type.elemType;
  const datatype = elem && Object.hasOwn(BY_TYPE, elem) ? BY_TYPE[elem as TensorType] : v.type.text;
  return { name: v.name, datatype, shape: (v.type.shape ?? []).map((d: Dim) => (typeof d === 'number' ? d : -1)) };
}

export interface OipInput {
  name: string;
  shape: number[];
  datatype: string;
  parameters?: Record<string, unknown>;
  data: unknown;
}

export interface OipOutput {
  name: string;
  shape: number[];
  datatype: OipDatatype;
  data: JsonScalar[];
}

/** Nested lists flattened row-major; a flat list is returned as it is (no copy on the hot path). */
export function flatData(data: unknown, label: string): JsonScalar[] {
  if (!Array.isArray(data))
    throw new AppError('INVALID_TENSOR', `${label} has no "data" list.`, 'Give the values row-major, flat or nested: "data": [1, 2, 3].');
  if (data.length === 0 || !Array.isArray(data[0])) return data as JsonScalar[];
  const out: JsonScalar[] = [];
  const walk = (a: unknown[]): void => {
    for (const v of a) {
      if (Array.isArray(v)) walk(v);
      else out.push(v as JsonScalar);
    }
  };
  walk(data);
  return out;
}

/** One OIP input → the wire form the Predictor decodes (type from the OIP datatype). */
export function oipInputToWire(input: OipInput): WireTensor {
  const label = `Input "${input.name}"`;
  if (!isOipDatatype(input.datatype)) {
    throw new AppError(
      'INVALID_TENSOR',
      `${label} has datatype ${JSON.stringify(input.datatype)}, which is not an Open Inference Protocol datatype.`,
      `Use one of ${Object.keys(OIP_DATATYPES).join(', ')}.`,
    );
  }
  return { type: OIP_DATATYPES[input.datatype], shape: input.shape, data: flatData(input.data, label) };
}

/** A Predictor output (wire form) → an OIP output, data flat in the JSON form. */
export function wireToOipOutput(name: string, t: Required<WireTensor>): OipOutput {
  const json = wireToJson(t);
  return { name, datatype: oipDatatype(json.type!), shape: json.shape, data: json.data };
}
