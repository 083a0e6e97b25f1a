// Bounded reads of an HDF5 file's metadata: every address is checked against the file size before
// it is read, every declared length against a cap, and each structure is parsed from a Buffer
// through a Cursor that refuses to run past its end. Addresses in HDF5 are relative to the
// superblock's base address; the "undefined address" is all ones.
import type { FileSource } from '../../onnx/file-source';
import { AppError } from '../../../shared/errors';

export const HINT = 'The file may be truncated or corrupted; save the model or data again (h5py, Keras model.save).';

/** No single metadata structure (object header chunk, heap, B-tree node) is read past this size. */
export const MAX_BLOCK = 16 << 20;
/** Metadata blocks visited at most in one file: far beyond a Keras model (hundreds) or a big data file. */
export const MAX_NODES = 1_000_000;

export function malformed(problem: string): AppError {
  return new AppError('MALFORMED', `This HDF5 file is malformed: ${problem}.`, HINT);
}

export class H5File {
  /** Byte sizes of addresses and lengths, from the superblock (1, 2, 4 or 8). */
  offsetSize = 8;
  lengthSize = 8;
  base = 0;

  private nodes = 0;

  constructor(readonly src: FileSource) {}

  /** Counts a structure visited (B-tree node, heap block, object header): however a file shares or
   * loops them, the walk stops after MAX_NODES. */
  tick(): void {
    if (++this.nodes > MAX_NODES) {
      throw new AppError(
        'TOO_LARGE',
        `This HDF5 file has more than ${MAX_NODES.toLocaleString('en')} metadata blocks (B-tree nodes, heap blocks, object headers); the reader stops there.`,
        'Open a smaller file, or list it with h5ls in your own environment.',
      );
    }
  }

  get size(): number {
    return this.src.size;
  }

  /** `len` bytes at relative address `addr`, checked against the file and MAX_BLOCK. */
  read(addr: number, len: number, what: string): Buffer {
    const pos = this.base + addr;
    if (!(addr >= 0 && Number.isFinite(pos))) throw malformed(`${what} is at an invalid address (${addr})`);
    if (len > MAX_BLOCK) throw malformed(`${what} at byte ${pos} declares ${len} bytes, more than any such structure takes`);
    if (pos + len > this.size) {
      throw malformed(`${what} at byte ${pos} (${len} bytes) runs past the end of the file (${this.size} bytes)`);
    }
    const buf = Buffer.alloc(len);
    if (len > 0 && this.src.read(buf, 0, len, pos) < len) throw malformed(`${what} at byte ${pos} could not be read whole`);
    return buf;
  }

  /** Up to `len` bytes at `addr`, fewer at the end of the file (for structures whose size is found while parsing). */
  readUpTo(addr: number, len: number, what: string): Buffer {
    const pos = this.base + addr;
    if (!(addr >= 0 && pos < this.size)) throw malformed(`${what} is at byte ${pos}, past the end of the file (${this.size} bytes)`);
    return this.read(addr, Math.min(len, this.size - pos), what);
  }

  cursor(buf: Buffer, what: string, at = 0): Cursor {
    return new Cursor(buf, this, what, at);
  }

  isUndefined(addr: number): boolean {
    return addr === UNDEFINED;
  }
}

/** All-ones address: "not allocated". Kept as a number (2^53 - 1 stands in for anything larger). */
export const UNDEFINED = Number.MAX_SAFE_INTEGER;

export class Cursor {
  constructor(
    readonly buf: Buffer,
    private readonly file: H5File,
    readonly what: string,
    public pos = 0,
  ) {}

  get left(): number {
    return this.buf.length - this.pos;
  }

  need(n: number): void {
    if (n < 0 || this.pos + n > this.buf.length) {
      throw malformed(`${this.what} ends early (needs ${n} bytes at ${this.pos} of ${this.buf.length})`);
    }
  }
  skip(n: number): this {
    this.need(n);
    this.pos += n;
    return this;
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  /** An unsigned little-endian integer of `n` bytes (0…8); values past 2^53 become UNDEFINED. */
  uint(n: number): number {
    this.need(n);
    const at = this.pos;
    this.pos += n;
    if (n === 0) return 0;
    if (n <= 6) return this.buf.readUIntLE(at, n);
    const lo = this.buf.readUInt32LE(at);
    const hi = n === 8 ? this.buf.readUInt32LE(at + 4) : this.buf.readUIntLE(at + 4, n - 4);
    return hi > 0x1fffff ? UNDEFINED : hi * 2 ** 32 + lo;
  }
  addr(): number {
    const n = this.file.offsetSize;
    this.need(n);
    let ones = true;
    for (let i = 0; i < n; i++) if (this.buf[this.pos + i] !== 0xff) ones = false;
    if (ones) {
      this.pos += n;
      return UNDEFINED;
    }
    return this.uint(n);
  }
  len(): number {
    return this.uint(this.file.lengthSize);
  }
  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  signature(sig: string, where: number): void {
    const got = this.bytes(4).toString('latin1');
    if (got !== sig) throw malformed(`${this.what} at byte ${where} should start with "${sig}" but starts with ${JSON.stringify(got)}`);
  }
  /** A NUL-terminated string starting here (at most to the end of the buffer). */
  cstring(): string {
    const end = this.buf.indexOf(0, this.pos);
    const stop = end < 0 ? this.buf.length : end;
    const s = this.buf.subarray(this.pos, stop).toString('utf8');
    this.pos = Math.min(this.buf.length, stop + 1);
    return s;
  }
}

/** Bytes needed to store `n` (the library's H5VM_limit_enc_size): floor(log2(n) / 8) + 1. */
export function encSize(n: number): number {
  let bits = 0;
  while (n >= 2 ** (bits + 1)) bits++;
  return Math.floor(bits / 8) + 1;
}

export function log2(n: number): number {
  let b = 0;
  while (2 ** (b + 1) <= n) b++;
  return b;
}
