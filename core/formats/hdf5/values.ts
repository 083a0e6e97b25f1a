// Attribute values as JS values: numbers, booleans (h5py's FALSE/TRUE enum), fixed-length strings
// and variable-length strings from the global heap. Arrays come back flattened. Types a display
// cannot use (compound, opaque, references) decode to null.
import type { H5File } from './io';
import { malformed } from './io';
import type { GlobalHeap } from './heaps';
import type { Datatype, RawAttribute } from './messages';
import { elementCount } from './messages';

export type AttrValue = string | number | boolean | null | AttrValue[];

/** Attributes with more elements are summarised, not decoded. */
export const MAX_ATTR_ELEMENTS = 100_000;

export function decodeAttribute(f: H5File, heap: GlobalHeap, a: RawAttribute): AttrValue {
  if (a.space === null || a.type === null) return null;
  const n = elementCount(a.space);
  if (n > MAX_ATTR_ELEMENTS) return `<${a.type.name} array of ${n} elements>`;
  const t = a.type;
  const values: AttrValue[] = [];
  for (let i = 0; i < n; i++) values.push(element(f, heap, t, a.data.subarray(i * t.size, (i + 1) * t.size), a.name));
  return a.space.length === 0 ? values[0]! : values;
}

function element(f: H5File, heap: GlobalHeap, t: Datatype, b: Buffer, name: string): AttrValue {
  switch (t.cls) {
    case 0:
      return integer(b, t.signed ?? false, t.bigEndian ?? false);
    case 1:
      return float(b, t.bigEndian ?? false);
    case 3:
      return fixedString(b, t.pad ?? 0);
    case 8: {
      const v = integer(b, t.base?.signed ?? false, t.base?.bigEndian ?? false);
      if (t.name === 'bool') return v !== 0;
      return t.enumMembers?.find((m) => m.value === v)?.name ?? v;
    }
    case 9: {
      if (!t.vlenString) return null;
      const c = f.cursor(b, `attribute ${name}`);
      const len = c.u32();
      const addr = c.addr();
      const index = c.u32();
      if (len === 0 || f.isUndefined(addr) || addr === 0) return '';
      const obj = heap.object(addr, index);
      if (len > obj.length) throw malformed(`attribute ${name} names a ${len}-byte string in a ${obj.length}-byte heap object`);
      return obj.subarray(0, len).toString('utf8');
    }
    default:
      return null;
  }
}

function integer(b: Buffer, signed: boolean, big: boolean): number {
  const bytes = big ? Buffer.from(b).reverse() : b;
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  if (signed && bytes.length > 0 && bytes[bytes.length - 1]! & 0x80) v -= 1n << BigInt(8 * bytes.length);
  return Number(v);
}

function float(b: Buffer, big: boolean): number | null {
  switch (b.length) {
    case 2: {
      const h = big ? b.readUInt16BE(0) : b.readUInt16LE(0);
      const s = h & 0x8000 ? -1 : 1;
      const e = (h >> 10) & 0x1f;
      const m = h & 0x3ff;
      if (e === 0) return s * m * 2 ** -24;
      if (e === 31) return m ? Number.NaN : s * Infinity;
      return s * (1 + m / 1024) * 2 ** (e - 15);
    }
    case 4:
      return big ? b.readFloatBE(0) : b.readFloatLE(0);
    case 8:
      return big ? b.readDoubleBE(0) : b.readDoubleLE(0);
    default:
      return null;
  }
}

/** Fixed-length strings: NUL-terminated (0), NUL-padded (1) or space-padded (2). */
function fixedString(b: Buffer, pad: number): string {
  let end = b.length;
  if (pad === 2) while (end > 0 && b[end - 1] === 0x20) end--;
  else {
    const nul = b.indexOf(0);
    if (nul >= 0) end = nul;
  }
  return b.subarray(0, end).toString('utf8');
}
