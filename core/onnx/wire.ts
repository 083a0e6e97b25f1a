// Protobuf wire decoding over a positioned file source. The cursor `pos` is an absolute file
// offset; bytes are read through one bounded window, so skipping a 1 GiB raw_data is just
// `pos += length` with no read at all. Varint decoding works on the window Buffer directly.
import { AppError } from '../../shared/errors';
import type { FileSource } from './file-source';

export const WINDOW_BYTES = 1 << 20;
/** Longest string kept (names, doc strings, metadata); longer ones are cut, never buffered whole. */
export const MAX_STRING_BYTES = 4 << 20;

/** Field names and expected wire types of a message, for precise MALFORMED messages. */
export interface MessageSchema {
  name: string;
  fields: Record<number, [name: string, wireType: number]>;
}

export function malformed(message: string): AppError {
  return new AppError('MALFORMED', message, 'The file is damaged or was not written by an ONNX exporter; export the model again.');
}

export function truncated(fileSize: number, at: number, needs: number): AppError {
  return new AppError(
    'TRUNCATED',
    `The file ends at byte ${fileSize} but a record at byte ${at} needs ${needs} bytes; it may be incompletely downloaded or copied.`,
    'Download or copy the model again and check that its size matches the original.',
  );
}

const TWO_63 = 2 ** 63;

export class Wire {
  /** Absolute offset of the next byte to decode. */
  pos = 0;
  readonly size: number;
  private readonly buf: Buffer;
  private start = 0; // file offset of buf[0]
  private end = 0; // file offset just past the valid bytes of buf

  constructor(
    private readonly src: FileSource,
    windowBytes = WINDOW_BYTES,
  ) {
    this.size = src.size;
    // At least 16 bytes so a varint (≤ 10) or a double always fits; at most the file.
    this.buf = Buffer.allocUnsafe(Math.max(16, Math.min(windowBytes, src.size)));
  }

  /** Loads the window at `pos`; afterwards [pos, min(pos + window, size)) is readable. */
  private refill(): void {
    const len = Math.min(this.buf.length, this.size - this.pos);
    const got = len > 0 ? this.src.read(this.buf, 0, len, this.pos) : 0;
    this.start = this.pos;
    this.end = this.pos + got;
  }

  /** Guarantees bytes [pos, pos + n) are in the window (n ≤ window size). */
  private need(n: number): number {
    if (this.pos + n > this.size) throw truncated(this.size, this.pos, n);
    if (this.pos < this.start || this.pos + n > this.end) this.refill();
    return this.pos - this.start;
  }

  /** Unsigned varint as a number (exact below 2^53): tags, lengths, enums, small counts. */
  uint(): number {
    let p = this.pos - this.start;
    if (this.pos < this.start || this.pos + 10 > this.end) {
      if (this.pos >= this.size) throw truncated(this.size, this.pos, 1);
      this.refill();
      p = 0;
    }
    const b = this.buf;
    let c = b[p++]!;
    if (c < 0x80) {
      this.pos++;
      return c;
    }
    const lim = this.end - this.start;
    let r = c & 0x7f;
    let mul = 128;
    for (;;) {
      if (p >= lim) throw truncated(this.size, this.pos, p - (this.pos - this.start) + 1);
      c = b[p++]!;
      r += (c & 0x7f) * mul;
      if (c < 0x80) break;
      mul *= 128;
      if (mul > TWO_63) throw malformed(`A varint at byte ${this.pos} is longer than 10 bytes.`);
    }
    this.pos = this.start + p;
    return r;
  }

  /**
   * A 64-bit varint: a number when it has at most 7 bytes (< 2^49, exact), otherwise the raw
   * unsigned 64-bit value as a bigint for the caller to read as int64 / uint64.
   */
  varint64(): number | bigint {
    const at = this.pos;
    const v = this.uint();
    if (this.pos - at <= 7) return v;
    const p0 = at - this.start; // still in the window: uint() never moves it mid-varint
    let r = 0n;
    for (let i = this.pos - at - 1; i >= 0; i--) r = (r << 7n) | BigInt(this.buf[p0 + i]! & 0x7f);
    return BigInt.asUintN(64, r);
  }

  int64(): number | string {
    return int64Value(this.varint64());
  }

  float(): number {
    const p = this.need(4);
    this.pos += 4;
    return this.buf.readFloatLE(p);
  }

  double(): number {
    const p = this.need(8);
    this.pos += 8;
    return this.buf.readDoubleLE(p);
  }

  /** Reads a length prefix; returns the absolute end of the record, checked against `parentEnd`. */
  sub(parentEnd: number, what: string): number {
    const at = this.pos;
    const len = this.uint();
    const end = this.pos + len;
    if (end > this.size) throw truncated(this.size, at, this.pos - at + len);
    if (end > parentEnd)
      throw malformed(`${what} at byte ${at} claims ${len} bytes, which runs past the end of its parent record (byte ${parentEnd}).`);
    return end;
  }

  /** A length-delimited UTF-8 string; very long strings are cut at MAX_STRING_BYTES. */
  string(parentEnd: number, what: string): string {
    const end = this.sub(parentEnd, what);
    const len = end - this.pos;
    let s: string;
    if (len <= this.buf.length) {
      const p = this.need(len);
      s = this.buf.toString('utf8', p, p + len);
    } else {
      const keep = Math.min(len, MAX_STRING_BYTES);
      const tmp = Buffer.allocUnsafe(keep);
      this.src.read(tmp, 0, keep, this.pos);
      s = tmp.toString('utf8') + (keep < len ? '…' : '');
    }
    this.pos = end;
    return s;
  }

  /** Copies `len` bytes at pos (callers keep this small) and advances. */
  bytes(len: number): Buffer {
    if (this.pos + len > this.size) throw truncated(this.size, this.pos, len);
    let out: Buffer;
    if (len <= this.buf.length) {
      const p = this.need(len);
      out = Buffer.from(this.buf.subarray(p, p + len));
    } else {
      out = Buffer.alloc(len);
      this.src.read(out, 0, len, this.pos);
    }
    this.pos += len;
    return out;
  }

  /** Moves to `end` of a record, or fails if decoding went past it. */
  done(end: number, what: string): void {
    if (this.pos === end) return;
    if (this.pos > this.size) throw truncated(this.size, end, this.pos - end);
    throw malformed(`A field inside ${what} runs past the end of its record (byte ${end}).`);
  }

  /** Skips a field this reader does not decode; a known field with the wrong wire type is MALFORMED. */
  skip(tag: number, end: number, schema: MessageSchema): void {
    const field = Math.floor(tag / 8);
    const wt = tag & 7;
    const known = schema.fields[field];
    if (known && known[1] !== wt) {
      throw malformed(`Field ${known[0]} (${field}) of ${schema.name} at byte ${this.pos} has wire type ${wt}, expected ${known[1]}.`);
    }
    if (field === 0) throw malformed(`${schema.name} has a field number 0 at byte ${this.pos}, which protobuf forbids.`);
    switch (wt) {
      case 0:
        this.uint();
        return;
      case 1:
        this.pos += 8;
        break;
      case 2:
        this.pos = this.sub(end, `Field ${field} of ${schema.name}`);
        return;
      case 5:
        this.pos += 4;
        break;
      case 3:
      case 4:
        throw malformed(`${schema.name} contains a protobuf group (wire type ${wt}) at byte ${this.pos}; ONNX never uses groups.`);
      default:
        throw malformed(`${schema.name} has an invalid wire type ${wt} at byte ${this.pos}.`);
    }
    if (this.pos > this.size) throw truncated(this.size, this.pos - (wt === 1 ? 8 : 4), wt === 1 ? 8 : 4);
  }
}

/** Interprets a varint64 result as a signed int64: number when safe, decimal string otherwise. */
export function int64Value(v: number | bigint): number | string {
  if (typeof v === 'number') return v;
  const s = BigInt.asIntN(64, v);
  return s >= BigInt(Number.MIN_SAFE_INTEGER) && s <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(s) : s.toString();
}

export function uint64Value(v: number | bigint): number | string {
  if (typeof v === 'number') return v;
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** Signed int64 as a plain number (for counts and dims, where precision beyond 2^53 is moot). */
export function int64Number(v: number | bigint): number {
  return typeof v === 'number' ? v : Number(BigInt.asIntN(64, v));
}
