// The tables of the TFLite schema this reader uses, with each field's vtable slot
// (tensorflow/compiler/mlir/lite/schema/schema.fbs). A slot is the field's position in the table;
// a union takes two (its _type byte, then the value), and deprecated fields keep theirs.
import type { FbSchema } from './flatbuffer';

export const MODEL = {
  name: 'Model',
  fields: {
    version: 0,
    operator_codes: 1,
    subgraphs: 2,
    description: 3,
    buffers: 4,
    metadata_buffer: 5,
    metadata: 6,
    signature_defs: 7,
    external_buffer_groups: 8,
    external_buffers: 9,
  },
} as const satisfies FbSchema<string>;

export const OPERATOR_CODE = {
  name: 'OperatorCode',
  fields: { deprecated_builtin_code: 0, custom_code: 1, version: 2, builtin_code: 3 },
} as const satisfies FbSchema<string>;

export const SUBGRAPH = {
  name: 'SubGraph',
  fields: { tensors: 0, inputs: 1, outputs: 2, operators: 3, name: 4 },
} as const satisfies FbSchema<string>;

export const TENSOR = {
  name: 'Tensor',
  fields: {
    shape: 0,
    type: 1,
    buffer: 2,
    name: 3,
    quantization: 4,
    is_variable: 5,
    sparsity: 6,
    shape_signature: 7,
    has_rank: 8,
    variant_tensors: 9,
    external_buffer: 10,
  },
} as const satisfies FbSchema<string>;

export const QUANTIZATION = {
  name: 'QuantizationParameters',
  fields: { min: 0, max: 1, scale: 2, zero_point: 3, details_type: 4, details: 5, quantized_dimension: 6 },
} as const satisfies FbSchema<string>;

export const OPERATOR = {
  name: 'Operator',
  fields: { opcode_index: 0, inputs: 1, outputs: 2 },
} as const satisfies FbSchema<string>;

export const BUFFER = {
  name: 'Buffer',
  fields: { data: 0, offset: 1, size: 2 },
} as const satisfies FbSchema<string>;

export const METADATA = {
  name: 'Metadata',
  fields: { name: 0, buffer: 1 },
} as const satisfies FbSchema<string>;

export const TENSOR_MAP = {
  name: 'TensorMap',
  fields: { name: 0, tensor_index: 1 },
} as const satisfies FbSchema<string>;

export const SIGNATURE_DEF = {
  name: 'SignatureDef',
  fields: { inputs: 0, outputs: 1, signature_key: 2, deprecated_tag: 3, subgraph_index: 4 },
} as const satisfies FbSchema<string>;

export const EXTERNAL_BUFFER_GROUP = {
  name: 'ExternalBufferGroup',
  fields: { name: 0 },
} as const satisfies FbSchema<string>;

export const EXTERNAL_BUFFER = {
  name: 'ExternalBuffer',
  fields: { id: 0, group: 1, offset: 2, length: 3, packing: 4 },
} as const satisfies FbSchema<string>;
