// WebSocket messages that carry typed arrays (tensors in the wire form, shared/tensors.ts) go as
// one binary frame instead of JSON text: JSON.stringify of a 16K-float output alone took ~4 ms and
// a segmentation map would be hundreds of MB of text. Messages without typed arrays stay text.
//
// Frame layout (all little-endian, as every platform we ship on):
//   u32 header byte length | header: UTF-8 JSON {"m": message, "b": [attachment…]} | padding to 8
//   | the arrays' bytes, each starting at a multiple of 8 from the start of that region.
// An attachment is {"p": path of keys from the message root, "t": constructor name, "o": byte
// offset in the region, "n": element count}; the message holds null where the array goes.
import { WIRE_ARRAYS, isWireArray, type WireArray, type WireArrayName } from './tensors';
import { parseJsonExact } from './exact-json';

interface Attachment {
  p: Array<string | number>;
  t: WireArrayName;
  o: number;
  n: number;
}

/** Messages nest a few levels (envelope → result → outputs → tensor); anything deeper is not ours. */
const MAX_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Text (JSON) when the message has no typed array, else one binary frame. */
export function encodeFrame(msg: unknown): string | Uint8Array<ArrayBuffer> {
  const found: Array<{ path: Array<string | number>; array: WireArray }> = [];
  const lifted = lift(msg, [], found, 0);
  if (found.length === 0) return JSON.stringify(msg);
  const attachments: Attachment[] = [];
  let offset = 0;
  for (const { path, array } of found) {
    attachments.push({ p: path, t: array.constructor.name as WireArrayName, o: offset, n: array.length });
    offset = align8(offset + array.byteLength);
  }
  const header = new TextEncoder().encode(JSON.stringify({ m: lifted, b: attachments }));
  const start = align8(4 + header.length);
  const frame = new Uint8Array(start + offset);
  new DataView(frame.buffer).setUint32(0, header.length, true);
  frame.set(header, 4);
  found.forEach(({ array }, i) => frame.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), start + attachments[i]!.o));
  return frame;
}

/**
 * A text or binary frame back to the message. Binary frames are checked before anything is built
 * from them: every offset within the frame, constructor names from an allow-list, paths that land
 * on a null the header itself put there. Throws on anything else.
 */
export function decodeFrame(data: string | Uint8Array, opts: { exactIntegers?: boolean } = {}): unknown {
  // Exact parse for what the host receives: a client may write an int64 beyond 2^53 as a plain
  // number (exact-json.ts). Not for what the page receives: the studio writes such int64s as
  // decimal strings already, and a float the host sends (a mean of 1.2e20 prints as
  // 120000000000000000000) must stay a number, which no parser can tell from an int64 literal.
  const parse = opts.exactIntegers ? parseJsonExact : JSON.parse;
  if (typeof data === 'string') return parse(data);
  if (data.byteLength < 4) throw new Error('binary frame too short');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const headerLength = view.getUint32(0, true);
  if (4 + headerLength > data.byteLength) throw new Error('binary frame header runs past its end');
  const header = parse(new TextDecoder('utf-8', { fatal: true }).decode(data.subarray(4, 4 + headerLength))) as {
    m?: unknown;
    b?: unknown;
  };
  if (!header || typeof header !== 'object' || !Array.isArray(header.b)) throw new Error('binary frame header malformed');
  const start = align8(4 + headerLength);
  const msg = header.m;
  for (const a of header.b as unknown[]) {
    const { p, t, o, n } = checkAttachment(a);
    const Ctor = WIRE_ARRAYS[t];
    const bytes = n * Ctor.BYTES_PER_ELEMENT;
    if (o % 8 !== 0 || start + o + bytes > data.byteLength) throw new Error('binary frame attachment out of bounds');
    const at = data.byteOffset + start + o;
    // A view when aligned (Node may hand us a Buffer at any offset of its pool), else a copy.
    const array =
      at % Ctor.BYTES_PER_ELEMENT === 0
        ? new Ctor(data.buffer as ArrayBuffer, at, n)
        : new Ctor(new Uint8Array(data.subarray(start + o, start + o + bytes)).buffer); // not .slice: a Buffer's is a view
    place(msg, p, array);
  }
  return msg;
}

function lift(
  v: unknown,
  path: Array<string | number>,
  found: Array<{ path: Array<string | number>; array: WireArray }>,
  depth: number,
): unknown {
  if (isWireArray(v)) {
    found.push({ path: [...path], array: v });
    return null;
  }
  if (v === null || typeof v !== 'object' || depth >= MAX_DEPTH || ArrayBuffer.isView(v)) return v;
  let copy: Record<string | number, unknown> | unknown[] | null = null;
  const visit = (key: string | number, x: unknown) => {
    // Only objects can hold arrays: a tensor's list of a million numbers costs one typeof each.
    if (x === null || typeof x !== 'object') return;
    path.push(key);
    const y = lift(x, path, found, depth + 1);
    path.pop();
    if (y !== x) {
      copy ??= Array.isArray(v) ? [...v] : { ...(v as Record<string, unknown>) };
      (copy as Record<string | number, unknown>)[key] = y;
    }
  };
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) visit(i, v[i]);
  else for (const key of Object.keys(v)) visit(key, (v as Record<string, unknown>)[key]);
  return copy ?? v;
}

function checkAttachment(a: unknown): Attachment {
  const x = a as Partial<Attachment> | null;
  const ok =
    x !== null &&
    typeof x === 'object' &&
    Array.isArray(x.p) &&
    x.p.length > 0 &&
    x.p.length <= MAX_DEPTH &&
    x.p.every((k) => (typeof k === 'string' && !FORBIDDEN_KEYS.has(k)) || (Number.isSafeInteger(k) && (k as number) >= 0)) &&
    typeof x.t === 'string' &&
    Object.hasOwn(WIRE_ARRAYS, x.t) &&
    Number.isSafeInteger(x.o) &&
    x.o! >= 0 &&
    Number.isSafeInteger(x.n) &&
    x.n! >= 0;
  if (!ok) throw new Error('binary frame attachment malformed');
  return x as Attachment;
}

function place(root: unknown, path: Array<string | number>, array: WireArray): void {
  let node = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key))
      throw new Error('binary frame attachment path not in the message');
    node = (node as Record<string | number, unknown>)[key];
  }
  const last = path[path.length - 1]!;
  if (
    node === null ||
    typeof node !== 'object' ||
    !Object.hasOwn(node, last) ||
    (node as Record<string | number, unknown>)[last] !== null
  ) {
    throw new Error('binary frame attachment path not in the message');
  }
  (node as Record<string | number, unknown>)[last] = array;
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8; // not `& ~7`: bitwise ops wrap past 2^31
}
