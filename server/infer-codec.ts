// An infer request's body → tensors, and outputs → the response body: pure functions, run on the
// event loop for small bodies and on the codec thread (codec-pool.ts) for big ones, where parsing
// 46 MB of JSON (~0.6 s) would otherwise stall every health probe. Two encodings:
// - JSON (docs/reference.md §Open Inference Protocol v2): tensors as number lists;
// - the binary tensor extension: a JSON header of `Inference-Header-Content-Length` bytes, then
//   each tensor whose parameters carry `binary_data_size` as raw little-endian bytes, in order
//   (BYTES as 4-byte-length-prefixed items). Responses use it for the outputs a request asks for
//   with `binary_data` (per output) or `binary_data_output` (all).
import { AppError } from '../shared/errors';
import { parseJsonExact } from '../shared/exact-json';
import { OIP_DATATYPES, isOipDatatype, oipDatatype, oipInputToWire, wireToOipOutput, type OipInput } from '../shared/oip/codec';
import { ELEM_BYTES, tensorBytes, tensorFromBytes } from '../shared/tensor-buffers';
import { tensorToWire } from '../shared/tensor-wire';
import { wireMapToTensorMap } from '../shared/tensor-json';
import type { Tensor, TensorMap, TensorType, WireTensorMap } from '../shared/tensors';
import { parseInferRequest } from './oip-request';

export const HEADER_LENGTH = 'inference-header-content-length';

export interface DecodedInfer {
  id?: string;
  /** Requested outputs (all when absent), each with whether it goes back as binary. */
  outputs?: Array<{ name: string; binary: boolean }>;
  /** `binary_data_output`: every output as binary unless it says otherwise. */
  binaryOutput: boolean;
  tensors: TensorMap;
  /** BYTES inputs the model takes as pictures: decoded by sharp on the event loop's side. */
  pictures: OipInput[];
}

/**
 * `headerLength`: the Inference-Header-Content-Length value when the binary extension is used.
 * `pictureInputs`: inputs whose BYTES are encoded pictures (left as they are for the caller).
 */
export function decodeInferBody(body: Uint8Array, headerLength: number | null, pictureInputs: readonly string[]): DecodedInfer {
  if (headerLength !== null && (!Number.isSafeInteger(headerLength) || headerLength < 0 || headerLength > body.length))
    throw new AppError(
      'INVALID_REQUEST',
      `Inference-Header-Content-Length is ${headerLength}, but the body has ${body.length} bytes.`,
      'Give the byte length of the JSON header that starts the body.',
    );
  const jsonEnd = headerLength ?? body.length;
  let raw: unknown;
  try {
    // Exact: an int64 beyond 2^53 written as a plain number (Python's json.dump) is kept as its decimal string.
    raw = parseJsonExact(Buffer.from(body.buffer, body.byteOffset, jsonEnd).toString('utf8'));
  } catch (err) {
    throw new AppError('INVALID_REQUEST', `The request body is not valid JSON: ${(err as Error).message}.`);
  }
  const req = parseInferRequest(raw);
  let at = jsonEnd;
  const wire: WireTensorMap = {};
  const tensors: TensorMap = {};
  const pictures: OipInput[] = [];
  for (const input of req.inputs) {
    if (Object.hasOwn(wire, input.name) || Object.hasOwn(tensors, input.name) || pictures.some((p) => p.name === input.name))
      throw new AppError('INVALID_REQUEST', `Input "${input.name}" is given twice.`, 'Send each input once.');
    const size = input.parameters?.binary_data_size;
    if (size !== undefined) {
      if (headerLength === null)
        throw new AppError(
          'INVALID_REQUEST',
          `Input "${input.name}" has binary_data_size but the request has no Inference-Header-Content-Length header.`,
          'Send the header with the JSON part’s byte length.',
        );
      if (!Number.isSafeInteger(size) || (size as number) < 0 || at + (size as number) > body.length)
        throw new AppError(
          'INVALID_REQUEST',
          `Input "${input.name}" declares binary_data_size ${String(size)}, but only ${body.length - at} bytes follow.`,
        );
      const bytes = body.subarray(at, at + (size as number));
      at += size as number;
      const picture = input.datatype === 'BYTES' && pictureInputs.includes(input.name);
      const t = binaryToTensor(input, bytes, picture);
      if (picture) pictures.push({ ...input, data: t.data });
      else tensors[input.name] = t;
    } else if (input.datatype === 'BYTES' && pictureInputs.includes(input.name)) pictures.push(input);
    else wire[input.name] = oipInputToWire(input);
  }
  if (headerLength !== null && at !== body.length)
    throw new AppError('INVALID_REQUEST', `${body.length - at} bytes follow the last binary input; binary_data_size does not add up.`);
  Object.assign(
    tensors,
    wireMapToTensorMap(wire, () => undefined),
  );
  const binaryOutput = req.parameters?.binary_data_output === true;
  return {
    ...(req.id !== undefined ? { id: req.id } : {}),
    ...(req.outputs
      ? { outputs: req.outputs.map((o) => ({ name: o.name, binary: (o.parameters?.binary_data ?? binaryOutput) === true })) }
      : {}),
    binaryOutput,
    tensors,
    pictures,
  };
}

/** Raw little-endian bytes → a tensor of the OIP datatype (a copy: bool bytes normalised to 0/1). */
function binaryToTensor(input: OipInput, bytes: Uint8Array, picture: boolean): Tensor {
  const label = `Input "${input.name}"`;
  if (!isOipDatatype(input.datatype))
    throw new AppError('INVALID_TENSOR', `${label} has datatype ${JSON.stringify(input.datatype)}, which is not an OIP datatype.`);
  const type: TensorType = OIP_DATATYPES[input.datatype];
  const count = input.shape.reduce((a, b) => a * b, 1);
  if (type === 'string') {
    const items: string[] = [];
    let i = 0;
    while (i < bytes.length) {
      if (i + 4 > bytes.length) throw new AppError('INVALID_TENSOR', `${label}: a BYTES item's 4-byte length is cut short.`);
      const n = new DataView(bytes.buffer, bytes.byteOffset + i, 4).getUint32(0, true);
      if (i + 4 + n > bytes.length) throw new AppError('INVALID_TENSOR', `${label}: a BYTES item of ${n} bytes is cut short.`);
      // A picture's file bytes as JSON would carry them (base64); a string as its UTF-8 text.
      items.push(Buffer.from(bytes.buffer, bytes.byteOffset + i + 4, n).toString(picture ? 'base64' : 'utf8'));
      i += 4 + n;
    }
    if (items.length !== count)
      throw new AppError('INPUT_SIZE_MISMATCH', `${label} has ${items.length} BYTES items for shape [${input.shape.join(', ')}].`);
    return { type, shape: [...input.shape], data: items };
  }
  const width = ELEM_BYTES[type];
  if (bytes.length !== count * width)
    throw new AppError(
      'INPUT_SIZE_MISMATCH',
      `${label} has ${bytes.length} bytes of ${input.datatype}; shape [${input.shape.join(', ')}] takes ${count * width}.`,
    );
  // Copied into an aligned buffer of its own: the body's offsets need not be multiples of 8.
  return tensorFromBytes(type, [...input.shape], bytes);
}

export interface EncodeMeta {
  model_name: string;
  model_version: string;
  id?: string;
}

export interface EncodedResponse {
  body: Uint8Array;
  /** The JSON part's length when binary outputs follow it. */
  headerLength?: number;
}

/** Outputs (in the order to answer) → the response body; `binary` names those sent as raw bytes. */
export function encodeInferResponse(meta: EncodeMeta, outputs: Array<[string, Tensor]>, binary: ReadonlySet<string>): EncodedResponse {
  const raw: Uint8Array[] = [];
  const list = outputs.map(([name, t]) => {
    if (!binary.has(name)) return wireToOipOutput(name, tensorToWire(t));
    const bytes = outputBytes(t);
    raw.push(bytes);
    return { name, datatype: oipDatatype(t.type), shape: t.shape, parameters: { binary_data_size: bytes.length } };
  });
  const json = Buffer.from(JSON.stringify({ ...meta, outputs: list }), 'utf8');
  if (raw.length === 0) return { body: json };
  return { body: Buffer.concat([json, ...raw]), headerLength: json.length };
}

function outputBytes(t: Tensor): Uint8Array {
  if (t.type !== 'string') return tensorBytes(t);
  const parts: Buffer[] = [];
  for (const s of t.data) {
    const b = Buffer.from(s, 'utf8');
    const n = Buffer.alloc(4);
    n.writeUInt32LE(b.length);
    parts.push(n, b);
  }
  return Buffer.concat(parts);
}
