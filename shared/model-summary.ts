// What the lazy ONNX reader returns. It never contains weight bytes: tensors are described by
// dtype, dims, byte length and where the bytes live, so a summary of a 2 GiB model stays small.

import type { WeightStats } from './model-weights';

/** Element types, named as onnxruntime-node names them where ORT supports them. */
export type ElemType =
  | 'undefined'
  | 'float32'
  | 'uint8'
  | 'int8'
  | 'uint16'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'string'
  | 'bool'
  | 'float16'
  | 'float64'
  | 'uint32'
  | 'uint64'
  | 'complex64'
  | 'complex128'
  | 'bfloat16'
  | 'float8e4m3fn'
  | 'float8e4m3fnuz'
  | 'float8e5m2'
  | 'float8e5m2fnuz'
  | 'uint4'
  | 'int4'
  | 'float4e2m1'
  | 'float8e8m0'
  | 'uint2'
  | 'int2'
  | `unknown(${number})`;

/** A dimension: a fixed size, a symbolic name (equal names = equal sizes), or unknown. */
export type Dim = number | string | null;

export interface TypeInfo {
  kind: 'tensor' | 'sparse_tensor' | 'sequence' | 'map' | 'optional' | 'opaque' | 'unknown';
  /** For tensor / sparse_tensor. */
  elemType?: ElemType;
  /** For tensor / sparse_tensor; null when the rank itself is unknown. */
  shape?: Dim[] | null;
  /** Element type of sequence / optional, key+value of map. */
  inner?: TypeInfo;
  keyType?: ElemType;
  denotation?: string;
  /** Human form, e.g. "float32[N,3,224,224]" or "seq(float32[?])". */
  text: string;
}

export interface ValueInfo {
  name: string;
  type: TypeInfo;
  docString?: string;
}

/** Where a tensor's bytes are. Offsets are absolute byte offsets in the file named. */
export type TensorLocation =
  | { kind: 'raw'; offset: number; length: number } // raw_data in the model file
  | { kind: 'typed'; field: string; offset: number; length: number; split?: true } // float_data etc. (packed; split: in several records, not one byte range)
  | { kind: 'external'; location: string; offset: number; length: number }
  | { kind: 'empty' };

export interface TensorInfo {
  name: string;
  dataType: ElemType;
  dims: number[];
  elementCount: number;
  /** Bytes the values take in memory (elementCount × element size; for strings, the stored bytes). */
  byteLength: number;
  location: TensorLocation;
  /** Decoded values for small tensors only (attribute constants, shapes). int64 beyond 2^53 as strings. */
  values?: Array<number | string | boolean>;
  docString?: string;
}

export type AttributeValue =
  | { type: 'float'; value: number }
  | { type: 'int'; value: number | string }
  | { type: 'string'; value: string }
  | { type: 'floats'; value: number[] }
  | { type: 'ints'; value: Array<number | string> }
  | { type: 'strings'; value: string[] }
  | { type: 'tensor'; value: TensorInfo }
  | { type: 'tensors'; value: TensorInfo[] }
  | { type: 'graph'; value: GraphSummary }
  | { type: 'graphs'; value: GraphSummary[] }
  | { type: 'sparse_tensor' | 'sparse_tensors' | 'type_proto' | 'type_protos' | 'undefined'; value: null };

export type Attribute = AttributeValue & { name: string; refAttrName?: string; docString?: string };

export interface NodeInfo {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Attribute[];
  docString?: string;
}

export interface GraphSummary {
  name: string;
  docString?: string;
  /** Real inputs: inputs backed by an initializer are listed in overridableInitializers instead. */
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  valueInfo: ValueInfo[];
  nodes: NodeInfo[];
  initializers: TensorInfo[];
  /** Names of initializers that also appear in graph.input (overridable in IR ≥ 4). */
  overridableInitializers: string[];
  sparseInitializerCount: number;
  /** Shapes of node outputs the model does not declare, worked out by the reader (core/onnx/shape-inference.ts). */
  inferred?: InferredShapes;
}

export interface InferredShapes {
  /** Outputs whose type was worked out (never one the model declares). */
  types: ValueInfo[];
  /** Outputs left unknown, each with why, as a phrase: "Reshape with a shape computed at run time". */
  unknown: Array<{ name: string; reason: string }>;
}

export interface FunctionInfo {
  name: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: string[];
  nodes: NodeInfo[];
  opsets: OpsetId[];
}

export interface OpsetId {
  domain: string; // '' is the default ONNX domain (ai.onnx)
  version: number;
}

export interface GraphStats {
  /** Counts for the main graph only. */
  nodeCount: number;
  initializerCount: number;
  /** Every weight of the model: initializers and Constant values, main graph and bodies (shared/model-weights.ts). */
  weights: WeightStats;
  opHistogram: Record<string, number>;
  /** Everything inside If/Loop/Scan bodies, at any depth. */
  nested: { graphCount: number; nodeCount: number; initializerCount: number; maxDepth: number };
}

export interface ExternalDataFile {
  location: string;
  /** Bytes referenced by the model in this file. */
  bytes: number;
  /** Size of the file on disk. */
  fileBytes: number;
}

export interface ModelSummary {
  irVersion: number;
  opsets: OpsetId[];
  producer: { name: string; version: string };
  domain: string;
  modelVersion: number;
  docString: string;
  metadata: Record<string, string>;
  graph: GraphSummary;
  functions: FunctionInfo[];
  stats: GraphStats;
  externalData: ExternalDataFile[];
  file: { name: string; bytes: number };
}

/** `modelcrate inspect --json` output: a stable projection of the summary for scripts. */
export interface InspectJson {
  irVersion: number;
  opsets: OpsetId[];
  producer: { name: string; version: string };
  domain: string;
  modelVersion: number;
  docString: string;
  metadata: Record<string, string>;
  inputs: Array<{ name: string; type: string; shape: Dim[] | null }>;
  outputs: Array<{ name: string; type: string; shape: Dim[] | null }>;
  graph: { nodeCount: number; initializerCount: number; parameterCount: number; opHistogram: Record<string, number> };
  /** Initializers and Constant values of every graph: counts, parameters, bytes, precision. */
  weights: WeightStats;
  externalData: Array<{ location: string; bytes: number }>;
  fileBytes: number;
}

export function toInspectJson(s: ModelSummary): InspectJson {
  const io = (v: ValueInfo) => ({
    name: v.name,
    type: v.type.kind === 'tensor' ? (v.type.elemType ?? 'undefined') : v.type.text,
    shape: v.type.kind === 'tensor' ? (v.type.shape ?? null) : null,
  });
  return {
    irVersion: s.irVersion,
    opsets: s.opsets,
    producer: s.producer,
    domain: s.domain,
    modelVersion: s.modelVersion,
    docString: s.docString,
    metadata: s.metadata,
    inputs: s.graph.inputs.map(io),
    outputs: s.graph.outputs.map(io),
    graph: {
      nodeCount: s.stats.nodeCount,
      initializerCount: s.stats.initializerCount,
      parameterCount: s.stats.weights.parameterCount,
      opHistogram: s.stats.opHistogram,
    },
    weights: s.stats.weights,
    externalData: s.externalData.map((e) => ({ location: e.location, bytes: e.bytes })),
    fileBytes: s.file.bytes,
  };
}
