// A bounded, lazy FlatBuffers reader over a FileSource (https://flatbuffers.dev/internals/): the root
// uoffset at byte 0, tables found through their vtables, vectors and strings behind uoffsets.
// Nothing is decoded until asked for, so a weight buffer is only ever seen as its length prefix.
// Every position is checked against the file size before it is read, as FlatBuffers' own Verifier
// does: a uoffset must be non-zero (0 points at itself, the only way to loop, since uoffsets are
// unsigned and run forwards) and below 2^31; a vtable and its table must lie inside the file, and a
// field inside its table. Reads go through a small page cache: metadata tables sit close together.
import type { FileSource } from '../../onnx/file-source';
import { AppError } from '../../../shared/errors';

/** A table type: its name (for messages) and its fields' vtable slots, in schema order. */
export interface FbSchema<K extends string> {
  readonly name: string;
  readonly fields: Readonly<Record<K, number>>;
}

export interface FbVector {
  /** Position of the first element. */
  readonly pos: number;
  readonly length: number;
}

/** FlatBuffers' Verifier stops at a million tables by default; a real model has a few thousand. */
export const MAX_TABLES = 1_000_000;
const PAGE = 16 << 10;
const MAX_PAGES = 256; // 4 MiB of cache at most
const MAX_OFFSET = 0x7fffffff;

export interface FlatFileOptions {
  /** Names the file in messages ("TFLite model"). */
  what: string;
  hint: string;
}

export class FlatFile {
  readonly size: number;
  private readonly pages = new Map<number, Buffer>();
  private tables = 0;

  constructor(
    private readonly src: FileSource,
    private readonly opts: FlatFileOptions,
  ) {
    this.size = src.size;
  }

  malformed(problem: string): AppError {
    return new AppError('MALFORMED', `This ${this.opts.what} is malformed: ${problem}.`, this.opts.hint);
  }

  /** Throws unless [pos, pos + len) lies inside the file. */
  check(pos: number, len: number, what: string): void {
    if (!(pos >= 0 && len >= 0 && pos + len <= this.size)) {
      throw this.malformed(`${what} at byte ${pos} (${len} bytes) runs past the end of the file (${this.size} bytes)`);
    }
  }

  /** `len` bytes at `pos`, checked; a view into the page cache when it fits in one page. */
  bytes(pos: number, len: number, what: string): Buffer {
    this.check(pos, len, what);
    const first = Math.floor(pos / PAGE);
    if (Math.floor((pos + len - 1) / PAGE) === first && len > 0) {
      const page = this.page(first);
      return page.subarray(pos - first * PAGE, pos - first * PAGE + len);
    }
    const out = Buffer.alloc(len);
    if (len > 0 && this.src.read(out, 0, len, pos) < len) throw this.malformed(`${what} at byte ${pos} could not be read whole`);
    return out;
  }

  private page(n: number): Buffer {
    const hit = this.pages.get(n);
    if (hit) {
      this.pages.delete(n); // re-insert: Map order is the LRU order
      this.pages.set(n, hit);
      return hit;
    }
    const start = n * PAGE;
    const buf = Buffer.alloc(Math.min(PAGE, this.size - start));
    this.src.read(buf, 0, buf.length, start);
    if (this.pages.size >= MAX_PAGES) this.pages.delete(this.pages.keys().next().value!);
    this.pages.set(n, buf);
    return buf;
  }

  u8(pos: number, what: string): number {
    return this.bytes(pos, 1, what)[0]!;
  }
  i8(pos: number, what: string): number {
    return this.bytes(pos, 1, what).readInt8(0);
  }
  u16(pos: number, what: string): number {
    return this.bytes(pos, 2, what).readUInt16LE(0);
  }
  i32(pos: number, what: string): number {
    return this.bytes(pos, 4, what).readInt32LE(0);
  }
  u32(pos: number, what: string): number {
    return this.bytes(pos, 4, what).readUInt32LE(0);
  }
  f32(pos: number, what: string): number {
    return this.bytes(pos, 4, what).readFloatLE(0);
  }
  /** A ulong as a number; past 2^53 it cannot be a position or size in any real file. */
  u64(pos: number, what: string): number {
    const v = this.bytes(pos, 8, what).readBigUInt64LE(0);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw this.malformed(`${what} at byte ${pos} is ${v}, larger than any file`);
    return Number(v);
  }
  i64(pos: number, what: string): number {
    return Number(this.bytes(pos, 8, what).readBigInt64LE(0));
  }

  /** Follows the uoffset stored at `at`, checked as FlatBuffers' Verifier checks it. */
  follow(at: number, what: string): number {
    const o = this.u32(at, what);
    if (o === 0) throw this.malformed(`${what}: the offset at byte ${at} is 0, pointing at itself (a cycle)`);
    if (o > MAX_OFFSET) throw this.malformed(`${what}: the offset at byte ${at} is ${o}, beyond the 2 GB a FlatBuffer can address`);
    const target = at + o;
    if (target >= this.size) {
      throw this.malformed(`${what}: the offset at byte ${at} points to byte ${target}, past the end of the file (${this.size} bytes)`);
    }
    return target;
  }

  table<K extends string>(pos: number, schema: FbSchema<K>): Table<K> {
    if (++this.tables > MAX_TABLES) {
      throw this.malformed(`it has more than ${MAX_TABLES.toLocaleString('en')} tables (the FlatBuffers verifier's own limit)`);
    }
    const what = `${schema.name} table`;
    const vt = pos - this.i32(pos, what);
    if (vt < 0 || vt + 4 > this.size) {
      throw this.malformed(`the ${what} at byte ${pos} has its vtable at byte ${vt}, outside the file (${this.size} bytes)`);
    }
    const vtSize = this.u16(vt, `${schema.name} vtable`);
    const tSize = this.u16(vt + 2, `${schema.name} vtable`);
    if (vtSize < 4 || vtSize % 2 !== 0) throw this.malformed(`the ${schema.name} vtable at byte ${vt} declares a size of ${vtSize}`);
    this.check(vt, vtSize, `the ${schema.name} vtable`);
    if (tSize < 4) throw this.malformed(`the ${what} at byte ${pos} declares a size of ${tSize}`);
    this.check(pos, tSize, `the ${what}`);
    return new Table(this, schema, pos, vt, vtSize, tSize);
  }

  root<K extends string>(schema: FbSchema<K>): Table<K> {
    return this.table(this.follow(0, 'the root table offset'), schema);
  }

  /** The vector behind the uoffset at `at`, its elements checked to lie inside the file. */
  vector(at: number, elemSize: number, what: string): FbVector {
    const pos = this.follow(at, what);
    const length = this.u32(pos, `${what} length`);
    if (pos + 4 + length * elemSize > this.size) {
      throw this.malformed(`${what} at byte ${pos} declares ${length} elements, more than the file holds (${this.size} bytes)`);
    }
    return { pos: pos + 4, length };
  }

  /** A string (a byte vector) decoded as UTF-8, at most `maxBytes` of it (then ends with …). */
  string(at: number, what: string, maxBytes: number): string {
    const v = this.vector(at, 1, what);
    const n = Math.min(v.length, maxBytes);
    const s = this.bytes(v.pos, n, what).toString('utf8');
    return n < v.length ? `${s}…` : s;
  }
}

export class Table<K extends string> {
  constructor(
    readonly fb: FlatFile,
    readonly schema: FbSchema<K>,
    readonly pos: number,
    private readonly vt: number,
    private readonly vtSize: number,
    private readonly tSize: number,
  ) {}

  private label(field: K): string {
    return `${this.schema.name}.${field}`;
  }

  /** Absolute position of a field, or 0 when it is absent (default value). */
  private at(field: K, width: number): number {
    const slot = this.schema.fields[field];
    const entry = 4 + 2 * slot;
    if (entry + 2 > this.vtSize) return 0; // written by an older schema: the field did not exist yet
    const off = this.fb.u16(this.vt + entry, `${this.schema.name} vtable`);
    if (off === 0) return 0;
    if (off + width > this.tSize) {
      throw this.fb.malformed(`${this.label(field)} lies at byte ${off} of a ${this.tSize}-byte table (at byte ${this.pos})`);
    }
    return this.pos + off;
  }

  has(field: K): boolean {
    return this.at(field, 1) !== 0;
  }
  u8(field: K, def = 0): number {
    const p = this.at(field, 1);
    return p ? this.fb.u8(p, this.label(field)) : def;
  }
  i8(field: K, def = 0): number {
    const p = this.at(field, 1);
    return p ? this.fb.i8(p, this.label(field)) : def;
  }
  bool(field: K): boolean {
    return this.u8(field) !== 0;
  }
  i32(field: K, def = 0): number {
    const p = this.at(field, 4);
    return p ? this.fb.i32(p, this.label(field)) : def;
  }
  u32(field: K, def = 0): number {
    const p = this.at(field, 4);
    return p ? this.fb.u32(p, this.label(field)) : def;
  }
  u64(field: K, def = 0): number {
    const p = this.at(field, 8);
    return p ? this.fb.u64(p, this.label(field)) : def;
  }
  table<J extends string>(field: K, schema: FbSchema<J>): Table<J> | null {
    const p = this.at(field, 4);
    return p ? this.fb.table(this.fb.follow(p, this.label(field)), schema) : null;
  }
  string(field: K, maxBytes = 64 << 10): string | null {
    const p = this.at(field, 4);
    return p ? this.fb.string(p, this.label(field), maxBytes) : null;
  }
  vector(field: K, elemSize: number): FbVector | null {
    const p = this.at(field, 4);
    return p ? this.fb.vector(p, elemSize, this.label(field)) : null;
  }
  /** A vector of int32 values, read whole: only for short vectors (shapes, input lists); `max` caps it. */
  ints(field: K, max: number): number[] | null {
    const v = this.vector(field, 4);
    if (!v) return null;
    if (v.length > max)
      throw this.fb.malformed(`${this.label(field)} at byte ${v.pos - 4} has ${v.length} entries (at most ${max} expected)`);
    const b = this.fb.bytes(v.pos, v.length * 4, this.label(field));
    return Array.from({ length: v.length }, (_, i) => b.readInt32LE(i * 4));
  }
  /** A vector of tables, read one element at a time. */
  tables<J extends string>(field: K, schema: FbSchema<J>): TableVector<J> {
    const v = this.vector(field, 4);
    return new TableVector(this.fb, schema, v?.pos ?? 0, v?.length ?? 0, this.label(field));
  }
}

export class TableVector<K extends string> {
  constructor(
    private readonly fb: FlatFile,
    private readonly schema: FbSchema<K>,
    private readonly pos: number,
    readonly length: number,
    private readonly label: string,
  ) {}

  at(i: number): Table<K> {
    return this.fb.table(this.fb.follow(this.pos + 4 * i, `${this.label}[${i}]`), this.schema);
  }
}
