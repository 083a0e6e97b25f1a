// A lazy ZIP reader over positioned reads: the central directory (with ZIP64) and one entry at a
// time, so a 5 GB PyTorch checkpoint lists its entries and yields data.pkl without reading a single
// storage. yauzl would do the same with callbacks and its own fd; the model readers all work on
// the synchronous FileSource, and this needs only the two records below (APPNOTE.TXT 4.3.12-4.3.16).
import { inflateRawSync } from 'node:zlib';
import { AppError } from '../../../shared/errors';
import type { FileSource } from '../../onnx/file-source';

export interface ZipEntry {
  name: string;
  /** Uncompressed size. */
  size: number;
  compressedSize: number;
  /** 0 stored, 8 deflate; others are listed but cannot be read. */
  method: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const EOCD64_LOCATOR_SIG = 0x07064b50;
const EOCD64_SIG = 0x06064b50;
const CDIR_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
/** More entries than any model archive has; bounds the memory a hostile directory can claim. */
export const MAX_ZIP_ENTRIES = 200_000;
const MAX_CDIR_BYTES = 256 * 1024 * 1024;

function malformed(src: FileSource, what: string): AppError {
  return new AppError(
    'MALFORMED',
    `${src.name} is not a readable ZIP archive: ${what}.`,
    'The file may be truncated or damaged; get it again.',
  );
}

function readAt(src: FileSource, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = src.read(buf, 0, length, position);
  return n === length ? buf : buf.subarray(0, n);
}

/** Lists every entry from the central directory (never reads entry data). */
export function readZipDirectory(src: FileSource): ZipEntry[] {
  // The end record sits in the last 22 bytes plus a comment of up to 64 KiB.
  const tailLen = Math.min(src.size, 22 + 0xffff);
  const tailStart = src.size - tailLen;
  const tail = readAt(src, tailStart, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw malformed(src, 'no end-of-central-directory record');
  let count = tail.readUInt16LE(eocd + 10);
  let cdirSize = tail.readUInt32LE(eocd + 12);
  let cdirOffset = tail.readUInt32LE(eocd + 16);
  // ZIP64: the 32-bit fields are saturated and the real ones are in the ZIP64 end record.
  if (eocd >= 20 && tail.readUInt32LE(eocd - 20) === EOCD64_LOCATOR_SIG) {
    const at = Number(tail.readBigUInt64LE(eocd - 12));
    if (at + 56 > src.size) throw malformed(src, 'the ZIP64 end record lies beyond the end of the file');
    const rec = readAt(src, at, 56);
    if (rec.length < 56 || rec.readUInt32LE(0) !== EOCD64_SIG) throw malformed(src, 'the ZIP64 end record is missing');
    count = Number(rec.readBigUInt64LE(32));
    cdirSize = Number(rec.readBigUInt64LE(40));
    cdirOffset = Number(rec.readBigUInt64LE(48));
  }
  if (count > MAX_ZIP_ENTRIES) throw malformed(src, `it declares ${count} entries (at most ${MAX_ZIP_ENTRIES} are read)`);
  if (cdirSize > MAX_CDIR_BYTES || cdirOffset + cdirSize > src.size)
    throw malformed(src, 'the central directory lies beyond the end of the file');
  const cdir = readAt(src, cdirOffset, cdirSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cdir.length || cdir.readUInt32LE(p) !== CDIR_SIG) throw malformed(src, `central directory entry ${i} is damaged`);
    const flags = cdir.readUInt16LE(p + 8);
    const method = cdir.readUInt16LE(p + 10);
    let compressedSize = cdir.readUInt32LE(p + 20);
    let size = cdir.readUInt32LE(p + 24);
    const nameLen = cdir.readUInt16LE(p + 28);
    const extraLen = cdir.readUInt16LE(p + 30);
    const commentLen = cdir.readUInt16LE(p + 32);
    let localHeaderOffset = cdir.readUInt32LE(p + 42);
    const end = p + 46 + nameLen + extraLen + commentLen;
    if (end > cdir.length) throw malformed(src, `central directory entry ${i} runs past the directory`);
    const rawName = cdir.subarray(p + 46, p + 46 + nameLen);
    const name = rawName.toString(flags & 0x800 ? 'utf8' : 'latin1');
    // ZIP64 extra field (id 1): present values replace the saturated ones, in this order.
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = cdir.readUInt16LE(x);
      const len = cdir.readUInt16LE(x + 2);
      if (id === 1) {
        let q = x + 4;
        const take = (): number => {
          if (q + 8 > x + 4 + len) throw malformed(src, `the ZIP64 field of ${name} is short`);
          const v = Number(cdir.readBigUInt64LE(q));
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = take();
      }
      x += 4 + len;
    }
    if (localHeaderOffset + 30 > src.size || localHeaderOffset + compressedSize > src.size) {
      throw malformed(src, `the data of ${name} lies beyond the end of the file`);
    }
    entries.push({ name, size, compressedSize, method, localHeaderOffset });
    p = end;
  }
  return entries;
}

/** Absolute offset of an entry's (possibly compressed) data: after its local header. */
export function zipEntryDataOffset(src: FileSource, entry: ZipEntry): number {
  const head = readAt(src, entry.localHeaderOffset, 30);
  if (head.length < 30 || head.readUInt32LE(0) !== LOCAL_SIG) throw malformed(src, `the local header of ${entry.name} is damaged`);
  const at = entry.localHeaderOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  if (at + entry.compressedSize > src.size) throw malformed(src, `the data of ${entry.name} lies beyond the end of the file`);
  return at;
}

/** An entry's bytes, uncompressed; TOO_LARGE beyond maxBytes so a zip bomb never inflates. */
export function readZipEntry(src: FileSource, entry: ZipEntry, maxBytes: number): Buffer {
  if (entry.size > maxBytes) {
    throw new AppError('TOO_LARGE', `${entry.name} in ${src.name} is ${entry.size} bytes; at most ${maxBytes} are read.`);
  }
  const at = zipEntryDataOffset(src, entry);
  if (entry.method === 0) return readAt(src, at, entry.compressedSize);
  if (entry.method === 8) {
    const raw = readAt(src, at, entry.compressedSize);
    try {
      // maxOutputLength: the declared size may lie; inflation stops at the cap either way.
      return inflateRawSync(raw, { maxOutputLength: Math.max(1, maxBytes) });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ERR_BUFFER_TOO_LARGE' || /too large|maxOutputLength/i.test(e.message)) {
        throw new AppError('TOO_LARGE', `${entry.name} in ${src.name} inflates past ${maxBytes} bytes; it is not read.`);
      }
      throw malformed(src, `${entry.name} does not inflate (${e.message})`);
    }
  }
  throw new AppError('MALFORMED', `${entry.name} in ${src.name} uses ZIP compression method ${entry.method}, which is not supported.`);
}

/** A FileSource view of a stored (uncompressed) entry, for formats nested in a zip (.keras's HDF5). */
export function storedEntrySource(src: FileSource, entry: ZipEntry): FileSource {
  if (entry.method !== 0) throw new AppError('NOT_SUPPORTED', `${entry.name} is compressed; it cannot be read in place.`);
  const base = zipEntryDataOffset(src, entry);
  const size = entry.size;
  return {
    path: src.path,
    name: entry.name,
    size,
    read(buf, offset, length, position) {
      const len = Math.max(0, Math.min(length, size - position));
      return len === 0 ? 0 : src.read(buf, offset, len, base + position);
    },
    close() {},
  };
}
