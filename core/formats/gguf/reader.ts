// A GGUF file (llama.cpp's format) as a ForeignModel, per the spec in ggml-org/ggml docs/gguf.md:
//   magic "GGUF", u32 version (2 and 3 share the layout; 3 only allows big-endian files), u64 tensor
//   count, u64 key/value count, the key/values, the tensor infos (name, n_dims, u64 dims, ggml type,
//   u64 offset relative to the data), padding to general.alignment (default 32), then the data.
// Only the header is read. Counts and lengths are checked against what is left of the file before
// anything is read or allocated for them.
import type { ForeignModel, ForeignSection, ForeignTensor } from '../../../shared/formats/types';
import { MAX_FOREIGN_TENSORS, MAX_SECTION_ROWS } from '../../../shared/formats/types';
import { AppError } from '../../../shared/errors';
import { formatBytes, formatCount } from '../../../shared/format';
import type { FileSource } from '../../onnx/file-source';
import { Cursor } from './cursor';
import { fileTypeName, ggmlType } from './ggml-types';
import { readValue, type KvValue, type ValueContext } from './values';

/** More than any real model (the largest MoE checkpoints have tens of thousands). */
export const MAX_GGUF_TENSORS = 1_000_000;
export const MAX_GGUF_KVS = 1_000_000;
/** ggml's GGML_MAX_DIMS. */
const MAX_DIMS = 4;
/** ggml's GGML_MAX_NAME: longer names are allowed here but noted. */
const MAX_NAME = 64;
const MAX_KEY = 65_535;
const DEFAULT_ALIGNMENT = 32;
/** Metadata keeps this many key/values (the section table MAX_SECTION_ROWS). */
const MAX_METADATA = 10_000;

const HINT = 'The file is damaged or not a GGUF model: download it again.';

interface Kv {
  key: string;
  value: KvValue;
}

interface Info {
  name: string;
  ne: number[];
  type: string;
  elements: number;
  bytes: number | null;
  rel: number;
}

export async function readGguf(src: FileSource): Promise<ForeignModel> {
  const c = new Cursor(src, 'the GGUF header');
  readPreamble(src, c);
  const version = c.u32();
  checkVersion(src, version);
  const tensorCount = c.count(24, 'tensors');
  const kvCount = c.count(13, 'key/values');
  if (tensorCount > MAX_GGUF_TENSORS)
    throw new AppError('TOO_LARGE', `${src.name} declares ${tensorCount} tensors; at most ${MAX_GGUF_TENSORS} are read.`, HINT);
  if (kvCount > MAX_GGUF_KVS)
    throw new AppError('TOO_LARGE', `${src.name} declares ${kvCount} key/values; at most ${MAX_GGUF_KVS} are read.`, HINT);

  const notes: string[] = [];
  const ctx: ValueContext = { badBool: false };
  c.section = 'the key/values';
  const kvs = readKvs(c, kvCount, ctx, notes);
  if (ctx.badBool) notes.push('A bool value is neither 0 nor 1, which the GGUF spec calls invalid; it is shown as true.');
  const byKey = new Map(kvs.map((kv) => [kv.key, kv.value]));
  const alignment = readAlignment(byKey.get('general.alignment'));

  c.section = 'the tensor infos';
  const infos = readInfos(c, tensorCount, notes);
  const dataStart = Math.ceil(c.pos / alignment) * alignment;
  checkData(src, infos, dataStart, alignment, notes);
  return model(src, version, kvs, byKey, infos, dataStart, notes);
}

function readPreamble(src: FileSource, c: Cursor): void {
  const magic = Buffer.alloc(4);
  src.read(magic, 0, 4, 0);
  if (magic.toString('latin1') !== 'GGUF') {
    throw new AppError('MALFORMED', `${src.name} is not a GGUF file: it does not start with "GGUF".`, 'Choose a .gguf model file.');
  }
  c.skip(4);
}

function checkVersion(src: FileSource, version: number): void {
  if (version === 2 || version === 3) return;
  const swapped = ((version & 0xff) << 24) | ((version & 0xff00) << 8) | ((version >>> 8) & 0xff00) | (version >>> 24);
  if (swapped >>> 0 >= 1 && swapped >>> 0 <= 3) {
    throw new AppError(
      'NOT_SUPPORTED',
      `${src.name} is a big-endian GGUF file (version ${swapped >>> 0}); only little-endian GGUF files are read.`,
      'Use the little-endian build of the model (the usual download); big-endian files are for s390x and similar machines.',
    );
  }
  if (version === 1) {
    throw new AppError(
      'NOT_SUPPORTED',
      `${src.name} is GGUF version 1, a pre-release layout with 32-bit counts that llama.cpp no longer reads.`,
      'Convert the model again with a current llama.cpp (convert_hf_to_gguf.py).',
    );
  }
  throw new AppError(
    'NOT_SUPPORTED',
    `${src.name} is GGUF version ${version}; versions 2 and 3 are read.`,
    'Update Modelcrate Studio, or convert the model with a llama.cpp of the same era.',
  );
}

function readKvs(c: Cursor, count: number, ctx: ValueContext, notes: string[]): Kv[] {
  const kvs: Kv[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (let i = 0; i < count; i++) {
    const at = c.pos;
    const length = c.count(1, 'bytes in a key');
    if (length === 0 || length > MAX_KEY) {
      throw new AppError(
        'MALFORMED',
        `Key/value ${i} at byte ${at} has a ${length}-byte key; keys are 1 to ${MAX_KEY} bytes (GGUF).`,
        HINT,
      );
    }
    const key = c.text(length, length);
    const value = readValue(c, c.u32(), ctx);
    if (seen.has(key)) duplicates++;
    seen.add(key);
    kvs.push({ key, value });
  }
  if (duplicates) notes.push(`${duplicates} key(s) appear more than once; the last value is used.`);
  return kvs;
}

function readAlignment(v: KvValue | undefined): number {
  if (!v) return DEFAULT_ALIGNMENT;
  const n = typeof v.scalar === 'bigint' ? Number(v.scalar) : v.scalar;
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0 || n > 1 << 30 || (n & (n - 1)) !== 0) {
    throw new AppError('MALFORMED', `general.alignment is ${v.display}; it must be a power of two (GGUF).`, HINT);
  }
  return n;
}

function readInfos(c: Cursor, count: number, notes: string[]): Info[] {
  const infos: Info[] = [];
  let longNames = 0;
  let unknownTypes = 0;
  let partialBlocks = 0;
  for (let i = 0; i < count; i++) {
    const at = c.pos;
    const nameLength = c.count(1, 'bytes in a tensor name');
    const name = c.text(nameLength, 1024);
    if (nameLength > MAX_NAME) longNames++;
    const nDims = c.u32();
    if (nDims > MAX_DIMS) {
      throw new AppError('MALFORMED', `Tensor ${name} (byte ${at}) has ${nDims} dimensions; ggml allows at most ${MAX_DIMS} (GGUF).`, HINT);
    }
    const ne: number[] = [];
    let elements = 1n;
    for (let d = 0; d < nDims; d++) {
      const n = c.u64();
      elements *= n;
      ne.push(Number(n));
    }
    if (elements > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new AppError('MALFORMED', `Tensor ${name} declares ${elements} elements, more than any file can hold (GGUF).`, HINT);
    }
    const typeId = c.u32();
    const relOffset = c.u64();
    if (relOffset > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new AppError('MALFORMED', `Tensor ${name} has data offset ${relOffset}, beyond any file (GGUF).`, HINT);
    }
    const t = ggmlType(typeId);
    let bytes: number | null = null;
    if (!t) unknownTypes++;
    else {
      const rows = ne.length ? Number(elements) / (ne[0] || 1) : 1;
      const blocks = Math.ceil((ne[0] ?? 1) / t.blockSize);
      if ((ne[0] ?? 1) % t.blockSize !== 0) partialBlocks++;
      bytes = ne[0] === 0 ? 0 : blocks * t.typeSize * rows;
    }
    infos.push({ name, ne, type: t ? t.name : `type ${typeId}`, elements: Number(elements), bytes, rel: Number(relOffset) });
  }
  if (longNames) notes.push(`${longNames} tensor name(s) are longer than ggml's ${MAX_NAME}-byte limit; llama.cpp may refuse the file.`);
  if (unknownTypes) notes.push(`${unknownTypes} tensor(s) have a ggml type this reader does not know; their size is unknown.`);
  if (partialBlocks) notes.push(`${partialBlocks} tensor(s) have a row length that is not a whole number of quantization blocks.`);
  return infos;
}

/** Offsets must be aligned, inside the file and not overlap (tensors are noted, not refused). */
function checkData(src: FileSource, infos: Info[], dataStart: number, alignment: number, notes: string[]): void {
  if (infos.length && dataStart > src.size)
    notes.push(`The tensor data should start at byte ${dataStart}, past the end of the file (truncated?).`);
  let misaligned = 0;
  let outside = 0;
  let overlapping = 0;
  const order = infos.map((_, i) => i).sort((a, b) => infos[a]!.rel - infos[b]!.rel);
  let end = 0;
  for (const i of order) {
    const t = infos[i]!;
    if (t.rel % alignment !== 0) misaligned++;
    if (t.rel < end) overlapping++;
    const size = t.bytes ?? 0;
    if (dataStart + t.rel + size > src.size) outside++;
    end = Math.max(end, t.rel + size);
  }
  if (misaligned) notes.push(`${misaligned} tensor(s) have a data offset that is not a multiple of the alignment (${alignment}).`);
  if (overlapping) notes.push(`${overlapping} tensor(s) overlap the tensor before them.`);
  if (outside) notes.push(`${outside} tensor(s) extend past the end of the file: it is probably truncated.`);
}

function model(
  src: FileSource,
  version: number,
  kvs: Kv[],
  byKey: Map<string, KvValue>,
  infos: Info[],
  dataStart: number,
  notes: string[],
): ForeignModel {
  const metadata: Record<string, string> = { 'gguf.version': String(version) };
  for (const { key, value } of kvs.slice(0, MAX_METADATA)) metadata[key] = value.display;
  if (kvs.length > MAX_METADATA) notes.push(`Metadata shows the first ${MAX_METADATA} of ${kvs.length} key/values.`);
  const fileType = byKey.get('general.file_type');
  const ftName = fileType && typeof fileType.scalar === 'number' ? fileTypeName(fileType.scalar) : null;
  if (fileType && ftName) metadata['general.file_type'] = `${ftName} (${fileType.display})`;

  const tensors: ForeignTensor[] = infos.slice(0, MAX_FOREIGN_TENSORS).map((t) => ({
    name: t.name,
    dtype: t.type,
    // ggml lists ne[0] (the contiguous axis) first; shown reversed, as numpy and PyTorch write shapes.
    shape: [...t.ne].reverse(),
    bytes: t.bytes,
    offset: dataStart + t.rel,
  }));
  if (infos.length > MAX_FOREIGN_TENSORS) notes.push(`The tensor table shows the first ${MAX_FOREIGN_TENSORS} of ${infos.length} tensors.`);

  const types = new Map<string, { tensors: number; elements: number; bytes: number }>();
  let tensorBytes: number | null = 0;
  let parameters = 0;
  for (const t of infos) {
    const row = types.get(t.type) ?? { tensors: 0, elements: 0, bytes: 0 };
    row.tensors++;
    row.elements += t.elements;
    row.bytes += t.bytes ?? 0;
    types.set(t.type, row);
    tensorBytes = tensorBytes === null || t.bytes === null ? null : tensorBytes + t.bytes;
    parameters += t.elements;
  }
  const byBytes = [...types.entries()].sort((a, b) => b[1].bytes - a[1].bytes);

  const arch = byKey.get('general.architecture');
  const archName = typeof arch?.scalar === 'string' ? arch.scalar : null;
  if (!archName) notes.push('general.architecture is missing: the GGUF spec requires it, and llama.cpp will not load the file.');
  const quant = ftName ?? byBytes[0]?.[0] ?? null;
  const parts = [archName ?? 'unknown architecture', `${infos.length} tensor${infos.length === 1 ? '' : 's'}`];
  if (quant) parts.push(quant);
  parts.push(formatBytes(tensorBytes ?? src.size));

  const kvSection: ForeignSection = {
    title: 'Key/values',
    columns: ['key', 'type', 'value'],
    rows: kvs.slice(0, MAX_SECTION_ROWS).map(({ key, value }) => [key, value.type, metadata[key] ?? value.display]),
    total: kvs.length,
  };
  const quantSection: ForeignSection = {
    title: 'Quantization types',
    columns: ['type', 'tensors', 'parameters', 'bytes', 'bits/weight'],
    rows: byBytes.map(([type, r]) => [
      type,
      String(r.tensors),
      formatCount(r.elements),
      formatBytes(r.bytes),
      r.elements ? ((r.bytes * 8) / r.elements).toFixed(2) : '—',
    ]),
    total: byBytes.length,
  };
  return {
    format: 'gguf',
    what: `GGUF model for llama.cpp: ${parts.join(', ')}`,
    fileName: src.name,
    fileSize: src.size,
    metadata,
    tensors,
    tensorCount: infos.length,
    tensorBytes,
    parameters,
    sections: [kvSection, quantSection],
    scan: null,
    notes,
  };
}
