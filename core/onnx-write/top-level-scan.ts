// Finds the byte ranges of the TOP-LEVEL records of a ModelProto without decoding what is inside
// them: a 1 GiB graph is one record whose tag and length are read, then skipped by seeking. Only
// metadata_props entries are looked into, for their key (values are skipped too), so the writer
// can copy every record it keeps byte for byte and re-encode just what it replaces.
import { AppError } from '../../shared/errors';
import { openFileSource, type FileSource } from '../onnx/file-source';
import { notOnnx, sniff, SNIFF_BYTES } from '../onnx/sniff';
import { MODEL } from '../onnx/reader';
import { ENTRY } from '../onnx/tensor';
import { int64Number, Wire } from '../onnx/wire';

/** One top-level record: bytes [start, end) of the file, tag included. */
export interface TopRecord {
  field: number;
  start: number;
  end: number;
  /** For a metadata_props record (field 14): its key. */
  key?: string;
}

export interface TopLevelScan {
  path: string;
  size: number;
  /** Every top-level record, in file order; together they cover the file exactly. */
  records: TopRecord[];
}

// Top-level records are few; a small window keeps each tag read to one short positioned read.
const SCAN_WINDOW = 64 << 10;

export function scanTopLevel(path: string): TopLevelScan {
  const src = openFileSource(path);
  try {
    if (src.size === 0) {
      throw new AppError(
        'EMPTY_FILE',
        `The file is empty (0 bytes): ${src.name}`,
        'It may be incompletely downloaded or copied; get the model again.',
      );
    }
    const head = Buffer.alloc(Math.min(SNIFF_BYTES, src.size));
    src.read(head, 0, head.length, 0);
    const other = sniff(head, src.size);
    if (other) throw other;
    return { path, size: src.size, records: scanRecords(src) };
  } finally {
    src.close();
  }
}

function scanRecords(src: FileSource): TopRecord[] {
  const w = new Wire(src, SCAN_WINDOW);
  const size = w.size;
  const records: TopRecord[] = [];
  let irVersion: number | undefined;
  let hasGraph = false;
  try {
    while (w.pos < size) {
      const start = w.pos;
      const tag = w.uint();
      const field = Math.floor(tag / 8);
      let key: string | undefined;
      if (tag === 0x08) irVersion = int64Number(w.varint64());
      else if (tag === 0x3a) {
        w.pos = w.sub(size, 'The graph');
        hasGraph = true;
      } else if (tag === 0x72) key = entryKey(w, w.sub(size, 'A metadata_props entry'));
      else w.skip(tag, size, MODEL);
      records.push(key === undefined ? { field, start, end: w.pos } : { field, start, end: w.pos, key });
    }
    w.done(size, MODEL.name);
  } catch (err) {
    // As in the reader: a failure before anything ONNX-like was seen means some other binary file.
    const sane = irVersion !== undefined && irVersion >= 1 && irVersion <= 64;
    if (err instanceof AppError && (err.code === 'MALFORMED' || err.code === 'TRUNCATED') && !sane) {
      throw notOnnx('binary data of no known model format', 'Choose an .onnx file, or export your model to ONNX first.');
    }
    throw err;
  }
  const missing = [irVersion === undefined ? 'no ir_version' : '', hasGraph ? '' : 'no graph'].filter(Boolean);
  if (missing.length) {
    throw new AppError(
      'NOT_ONNX',
      `This file is not an ONNX model: it is readable protobuf data but has ${missing.join(' and ')}, which every ONNX model has.`,
      'Choose the .onnx model file itself (not a weights or config file), or export the model again.',
    );
  }
  return records;
}

/** The key of one StringStringEntryProto body ending at `end`; the value is skipped unread. */
function entryKey(w: Wire, end: number): string {
  let key = '';
  while (w.pos < end) {
    const tag = w.uint();
    if (tag === 0x0a) key = w.string(end, 'A metadata_props key');
    else w.skip(tag, end, ENTRY);
  }
  w.done(end, ENTRY.name);
  return key;
}
