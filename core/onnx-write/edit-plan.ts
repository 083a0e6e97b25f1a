// Turns a top-level scan and a metadata edit into the output as a list of pieces: ranges of the
// source copied byte for byte, and the few records we encode. Nothing is read or written here.
import { AppError } from '../../shared/errors';
import { int64Record, metadataEntryRecord, stringRecord } from './proto-encode';
import type { TopLevelScan, TopRecord } from './top-level-scan';

export interface MetadataEdit {
  /** metadata_props to set (key → value). Keys not listed keep their existing entries, in order. */
  set: Record<string, string>;
  /** metadata_props keys to delete. */
  remove?: string[];
  /** ModelProto.doc_string (field 6); undefined = keep. '' removes it (proto3: empty = absent). */
  docString?: string;
  /** ModelProto.model_version (field 5, int64); undefined = keep. 0 removes it (proto3 default). */
  modelVersion?: number;
}

export type Piece = { copy: [start: number, end: number] } | { data: Buffer };

export const pieceLength = (p: Piece): number => ('copy' in p ? p.copy[1] - p.copy[0] : p.data.length);

const FIELD_MODEL_VERSION = 5;
const FIELD_DOC_STRING = 6;
const FIELD_METADATA = 14;

export function checkEdit(edit: MetadataEdit): void {
  const bad = (m: string) => new AppError('INVALID_REQUEST', m, 'Fix the metadata edit and try again.');
  for (const [k, v] of Object.entries(edit.set)) {
    if (typeof v !== 'string') throw bad(`The value of metadata key "${k}" must be a string.`);
  }
  for (const k of edit.remove ?? []) {
    if (Object.hasOwn(edit.set, k)) throw bad(`Metadata key "${k}" is both set and removed; choose one.`);
  }
  if (edit.modelVersion !== undefined && !Number.isSafeInteger(edit.modelVersion)) {
    throw bad(`model_version must be a whole number between ±2^53, got ${edit.modelVersion}.`);
  }
}

/**
 * Every record other than fields 5, 6 and 14 is copied in its original order. A replaced field is
 * written once, where its first record was (or at the end), whatever duplicates the file had:
 * protobuf readers keep the last scalar, so one record with the chosen value is equivalent.
 */
export function planEdit(scan: TopLevelScan, edit: MetadataEdit): Piece[] {
  checkEdit(edit);
  const touchesMetadata = Object.keys(edit.set).length > 0 || (edit.remove?.length ?? 0) > 0;
  const replaced = new Map<number, Piece[]>();
  if (edit.modelVersion !== undefined) {
    replaced.set(FIELD_MODEL_VERSION, edit.modelVersion === 0 ? [] : [{ data: int64Record(FIELD_MODEL_VERSION, edit.modelVersion) }]);
  }
  if (edit.docString !== undefined) {
    replaced.set(FIELD_DOC_STRING, edit.docString === '' ? [] : [{ data: stringRecord(FIELD_DOC_STRING, edit.docString) }]);
  }
  if (touchesMetadata) replaced.set(FIELD_METADATA, mergeMetadata(scan.records, edit));

  const out: Piece[] = [];
  const placed = new Set<number>();
  for (const r of scan.records) {
    const replacement = replaced.get(r.field);
    if (!replacement) push(out, { copy: [r.start, r.end] });
    else if (!placed.has(r.field)) {
      placed.add(r.field);
      for (const p of replacement) push(out, p);
    }
  }
  // Fields the file did not have go at the end, in field order.
  for (const [field, pieces] of [...replaced].sort((a, b) => a[0] - b[0])) {
    if (!placed.has(field)) for (const p of pieces) push(out, p);
  }
  return out;
}

/**
 * Existing entries keep their order (a repeated key takes its first position and, as readers do,
 * its last value); unchanged entries are copied as they are, changed ones re-encoded; new keys
 * follow in the order given; removed keys are dropped.
 */
function mergeMetadata(records: TopRecord[], edit: MetadataEdit): Piece[] {
  const latest = new Map<string, TopRecord>();
  for (const r of records) if (r.field === FIELD_METADATA) latest.set(r.key ?? '', r);
  const removed = new Set(edit.remove ?? []);
  const out: Piece[] = [];
  for (const [key, r] of latest) {
    if (removed.has(key)) continue;
    out.push(Object.hasOwn(edit.set, key) ? { data: metadataEntryRecord(key, edit.set[key]!) } : { copy: [r.start, r.end] });
  }
  for (const [key, value] of Object.entries(edit.set)) {
    if (!latest.has(key)) out.push({ data: metadataEntryRecord(key, value) });
  }
  return out;
}

/** Appends a piece, merging a copy that continues the previous one (the untouched prefix becomes one range). */
function push(out: Piece[], p: Piece): void {
  const last = out[out.length - 1];
  if (last && 'copy' in last && 'copy' in p && last.copy[1] === p.copy[0]) last.copy[1] = p.copy[1];
  else out.push('copy' in p ? { copy: [p.copy[0], p.copy[1]] } : p);
}
