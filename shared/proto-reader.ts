// A small protobuf wire reader over bytes already in memory (a TensorProto file is read whole).
// 64-bit varints are decoded as two 32-bit halves (lo, hi) so int64 values stay exact without
// creating a BigInt per element. Errors are INVALID_TENSOR naming the input (`what`).
import { AppError } from './errors';

export class ProtoReader {
  pos = 0;
  /** Low and high 32 bits (unsigned) of the last varint64() / fixed64(). */
  lo = 0;
  hi = 0;
  readonly end: number;

  constructor(
    readonly buf: Uint8Array,
    readonly what: string,
    start = 0,
    end = buf.length,
  ) {
    this.pos = start;
    this.end = end;
  }

  fail(message: string): AppError {
    return new AppError('INVALID_TENSOR', `${this.what}: ${message}`, 'The file is damaged or is not a serialized ONNX TensorProto.');
  }

  private byte(): number {
    if (this.pos >= this.end) throw this.fail(`is truncated (a value at byte ${this.pos} runs past the end at byte ${this.end}).`);
    return this.buf[this.pos++]!;
  }

  /** A varint into lo/hi. */
  varint64(): void {
    let lo = 0;
    let hi: number;
    let b: number;
    for (let shift = 0; shift < 28; shift += 7) {
      b = this.byte();
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) return this.set(lo, 0);
    }
    b = this.byte();
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x7f) >> 4;
    if (b < 0x80) return this.set(lo, hi);
    for (let shift = 3; shift < 32; shift += 7) {
      b = this.byte();
      hi |= (b & 0x7f) << shift;
      if (b < 0x80) return this.set(lo, hi);
    }
    throw this.fail(`has a varint longer than 10 bytes at byte ${this.pos}.`);
  }

  private set(lo: number, hi: number): void {
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** An unsigned varint that must fit a safe integer (tags, lengths, enums). */
  uint(): number {
    this.varint64();
    if (this.hi >= 0x200000) throw this.fail(`has a varint at byte ${this.pos} too large for a length or enum.`);
    return this.hi * 2 ** 32 + this.lo;
  }

  /** A varint read as a signed int64, as a number (exact within ±2^53). */
  int64(): number {
    this.varint64();
    return (this.hi | 0) * 2 ** 32 + this.lo;
  }

  /** A length-delimited field: returns [start, end) and moves past it. */
  delimited(): [number, number] {
    const len = this.uint();
    const start = this.pos;
    if (start + len > this.end)
      throw this.fail(`is truncated: a field at byte ${start} claims ${len} bytes but only ${this.end - start} remain.`);
    this.pos = start + len;
    return [start, start + len];
  }

  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.varint64();
        return;
      case 1:
        this.advance(8);
        return;
      case 2:
        this.delimited();
        return;
      case 5:
        this.advance(4);
        return;
      default:
        throw this.fail(`has an invalid or unsupported wire type ${wireType} at byte ${this.pos}.`);
    }
  }

  advance(n: number): number {
    const at = this.pos;
    if (at + n > this.end) throw this.fail(`is truncated at byte ${at}.`);
    this.pos = at + n;
    return at;
  }
}
