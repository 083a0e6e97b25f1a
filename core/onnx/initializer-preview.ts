// The first values of one initializer, read from the file at the offset the reader recorded (raw_data,
// a packed typed field, or an external data file), never the whole model. Statistics stream over
// the whole tensor in chunks when it is at most WHOLE_TENSOR_STATS_BYTES, else over the values shown.
import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { resolveSubgraphPath, type SubgraphStep } from '../../shared/graph/subgraph-path';
import type { GraphSummary, ModelSummary, TensorInfo } from '../../shared/model-summary';
import {
  DEFAULT_PREVIEW_VALUES,
  MAX_PREVIEW_VALUES,
  WHOLE_TENSOR_STATS_BYTES,
  type InitializerPreview,
} from '../../shared/initializer-preview';
import type { JsonScalar } from '../../shared/tensors';
import { ExternalDataChecker } from './external-data';
import { openFileSource } from './file-source';
import { FIXED, PACKED, StatsAccumulator, VarintStream, fromVarint, toJson } from './tensor-values';
import { Wire, malformed, type MessageSchema } from './wire';

export interface PreviewSource {
  filePath: string;
  summary: ModelSummary;
}

export interface PreviewRequest {
  tensor?: string;
  /** A tensor held by a node attribute (a Constant's value) instead of an initializer. */
  attribute?: { node: string; name: string };
  path?: SubgraphStep[];
  limit?: number;
}

const CHUNK_BYTES = 1 << 20;
/** One string value is cut to this many characters in a preview. */
const MAX_STRING_CHARS = 1000;

/** The varint-coded typed fields, and the dtypes ONNX stores in each. */
const VARINT_FIELDS: Record<string, true> = { int32_data: true, int64_data: true, uint64_data: true };

function findInitializer(graph: GraphSummary, tensor: string, nested: boolean): TensorInfo {
  const found = graph.initializers.find((t) => t.name === tensor);
  if (found) return found;
  const where = nested ? `subgraph "${graph.name}"` : `the main graph "${graph.name}"`;
  const names = graph.initializers.slice(0, 5).map((t) => t.name);
  throw new AppError(
    'INVALID_REQUEST',
    `No initializer named "${tensor}" in ${where}.`,
    names.length
      ? `Pick one the graph has, e.g. ${names.join(', ')}${graph.initializers.length > 5 ? '…' : ''}; an initializer of a subgraph needs its path.`
      : 'This graph has no initializers; an initializer of a subgraph needs its path.',
  );
}

/** A node by its name (when unique) or its id n:<index>, as subgraph paths name nodes. */
function findAttributeTensor(graph: GraphSummary, ref: { node: string; name: string }): TensorInfo {
  const named = graph.nodes.filter((n) => n.name === ref.node);
  const m = /^n:(\d+)$/.exec(ref.node);
  const node = named.length === 1 ? named[0] : named.length === 0 && m ? graph.nodes[Number(m[1])] : undefined;
  if (!node) {
    throw new AppError(
      'INVALID_REQUEST',
      named.length > 1
        ? `Node name "${ref.node}" is used by more than one node in graph "${graph.name}".`
        : `No node "${ref.node}" in graph "${graph.name}".`,
      'Name the node by its id n:<index> (its position in the graph).',
    );
  }
  const attr = node.attributes.find((a) => a.name === ref.name);
  if (attr?.type === 'tensor') return attr.value;
  const held = node.attributes.filter((a) => a.type === 'tensor').map((a) => a.name);
  throw new AppError(
    'INVALID_REQUEST',
    `Node "${ref.node}" (${node.opType}) has no tensor attribute "${ref.name}".`,
    held.length ? `Its tensor attributes: ${held.join(', ')}.` : 'It holds no tensor attribute.',
  );
}

function findTensor(summary: ModelSummary, req: PreviewRequest): TensorInfo {
  const steps = req.path ?? [];
  const chain = resolveSubgraphPath(summary.graph, steps);
  const graph = chain[chain.length - 1]!;
  if (req.attribute) {
    const t = findAttributeTensor(graph, req.attribute);
    // Attribute tensors are often unnamed: name them by where they are.
    return t.name ? t : { ...t, name: `${req.attribute.node}.${req.attribute.name}` };
  }
  if (req.tensor === undefined) throw new AppError('INVALID_REQUEST', 'Name an initializer (tensor) or a node attribute (attribute).');
  return findInitializer(graph, req.tensor, steps.length > 0);
}

const notSupported = (t: TensorInfo, why: string) =>
  new AppError(
    'NOT_SUPPORTED',
    `Values of "${t.name}" (${t.dataType}[${t.dims.join(',')}]) cannot be previewed: ${why}.`,
    'Its dtype, shape and size are shown; read the values with onnx.numpy_helper.to_array in Python.',
  );

export async function previewInitializer(model: PreviewSource, req: PreviewRequest): Promise<InitializerPreview> {
  const t = findTensor(model.summary, req);
  const limit = Math.min(req.limit ?? DEFAULT_PREVIEW_VALUES, MAX_PREVIEW_VALUES);
  const loc = t.location;
  const base = { name: t.name, dataType: t.dataType, dims: t.dims, byteLength: t.byteLength, elementCount: t.elementCount };

  if (loc.kind === 'empty') {
    if (t.elementCount > 0) throw malformed(`Initializer "${t.name}" has ${t.elementCount} elements in its dims but stores no values.`);
    return {
      ...base,
      values: [],
      truncated: false,
      storage: 'empty',
      stats: t.dataType === 'string' ? null : new StatsAccumulator('float').result('all'),
    };
  }
  if (t.dataType === 'string') {
    if (loc.kind !== 'typed')
      throw malformed(`String initializer "${t.name}" keeps its values outside string_data, which ONNX does not allow.`);
    return { ...base, ...(await readStrings(model, t, loc.offset, limit)), storage: 'string_data', stats: null };
  }
  const packed = PACKED[t.dataType];
  const fixed = FIXED[t.dataType];
  const decoder = fixed ?? packed;
  if (!decoder) throw notSupported(t, `Modelcrate does not decode ${t.dataType} values`);
  if (loc.kind === 'typed' && loc.split)
    throw notSupported(t, `its ${loc.field} values are stored in several records rather than one packed run`);
  // Packed sub-byte values in a typed field have no layout the ONNX docs pin down; raw_data has.
  if (packed && loc.kind === 'typed') throw notSupported(t, `its packed ${t.dataType} values are stored in ${loc.field}, not raw_data`);

  const whole = loc.length <= WHOLE_TENSOR_STATS_BYTES;
  const acc = new StatsAccumulator(decoder.cls);
  const values: JsonScalar[] = [];
  let seen = 0;
  /** Takes one element; false once nothing more is needed. */
  const take = (v: number | bigint | boolean): boolean => {
    if (seen < limit) {
      values.push(toJson(decoder.cls, v));
      if (!whole) acc.add(v);
    }
    if (whole) acc.add(v);
    seen++;
    return whole || seen < limit;
  };

  if (loc.kind === 'typed') {
    await readTyped(model, t, loc.field, loc.offset, loc.length, whole, take);
  } else {
    const file = loc.kind === 'raw' ? modelFile(model) : externalFile(model, t, loc.location, loc.offset, loc.length);
    const size = fixed ? fixed.size : 1;
    const need = fixed ? t.elementCount * fixed.size : Math.ceil(t.elementCount / packed!.perByte);
    if (loc.length < need)
      throw malformed(`Initializer "${t.name}" stores ${loc.length} bytes, but ${t.dataType}[${t.dims.join(',')}] needs ${need}.`);
    const bytes = whole ? need : Math.min(need, fixed ? limit * size : Math.ceil(limit / packed!.perByte));
    await readChunks(await file, loc.offset, bytes, size, (b) => {
      if (fixed) {
        for (let o = 0; o + size <= b.length; o += size) if (!take(fixed.read(b, o))) return false;
        return true;
      }
      // The last byte may hold fewer elements than it has room for.
      for (let o = 0; o < b.length; o++) {
        for (let k = 0; k < packed!.perByte; k++) {
          if (seen >= t.elementCount) return false;
          if (!take(packed!.read(b[o]!, k))) return false;
        }
      }
      return true;
    });
  }
  if (seen < Math.min(limit, t.elementCount)) {
    throw malformed(`Initializer "${t.name}" holds ${seen} values, but its dims say ${t.elementCount}.`);
  }
  return {
    ...base,
    values,
    truncated: t.elementCount > values.length,
    storage: loc.kind === 'raw' ? 'raw_data' : loc.kind === 'typed' ? loc.field : loc.location,
    stats: acc.result(whole ? 'all' : 'shown'),
  };
}

interface OpenedFile {
  path: string;
  /** Size when the model was opened: a different size now means the file was replaced. */
  expectedSize?: number;
}

async function modelFile(model: PreviewSource): Promise<OpenedFile> {
  return { path: model.filePath, expectedSize: model.summary.file.bytes };
}

/** The external file, checked as the reader checks it at open (inside the model's folder, no links). */
async function externalFile(model: PreviewSource, t: TensorInfo, location: string, offset: number, length: number): Promise<OpenedFile> {
  new ExternalDataChecker(model.filePath).check({ tensor: t.name, location, offset, length });
  return { path: path.resolve(path.dirname(model.filePath), location) };
}

async function openChecked(f: OpenedFile): Promise<FileHandle> {
  const size = (await stat(f.path).catch(() => null))?.size;
  if (size === undefined)
    throw new AppError('FILE_NOT_FOUND', `${path.basename(f.path)} is no longer where the model was opened from.`, 'Open the model again.');
  if (f.expectedSize !== undefined && size !== f.expectedSize) {
    throw new AppError(
      'IO_ERROR',
      `${path.basename(f.path)} changed since it was opened (${f.expectedSize} → ${size} bytes).`,
      'Open the model again to read its current contents.',
    );
  }
  return open(f.path, 'r');
}

/**
 * Streams [offset, offset + length) in chunks of whole elements; `each` returns false to stop.
 * A short read means the file shrank under us.
 */
async function readChunks(f: OpenedFile, offset: number, length: number, align: number, each: (b: Buffer) => boolean): Promise<void> {
  const fh = await openChecked(f);
  try {
    const size = Math.max(align, CHUNK_BYTES - (CHUNK_BYTES % align));
    const buf = Buffer.allocUnsafe(Math.min(size, Math.max(length, align)));
    for (let done = 0; done < length;) {
      const want = Math.min(buf.length, length - done);
      const { bytesRead } = await fh.read(buf, 0, want, offset + done);
      if (bytesRead < want)
        throw new AppError(
          'TRUNCATED',
          `${path.basename(f.path)} ends at byte ${offset + done + bytesRead}, before the tensor's data ends (byte ${offset + length}).`,
          'The file was cut short or replaced; copy it again and reopen the model.',
        );
      if (!each(buf.subarray(0, want))) return;
      done += want;
    }
  } finally {
    await fh.close();
  }
}

/** A packed typed field: floats and doubles are fixed-size, the integer fields varints. */
async function readTyped(
  model: PreviewSource,
  t: TensorInfo,
  field: string,
  offset: number,
  length: number,
  whole: boolean,
  take: (v: number | bigint | boolean) => boolean,
): Promise<void> {
  const file = await modelFile(model);
  if (field === 'float_data' || field === 'double_data') {
    const size = field === 'float_data' ? 4 : 8;
    if (t.dataType !== (size === 4 ? 'float32' : 'float64'))
      throw malformed(`Initializer "${t.name}" is ${t.dataType} but stores its values in ${field}.`);
    const bytes = whole ? length : Math.min(length, size * (t.elementCount ? Math.min(t.elementCount, MAX_PREVIEW_VALUES) : 0));
    await readChunks(file, offset, bytes, size, (b) => {
      for (let o = 0; o + size <= b.length; o += size) if (!take(size === 4 ? b.readFloatLE(o) : b.readDoubleLE(o))) return false;
      return true;
    });
    return;
  }
  if (!VARINT_FIELDS[field]) throw malformed(`Initializer "${t.name}" stores its values in an unknown field ${field}.`);
  const varints = new VarintStream();
  let stopped = false;
  await readChunks(file, offset, length, 1, (b) => {
    stopped = !varints.push(b, (v) => take(fromVarint(t.dataType, v)));
    return !stopped;
  });
  if (!stopped && varints.pending) throw malformed(`The ${field} values of "${t.name}" end in the middle of a number.`);
}

/**
 * string_data is a repeated bytes field, one record per value: from the first value on, the
 * TensorProto is walked record by record (other fields may sit in between) until enough values.
 */
async function readStrings(
  model: PreviewSource,
  t: TensorInfo,
  offset: number,
  limit: number,
): Promise<{ values: string[]; truncated: boolean }> {
  const src = openFileSource(model.filePath);
  try {
    if (src.size !== model.summary.file.bytes)
      throw new AppError('IO_ERROR', `${src.name} changed since it was opened.`, 'Open the model again to read its current contents.');
    const w = new Wire(src);
    w.pos = offset;
    const want = Math.min(limit, t.elementCount);
    const values: string[] = [];
    const one = () => {
      const s = w.string(src.size, `A string_data value of "${t.name}"`);
      values.push(s.length > MAX_STRING_CHARS ? `${s.slice(0, MAX_STRING_CHARS)}…` : s);
    };
    if (want > 0) one();
    while (values.length < want) {
      const tag = w.uint();
      if (tag === ((6 << 3) | 2)) one();
      else w.skip(tag, src.size, TENSOR_FIELDS);
    }
    return { values, truncated: t.elementCount > values.length };
  } finally {
    src.close();
  }
}

/** Walking past other TensorProto fields needs only their wire types (dims may be packed or not). */
const TENSOR_FIELDS: MessageSchema = { name: 'TensorProto', fields: {} };
