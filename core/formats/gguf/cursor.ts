// Sequential little-endian reads over a FileSource through one reusable window, so a header with
// hundreds of thousands of small fields (a tokenizer's token list) costs a few large reads. Every
// read checks the file's size first: a length field can never make it read or allocate past the end.
import { AppError } from '../../../shared/errors';
import type { FileSource } from '../../onnx/file-source';

const WINDOW = 1 << 20;

export class Cursor {
  pos = 0;
  private readonly buf: Buffer;
  private start = 0;
  private end = 0;

  constructor(
    private readonly src: FileSource,
    /** Names the part being read in a TRUNCATED message ("the key/values"). */
    public section = 'the header',
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(64, Math.min(WINDOW, src.size)));
  }

  get remaining(): number {
    return this.src.size - this.pos;
  }

  truncated(what = this.section): AppError {
    return new AppError(
      'TRUNCATED',
      `${this.src.name} ends at byte ${this.src.size} inside ${what} (GGUF).`,
      'The download was probably cut short: download the file again.',
    );
  }

  /** Makes bytes [pos, pos + n) available in the window; n is at most the window size. */
  private need(n: number): number {
    if (n > this.remaining) throw this.truncated();
    if (this.pos < this.start || this.pos + n > this.end) {
      const want = Math.min(this.buf.length, this.src.size - this.pos);
      const got = this.src.read(this.buf, 0, want, this.pos);
      this.start = this.pos;
      this.end = this.pos + got;
      if (got < n) throw this.truncated();
    }
    const at = this.pos - this.start;
    this.pos += n;
    return at;
  }

  u8(): number {
    return this.buf[this.need(1)]!;
  }
  i8(): number {
    return this.buf.readInt8(this.need(1));
  }
  u16(): number {
    return this.buf.readUInt16LE(this.need(2));
  }
  i16(): number {
    return this.buf.readInt16LE(this.need(2));
  }
  u32(): number {
    return this.buf.readUInt32LE(this.need(4));
  }
  i32(): number {
    return this.buf.readInt32LE(this.need(4));
  }
  f32(): number {
    return this.buf.readFloatLE(this.need(4));
  }
  f64(): number {
    return this.buf.readDoubleLE(this.need(8));
  }
  u64(): bigint {
    return this.buf.readBigUInt64LE(this.need(8));
  }
  i64(): bigint {
    return this.buf.readBigInt64LE(this.need(8));
  }

  /** A uint64 count or length that must fit what is left of the file at `unit` bytes each. */
  count(unit: number, what: string): number {
    // Two u32 halves rather than a BigInt: this runs once per token of a vocabulary, in a cold process.
    const at = this.need(8);
    const lo = this.buf.readUInt32LE(at);
    const hi = this.buf.readUInt32LE(at + 4);
    const n = hi * 2 ** 32 + lo; // exact below 2^53; above, far beyond any file anyway
    if (n * Math.max(1, unit) > this.remaining) {
      const exact = (BigInt(hi) << 32n) | BigInt(lo);
      throw new AppError(
        'MALFORMED',
        `${this.src.name} declares ${exact} ${what}, more than the ${this.remaining} bytes left in the file can hold (GGUF).`,
        'The file is damaged or not a GGUF model: download it again.',
      );
    }
    return n;
  }

  /** Bytes as a string, reading at most `keep` of them (the rest is skipped). */
  text(length: number, keep: number): string {
    if (length > this.remaining) throw this.truncated();
    if (keep === 0) {
      this.pos += length;
      return '';
    }
    const take = Math.min(length, keep, this.buf.length);
    const at = this.need(take);
    this.pos += length - take;
    return this.buf.toString('utf8', at, at + take);
  }

  /**
   * Skips `n` strings (u64 length, then the bytes) in one tight loop: a vocabulary's 32k–256k tokens
   * are passed over here, in a process whose JIT is still cold.
   */
  skipStrings(n: number): void {
    const buf = this.buf;
    for (let i = 0; i < n; i++) {
      let at: number;
      if (this.pos >= this.start && this.pos + 8 <= this.end) {
        at = this.pos - this.start;
        this.pos += 8;
      } else at = this.need(8);
      const length =
        (buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16)) +
        buf[at + 3]! * 2 ** 24 +
        (buf[at + 4]! | (buf[at + 5]! << 8) | (buf[at + 6]! << 16)) * 2 ** 32 +
        buf[at + 7]! * 2 ** 56;
      if (length > this.remaining) {
        throw new AppError(
          'MALFORMED',
          `${this.src.name} declares a ${length}-byte string, more than the ${this.remaining} bytes left in the file (GGUF).`,
          'The file is damaged or not a GGUF model: download it again.',
        );
      }
      this.pos += length;
    }
  }

  skip(n: number): void {
    if (n > this.remaining) throw this.truncated();
    this.pos += n;
  }
}
