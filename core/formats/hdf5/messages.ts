// Decoders for the object header messages the reader needs (HDF5 File Format Specification 3.0,
// IV.A.2): dataspace, datatype, data layout, filter pipeline, attribute, link, link info, symbol
// table and attribute info. Each takes the message's bytes and fails with MALFORMED when they end
// early or hold a version this reader does not know.
import type { Cursor, H5File } from './io';
import { UNDEFINED, encSize, malformed } from './io';

// ---- Dataspace ----

/** Dimensions, or null for a null dataspace (no elements, not even a scalar). */
export type Dataspace = number[] | null;

const MAX_RANK = 64; // the library's own H5S_MAX_RANK is 32

export function dataspace(c: Cursor): Dataspace {
  const version = c.u8();
  const rank = c.u8();
  c.u8(); // flags: maximum dimensions (and, in version 1, a permutation) follow the sizes; shapes need only the sizes
  let type = 1;
  if (version === 1) c.skip(5);
  else if (version === 2) type = c.u8();
  else throw malformed(`a dataspace message has version ${version}`);
  if (rank > MAX_RANK) throw malformed(`a dataspace declares ${rank} dimensions`);
  const dims = Array.from({ length: rank }, () => c.len());
  if (type === 2) return null;
  return dims;
}

export function elementCount(space: Dataspace): number {
  return space === null ? 0 : space.reduce((a, d) => a * d, 1);
}

// ---- Datatype ----

export interface Datatype {
  /** HDF5 class: 0 fixed-point, 1 float, 3 string, 6 compound, 8 enum, 9 variable-length… */
  cls: number;
  size: number;
  /** The dtype name shown: numpy-like (float32, int8, bool, S5 for fixed strings, string for variable-length ones). */
  name: string;
  signed?: boolean;
  bigEndian?: boolean;
  /** Strings: variable-length or fixed, and their padding (0 NUL-terminated, 1 NUL-padded, 2 space-padded). */
  vlenString?: boolean;
  pad?: number;
  base?: Datatype;
  enumMembers?: { name: string; value: number }[];
}

const MAX_MEMBERS = 4096;

export function datatype(c: Cursor, depth = 0): Datatype {
  if (depth > 16) throw malformed('a datatype nests more than 16 levels deep');
  const b0 = c.u8();
  const cls = b0 & 0x0f;
  const version = b0 >> 4;
  const bits = c.u8() | (c.u8() << 8) | (c.u8() << 16);
  const size = c.u32();
  switch (cls) {
    case 0: {
      c.skip(4);
      const signed = (bits & 0x08) !== 0;
      const bigEndian = (bits & 0x01) !== 0;
      return { cls, size, signed, bigEndian, name: endian(`${signed ? 'int' : 'uint'}${size * 8}`, bigEndian) };
    }
    case 1: {
      c.skip(12);
      const bigEndian = (bits & 0x01) !== 0;
      return { cls, size, bigEndian, name: endian(`float${size * 8}`, bigEndian) };
    }
    case 2:
      c.skip(2);
      return { cls, size, name: 'time' };
    case 3:
      return { cls, size, name: `S${size}`, vlenString: false, pad: bits & 0x0f };
    case 4:
      c.skip(4);
      return { cls, size, name: 'bitfield' };
    case 5: {
      const tagLen = bits & 0xff;
      c.skip(tagLen);
      return { cls, size, name: 'opaque' };
    }
    case 6:
      return compound(c, version, bits & 0xffff, size, depth);
    case 7:
      return { cls, size, name: 'reference' };
    case 8: {
      const n = bits & 0xffff;
      if (n > MAX_MEMBERS) throw malformed(`an enum datatype declares ${n} members`);
      const base = datatype(c, depth + 1);
      const names = Array.from({ length: n }, () => memberName(c, version < 3));
      const values = names.map(() => intOf(c.bytes(base.size), base.signed ?? false));
      const enumMembers = names.map((name, i) => ({ name, value: values[i]! }));
      const isBool =
        n === 2 &&
        enumMembers.some((m) => m.name === 'FALSE' && m.value === 0) &&
        enumMembers.some((m) => m.name === 'TRUE' && m.value === 1);
      return { cls, size, base, enumMembers, name: isBool ? 'bool' : 'enum' };
    }
    case 9: {
      const base = datatype(c, depth + 1);
      const isString = (bits & 0x0f) === 1;
      return { cls, size, base, vlenString: isString, name: isString ? 'string' : `vlen(${base.name})` };
    }
    case 10: {
      const rank = c.u8();
      if (version < 3) c.skip(3);
      const dims = Array.from({ length: rank }, () => c.u32());
      if (version < 3) c.skip(4 * rank); // permutation
      const base = datatype(c, depth + 1);
      return { cls, size, base, name: `${base.name}[${dims.join(',')}]` };
    }
    case 11: {
      const base = datatype(c, depth + 1);
      return { cls, size, base, name: `complex${size * 8}` };
    }
    default:
      throw malformed(`a datatype has class ${cls}`);
  }
}

function endian(name: string, big: boolean): string {
  return big && !name.endsWith('8') ? `${name} (big-endian)` : name;
}

function compound(c: Cursor, version: number, n: number, size: number, depth: number): Datatype {
  if (n > MAX_MEMBERS) throw malformed(`a compound datatype declares ${n} members`);
  const members: { name: string; type: Datatype }[] = [];
  const offsetBytes = encSize(size); // version 3: as few bytes as the compound's size needs
  for (let i = 0; i < n; i++) {
    const name = memberName(c, version < 3);
    if (version === 1) {
      c.skip(4); // byte offset
      c.skip(1 + 3 + 4 + 4 + 16); // dimensionality, reserved, permutation, reserved, dimension sizes
    } else if (version === 2) c.skip(4);
    else c.skip(offsetBytes);
    members.push({ name, type: datatype(c, depth + 1) });
  }
  // h5py writes numpy complex numbers as a compound of two floats named r and i.
  const [r, i] = members;
  if (n === 2 && r?.name === 'r' && i?.name === 'i' && r.type.cls === 1 && i.type.cls === 1 && r.type.size === i.type.size) {
    return { cls: 6, size, name: `complex${size * 8}` };
  }
  return { cls: 6, size, name: 'compound' };
}

/** A member name: NUL-terminated, padded to a multiple of 8 bytes in datatype versions 1 and 2. */
function memberName(c: Cursor, padded: boolean): string {
  const start = c.pos;
  const s = c.cstring();
  if (padded) c.pos = start + Math.ceil((c.pos - start) / 8) * 8;
  c.need(0);
  return s;
}

function intOf(b: Buffer, signed: boolean): number {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  if (signed && b.length > 0 && b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
  return Number(v);
}

// ---- Data layout ----

export type Layout =
  | { kind: 'compact'; size: number; at: number }
  | { kind: 'contiguous'; address: number; size: number | null }
  | { kind: 'chunked'; address: number; chunk: number[]; elementSize: number; index: ChunkIndex }
  | { kind: 'virtual' };

/** How chunks are found: the version 1 B-tree of layouts 1–3, or one of layout 4's indexes. */
export type ChunkIndex =
  | { type: 'btree1' }
  | { type: 'single'; filteredSize: number | null }
  | { type: 'implicit' }
  | { type: 'fixed-array' }
  | { type: 'extensible-array' }
  | { type: 'btree2' };

export function layout(c: Cursor, msgAt: number): Layout {
  const version = c.u8();
  if (version === 1 || version === 2) {
    const rank = c.u8();
    const cls = c.u8();
    c.skip(5);
    const address = cls === 0 ? UNDEFINED : c.addr();
    const dims = Array.from({ length: rank }, () => c.u32());
    if (cls === 0) {
      const size = c.u32();
      return { kind: 'compact', size, at: msgAt + c.pos };
    }
    if (cls === 1) return { kind: 'contiguous', address, size: null };
    return { kind: 'chunked', address, chunk: dims.slice(0, -1), elementSize: dims[dims.length - 1] ?? 0, index: { type: 'btree1' } };
  }
  if (version !== 3 && version !== 4) throw malformed(`a data layout message has version ${version}`);
  const cls = c.u8();
  if (cls === 0) {
    const size = c.u16();
    return { kind: 'compact', size, at: msgAt + c.pos };
  }
  if (cls === 1) return { kind: 'contiguous', address: c.addr(), size: c.len() };
  if (cls === 3) return { kind: 'virtual' };
  if (cls !== 2) throw malformed(`a data layout message has class ${cls}`);
  if (version === 3) {
    const rank = c.u8();
    const address = c.addr();
    const dims = Array.from({ length: rank }, () => c.u32());
    return { kind: 'chunked', address, chunk: dims.slice(0, -1), elementSize: dims[dims.length - 1] ?? 0, index: { type: 'btree1' } };
  }
  const flags = c.u8();
  const rank = c.u8();
  const dimBytes = c.u8();
  if (dimBytes < 1 || dimBytes > 8) throw malformed(`a data layout message encodes chunk dimensions in ${dimBytes} bytes`);
  const dims = Array.from({ length: rank }, () => c.uint(dimBytes));
  const indexType = c.u8();
  let index: ChunkIndex;
  switch (indexType) {
    case 1: {
      const filteredSize = flags & 0x02 ? c.len() : null;
      if (flags & 0x02) c.skip(4);
      index = { type: 'single', filteredSize };
      break;
    }
    case 2:
      index = { type: 'implicit' };
      break;
    case 3:
      c.skip(1);
      index = { type: 'fixed-array' };
      break;
    case 4:
      c.skip(5);
      index = { type: 'extensible-array' };
      break;
    case 5:
      c.skip(6);
      index = { type: 'btree2' };
      break;
    default:
      throw malformed(`a data layout message names chunk index type ${indexType}`);
  }
  return { kind: 'chunked', address: c.addr(), chunk: dims.slice(0, -1), elementSize: dims[dims.length - 1] ?? 0, index };
}

// ---- Filter pipeline ----

const FILTER_NAMES: Record<number, string> = {
  1: 'gzip',
  2: 'shuffle',
  3: 'fletcher32',
  4: 'szip',
  5: 'nbit',
  6: 'scaleoffset',
  32000: 'lzf',
  32001: 'blosc',
  32004: 'lz4',
  32008: 'bitshuffle',
  32015: 'zstd',
};

export function filters(c: Cursor): string[] {
  const version = c.u8();
  const n = c.u8();
  if (version === 1) c.skip(6);
  else if (version !== 2) throw malformed(`a filter pipeline message has version ${version}`);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = c.u16();
    const nameLen = version === 1 || id >= 256 ? c.u16() : 0;
    c.u16(); // flags
    const nValues = c.u16();
    // The name length counts its NUL and, in version 1, its padding to a multiple of 8.
    const name = nameLen > 0 ? c.bytes(nameLen).toString('latin1').replace(/\0.*$/s, '') : '';
    c.skip(4 * nValues);
    if (version === 1 && nValues % 2 === 1) c.skip(4);
    out.push(FILTER_NAMES[id] ?? (name || `filter ${id}`));
  }
  return out;
}

// ---- Attribute ----

export interface RawAttribute {
  name: string;
  type: Datatype | null;
  space: Dataspace;
  data: Buffer;
}

/** An attribute message; `sharedType` resolves a datatype stored as a shared message (committed). */
export function attribute(f: H5File, c: Cursor, sharedType: (c: Cursor) => Datatype | null): RawAttribute {
  const version = c.u8();
  if (version < 1 || version > 3) throw malformed(`an attribute message has version ${version}`);
  const flags = c.u8();
  const nameSize = c.u16();
  const typeSize = c.u16();
  const spaceSize = c.u16();
  if (version === 3) c.skip(1); // name character set
  const pad = (n: number) => (version === 1 ? Math.ceil(n / 8) * 8 : n);
  const name = c
    .bytes(pad(nameSize))
    .subarray(0, Math.max(0, nameSize - 1))
    .toString('utf8');
  const typeBytes = c.bytes(pad(typeSize));
  const tc = f.cursor(typeBytes, `the datatype of attribute ${name}`);
  const type = flags & 0x01 ? sharedType(tc) : datatype(tc);
  const spaceBytes = c.bytes(pad(spaceSize));
  const space = flags & 0x02 ? [] : dataspace(f.cursor(spaceBytes, `the dataspace of attribute ${name}`));
  const bytes = type ? elementCount(space) * type.size : 0;
  const data = c.buf.subarray(c.pos, Math.min(c.buf.length, c.pos + bytes));
  if (data.length < bytes) throw malformed(`attribute ${name} holds ${data.length} bytes of data, ${bytes} expected`);
  return { name, type, space, data };
}

// ---- Links and groups ----

export type Link = { name: string; kind: 'hard'; address: number } | { name: string; kind: 'soft' | 'external' };

export function link(c: Cursor): Link {
  const version = c.u8();
  if (version !== 1) throw malformed(`a link message has version ${version}`);
  const flags = c.u8();
  const type = flags & 0x08 ? c.u8() : 0;
  if (flags & 0x04) c.skip(8); // creation order
  if (flags & 0x10) c.skip(1); // character set
  const nameLen = c.uint(1 << (flags & 3));
  const name = c.bytes(nameLen).toString('utf8');
  if (type === 0) return { name, kind: 'hard', address: c.addr() };
  return { name, kind: type === 1 ? 'soft' : 'external' };
}

export interface LinkInfo {
  heap: number;
  nameIndex: number;
}

export function linkInfo(c: Cursor): LinkInfo {
  const version = c.u8();
  if (version !== 0) throw malformed(`a link info message has version ${version}`);
  const flags = c.u8();
  if (flags & 0x01) c.skip(8);
  return { heap: c.addr(), nameIndex: c.addr() };
}

export function attributeInfo(c: Cursor): LinkInfo {
  const version = c.u8();
  if (version !== 0) throw malformed(`an attribute info message has version ${version}`);
  const flags = c.u8();
  if (flags & 0x01) c.skip(2);
  return { heap: c.addr(), nameIndex: c.addr() };
}

export function symbolTable(c: Cursor): { btree: number; heap: number } {
  return { btree: c.addr(), heap: c.addr() };
}
