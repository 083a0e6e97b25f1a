// The safetensors header: 8 bytes of little-endian length, then that many bytes of JSON mapping
// tensor names to {dtype, shape, data_offsets: [begin, end]} (offsets relative to the byte after
// the header), plus an optional "__metadata__" map of strings. Layout and limits follow
// huggingface/safetensors (safetensors/src/tensor.rs): the header is at most 100,000,000 bytes.
// Only the header is read; weight bytes never are.
import type { ForeignTensor } from '../../../shared/formats/types';
import { AppError } from '../../../shared/errors';
import type { FileSource } from '../../onnx/file-source';
import { dtypeBytes } from './dtypes';

/** The reference implementation's limit; a longer header is refused before anything is allocated. */
export const MAX_SAFETENSORS_HEADER = 100_000_000;
/** Metadata values are for display: longer ones are cut (a model card pasted into __metadata__). */
const MAX_METADATA_VALUE = 4096;

export interface SafetensorsHeader {
  /** Length of the JSON header in bytes (without the 8-byte length prefix). */
  headerLength: number;
  /** Absolute offset of the data region: 8 + headerLength. */
  dataStart: number;
  /** Every tensor, in file order (by begin offset); entries the reader could not make sense of come last. */
  tensors: ForeignTensor[];
  /** Elements per tensor (same order as tensors), null when the shape is unusable. */
  elements: (number | null)[];
  metadata: Record<string, string>;
  notes: string[];
}

interface Entry {
  tensor: ForeignTensor;
  elements: number | null;
  begin: number;
  end: number;
  valid: boolean;
}

const HINT = 'The file may be truncated or not a safetensors file; download it again or re-save it with safetensors.torch.save_file.';

/** Reads and checks the header of a safetensors file (sync: a few positioned reads). */
export function readSafetensorsHeader(src: FileSource): SafetensorsHeader {
  const where = src.name;
  if (src.size < 8) throw new AppError('TRUNCATED', `${where} is ${src.size} bytes: too short for a safetensors header.`, HINT);
  const prefix = Buffer.alloc(8);
  src.read(prefix, 0, 8, 0);
  const declared = prefix.readBigUInt64LE(0);
  if (declared > BigInt(src.size - 8)) {
    throw new AppError(
      'TRUNCATED',
      `${where} declares a ${declared}-byte safetensors header but the file has only ${src.size - 8} bytes after the length.`,
      HINT,
    );
  }
  const headerLength = Number(declared);
  if (headerLength > MAX_SAFETENSORS_HEADER) {
    throw new AppError(
      'TOO_LARGE',
      `${where} declares a ${headerLength}-byte safetensors header; headers over ${MAX_SAFETENSORS_HEADER} bytes are refused.`,
      'A real header is a few megabytes at most; this file is probably not a safetensors file.',
    );
  }
  if (headerLength < 2) throw new AppError('MALFORMED', `${where} has an empty safetensors header (${headerLength} bytes).`, HINT);
  const raw = Buffer.allocUnsafe(headerLength);
  if (src.read(raw, 0, headerLength, 8) < headerLength)
    throw new AppError('TRUNCATED', `${where} ends inside its safetensors header.`, HINT);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new AppError('MALFORMED', `The safetensors header of ${where} is not valid UTF-8.`, HINT);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AppError('MALFORMED', `The safetensors header of ${where} is not valid JSON (${(err as Error).message}).`, HINT);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new AppError('MALFORMED', `The safetensors header of ${where} is not a JSON object.`, HINT);
  }
  return checkEntries(json as Record<string, unknown>, headerLength, src.size);
}

function checkEntries(json: Record<string, unknown>, headerLength: number, fileSize: number): SafetensorsHeader {
  const dataStart = 8 + headerLength;
  const dataLength = fileSize - dataStart;
  const notes: string[] = [];
  let metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  // Each kind of problem is noted once with a count, so a hostile header cannot flood the notes.
  const problems = new Map<string, string[]>();
  const problem = (kind: string, name: string) => {
    const list = problems.get(kind) ?? [];
    list.push(name);
    problems.set(kind, list);
  };

  for (const [name, value] of Object.entries(json)) {
    if (name === '__metadata__') {
      metadata = readMetadata(value, notes);
      continue;
    }
    entries.push(readEntry(name, value, dataStart, problem));
  }

  // File order: the data region must be covered by the tensors, in order, without overlaps.
  const valid = entries.filter((e) => e.valid).sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let gaps = 0;
  for (const e of valid) {
    if (e.end > dataLength) problem('past the end of the file', e.tensor.name);
    if (e.begin < cursor) problem('overlapping the tensor before it', e.tensor.name);
    else if (e.begin > cursor) gaps += e.begin - cursor;
    cursor = Math.max(cursor, e.end);
    if (e.elements !== null) {
      const expected = dtypeBytes(e.tensor.dtype, e.elements);
      if (expected === null) problem('with a dtype this reader does not know (size not checked)', e.tensor.name);
      else if (expected !== e.end - e.begin) problem('whose byte size is not shape × dtype size', e.tensor.name);
    }
  }
  for (const [kind, names] of problems) notes.push(`${names.length} tensor(s) ${kind}: ${sample(names)}.`);
  if (gaps > 0) notes.push(`${gaps} byte(s) of the data region belong to no tensor.`);
  if (cursor < dataLength) notes.push(`${dataLength - cursor} byte(s) after the last tensor belong to no tensor.`);

  const ordered = [...valid, ...entries.filter((e) => !e.valid)];
  return {
    headerLength,
    dataStart,
    tensors: ordered.map((e) => e.tensor),
    elements: ordered.map((e) => e.elements),
    metadata,
    notes,
  };
}

function readEntry(name: string, value: unknown, dataStart: number, problem: (kind: string, name: string) => void): Entry {
  const v = (value ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  const dtype = typeof v.dtype === 'string' ? v.dtype : '?';
  const shapeOk = Array.isArray(v.shape) && v.shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0);
  const shape = shapeOk ? (v.shape as number[]) : null;
  const offsets = v.data_offsets;
  const offsetsOk =
    Array.isArray(offsets) &&
    offsets.length === 2 &&
    offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0) &&
    (offsets[1] as number) >= (offsets[0] as number);
  const tensor: ForeignTensor = { name, dtype, shape, bytes: null };
  if (typeof value !== 'object' || value === null || dtype === '?' || !shapeOk || !offsetsOk) {
    problem('with an unreadable entry (dtype, shape or data_offsets)', name);
    return { tensor, elements: shape ? elementCount(shape) : null, begin: 0, end: 0, valid: false };
  }
  const [begin, end] = offsets as [number, number];
  tensor.bytes = end - begin;
  tensor.offset = dataStart + begin;
  const elements = elementCount(shape!);
  if (elements === null) problem('whose shape has more elements than can be counted', name);
  return { tensor, elements, begin, end, valid: true };
}

/** Product of a shape, or null when it passes 2^53 (a hostile shape, not a real tensor). */
export function elementCount(shape: readonly number[]): number | null {
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (!Number.isSafeInteger(n)) return null;
  }
  return n;
}

function readMetadata(value: unknown, notes: string[]): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    notes.push('__metadata__ is not a map of strings; it was ignored.');
    return {};
  }
  let converted = 0;
  // Object.fromEntries defines own properties, so a "__proto__" key stays a plain key.
  const out = Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      let s: string;
      if (typeof v === 'string') s = v;
      else {
        converted++;
        s = JSON.stringify(v) ?? String(v);
      }
      return [k, s.length > MAX_METADATA_VALUE ? `${s.slice(0, MAX_METADATA_VALUE)}… (${s.length} characters)` : s];
    }),
  ) as Record<string, string>;
  if (converted) notes.push(`${converted} __metadata__ value(s) are not strings, as the format requires; shown as JSON.`);
  return out;
}

function sample(names: string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}
