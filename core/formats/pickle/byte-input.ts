// Sequential reads over a pickle stream held in memory or read through a FileSource window. Every
// declared length is checked against the bytes that remain before anything is allocated, so a
// hostile "4 GB string follows" costs nothing; data past `materializeLimit` is skipped, not read.
import type { FileSource } from '../../onnx/file-source';

/** A pickle that cannot be read past `offset`: malformed, or cut short (truncated). */
export class PickleError extends Error {
  readonly offset: number;
  readonly truncated: boolean;
  constructor(offset: number, message: string, truncated = false) {
    super(message);
    this.name = 'PickleError';
    this.offset = offset;
    this.truncated = truncated;
  }
}

const WINDOW = 1 << 20;

export interface Line {
  /** Bytes before the newline. */
  length: number;
  /** The bytes, or null when longer than the limit (then skipped). */
  data: Buffer | null;
}

export class ByteInput {
  pos: number;
  readonly end: number;
  /** Byte arguments longer than this are skipped rather than copied. */
  readonly materializeLimit: number;
  private readonly buf: Buffer | null;
  private readonly src: FileSource | null;
  private win: Buffer = Buffer.alloc(0);
  private winStart = 0;

  private constructor(buf: Buffer | null, src: FileSource | null, start: number, end: number, limit: number) {
    this.buf = buf;
    this.src = src;
    this.pos = start;
    this.end = end;
    this.materializeLimit = limit;
  }

  /** In-memory bytes: arguments are views (no copy), so every one is materialized. */
  static fromBuffer(buf: Buffer, start = 0, end = buf.length): ByteInput {
    return new ByteInput(buf, null, start, end, Number.MAX_SAFE_INTEGER);
  }

  /** A file read through a 1 MiB window; byte arguments over `limit` are skipped unread. */
  static fromSource(src: FileSource, start = 0, end = src.size, limit = 16 << 20): ByteInput {
    return new ByteInput(null, src, start, end, limit);
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** Fails unless `n` more bytes exist; `what` names the opcode argument for the message. */
  need(n: number, at: number, what: string): void {
    if (n > this.remaining) {
      throw new PickleError(at, `${what} needs ${n} bytes but only ${this.remaining} remain`, true);
    }
  }

  /** The byte `ahead` bytes past pos, or -1 past the end (does not move). */
  peek(ahead = 0): number {
    const p = this.pos + ahead;
    if (p >= this.end) return -1;
    if (this.buf) return this.buf[p]!;
    const saved = this.pos;
    this.pos = p;
    this.fill(1);
    this.pos = saved;
    return this.win[p - this.winStart]!;
  }

  u8(at: number, what: string): number {
    this.need(1, at, what);
    if (this.buf) return this.buf[this.pos++]!;
    this.fill(1);
    return this.win[this.pos++ - this.winStart]!;
  }

  /** The next `n` bytes (n already checked against `remaining` and the limit by the caller). */
  take(n: number, at: number, what: string): Buffer {
    this.need(n, at, what);
    const p = this.pos;
    this.pos += n;
    if (this.buf) return this.buf.subarray(p, p + n);
    if (n > WINDOW) {
      const out = Buffer.alloc(n);
      const got = this.src!.read(out, 0, n, p);
      if (got < n) throw new PickleError(at, `${what}: the file ended early`, true);
      return out;
    }
    this.pos = p;
    this.fill(n);
    this.pos = p + n;
    return Buffer.from(this.win.subarray(p - this.winStart, p - this.winStart + n));
  }

  skip(n: number, at: number, what: string): void {
    this.need(n, at, what);
    this.pos += n;
  }

  /** Reads through the next newline (required, as the unpickler's readline requires it). */
  line(at: number, what: string, limit: number): Line {
    const start = this.pos;
    const nl = this.indexOfNewline();
    if (nl < 0) throw new PickleError(at, `${what}: no newline before the end of the pickle`, true);
    const length = nl - start;
    const data = length <= limit ? this.take(length, at, what) : null;
    this.pos = nl + 1;
    return { length, data };
  }

  private indexOfNewline(): number {
    if (this.buf) {
      const i = this.buf.indexOf(0x0a, this.pos);
      return i >= 0 && i < this.end ? i : -1;
    }
    let p = this.pos;
    while (p < this.end) {
      const saved = this.pos;
      this.pos = p;
      this.fill(1);
      this.pos = saved;
      const w = this.win.subarray(p - this.winStart);
      const i = w.indexOf(0x0a);
      const limit = this.end - p;
      if (i >= 0) return i < limit ? p + i : -1;
      p += w.length;
    }
    return -1;
  }

  /** Makes [pos, pos+n) resident in the window (n ≤ WINDOW). */
  private fill(n: number): void {
    if (this.pos >= this.winStart && this.pos + n <= this.winStart + this.win.length) return;
    const len = Math.min(WINDOW, this.end - this.pos);
    const w = Buffer.allocUnsafe(len);
    const got = this.src!.read(w, 0, len, this.pos);
    this.win = w.subarray(0, got);
    this.winStart = this.pos;
    if (got < n) throw new PickleError(this.pos, 'the file ended early', true);
  }
}
