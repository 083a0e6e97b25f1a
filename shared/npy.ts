// NumPy .npy files (format 1.0 / 2.0 / 3.0) ↔ Tensor, over plain bytes so the renderer can parse
// a dropped file too. Only what np.save writes for plain arrays is read: little-endian (or
// byte-order-free '|') numbers and bools, fixed-width unicode ('<U') and bytes ('|S') strings,
// C order. Object arrays are pickles and are never loaded.
import { AppError } from './errors';
import type { ErrorCode } from './errors';
import { parsePyLiteral } from './py-literal';
import type { PyValue } from './py-literal';
import { ELEM_BYTES, elementCount, tensorBytes, tensorFromBytes } from './tensor-buffers';
import type { NumericType } from './tensor-buffers';
import type { Tensor } from './tensors';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** numpy kind + item size → our type (byte order checked separately). */
export const NUMPY_KINDS: Record<string, NumericType> = {
  f2: 'float16',
  f4: 'float32',
  f8: 'float64',
  i1: 'int8',
  i2: 'int16',
  i4: 'int32',
  i8: 'int64',
  u1: 'uint8',
  u2: 'uint16',
  u4: 'uint32',
  u8: 'uint64',
  b1: 'bool',
};
const DESCR: Record<NumericType, string> = {
  float16: '<f2',
  float32: '<f4',
  float64: '<f8',
  int8: '|i1',
  int16: '<i2',
  int32: '<i4',
  int64: '<i8',
  uint8: '|u1',
  uint16: '<u2',
  uint32: '<u4',
  uint64: '<u8',
  bool: '|b1',
};

function bad(what: string, message: string, hint?: string, code: ErrorCode = 'INVALID_TENSOR'): AppError {
  return new AppError(code, `${what}: ${message}`, hint);
}

interface Header {
  descr: string;
  shape: number[];
  dataOffset: number;
}

function readHeader(bytes: Uint8Array, what: string): Header {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw bad(what, 'is not a NumPy .npy file (it does not start with \\x93NUMPY).', 'Save the array with numpy.save().');
  }
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major < 1 || major > 3) throw bad(what, `uses .npy format version ${major}.${bytes[7]}, which is not supported (1.0–3.0 are).`);
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenBytes) throw bad(what, 'is truncated inside its header.');
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lenBytes;
  if (start + headerLen > bytes.length)
    throw bad(what, `is truncated: its header claims ${headerLen} bytes but the file has ${bytes.length - start} left.`);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  let dict: PyValue;
  try {
    dict = parsePyLiteral(text.trim());
  } catch (e) {
    throw bad(what, `has an unreadable header (${(e as Error).message}).`);
  }
  if (!dict || typeof dict !== 'object' || Array.isArray(dict)) throw bad(what, 'has a header that is not a dict.');
  const { descr, fortran_order: fortran, shape } = dict;
  if (fortran === true) {
    throw bad(what, 'holds a Fortran-order (column-major) array; only C order is read.', 'Save np.ascontiguousarray(a) instead of a.');
  }
  if (fortran !== false) throw bad(what, "has a header without a valid 'fortran_order'.");
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    throw bad(what, "has a header without a valid 'shape'.");
  }
  if (typeof descr !== 'string') {
    throw bad(
      what,
      'holds a structured (record) array; only plain numeric, bool and string arrays can be inputs.',
      'Save each field as its own array.',
      'UNSUPPORTED_TYPE',
    );
  }
  return { descr, shape: shape as number[], dataOffset: start + headerLen };
}

/** Parses a .npy file. `what` names it in errors (e.g. the path). */
export function parseNpy(bytes: Uint8Array, what = 'The .npy file'): Tensor {
  const { descr, shape, dataOffset } = readHeader(bytes, what);
  const count = elementCount(shape);
  const m = /^([<>|=])([a-zA-Z])(\d*)$/.exec(descr);
  if (!m) throw bad(what, `has dtype '${descr}', which is not supported.`, undefined, 'UNSUPPORTED_TYPE');
  const [, order, kind, sizeText] = m as unknown as [string, string, string, string];
  const size = Number(sizeText);
  if (kind === 'O') {
    throw bad(
      what,
      'holds an object array, which NumPy stores as a Python pickle; pickles are never loaded.',
      'Convert it to a numeric or string dtype (e.g. a.astype(np.float32) or a.astype(str)) and save it again.',
    );
  }
  if (order === '>' && size > 1) {
    throw bad(
      what,
      `is big-endian ('${descr}'); only little-endian files are read.`,
      "Convert it with a.astype(a.dtype.newbyteorder('<')) and save it again.",
    );
  }
  const data = (n: number): Uint8Array => {
    if (!Number.isFinite(n) || dataOffset + n > bytes.length) {
      throw bad(
        what,
        `is truncated: shape [${shape.join(', ')}] of '${descr}' needs ${n} bytes of data but the file has ${bytes.length - dataOffset}.`,
      );
    }
    return bytes.subarray(dataOffset, dataOffset + n);
  };
  if (kind === 'U' || kind === 'S') {
    if (!(size > 0)) throw bad(what, `has a zero-width string dtype '${descr}'.`);
    const raw = data(count * size * (kind === 'U' ? 4 : 1));
    try {
      return { type: 'string', shape, data: kind === 'U' ? readUnicode(raw, count, size) : readBytes(raw, count, size) };
    } catch (e) {
      throw bad(what, `has undecodable strings (${(e as Error).message}).`);
    }
  }
  const type = NUMPY_KINDS[kind + sizeText];
  if (!type) {
    const named: Record<string, string> = { c: 'complex', M: 'datetime64', m: 'timedelta64', V: 'void', f: 'float' };
    const name = named[kind] ? `${named[kind]}${kind === 'f' || kind === 'c' ? size * 8 : ''}` : kind;
    throw bad(
      what,
      `has dtype '${descr}' (${name}), which onnxruntime cannot take as an input.`,
      'Convert it to a supported dtype such as float32, int64 or bool.',
      'UNSUPPORTED_TYPE',
    );
  }
  return tensorFromBytes(type, shape, data(count * ELEM_BYTES[type]));
}

function readUnicode(raw: Uint8Array, count: number, width: number): string[] {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Array<string>(count);
  for (let k = 0; k < count; k++) {
    const base = k * width * 4;
    let end = width;
    while (end > 0 && view.getUint32(base + (end - 1) * 4, true) === 0) end--; // numpy strips trailing NULs
    let s = '';
    for (let j = 0; j < end; j++) {
      const cp = view.getUint32(base + j * 4, true);
      if (cp > 0x10ffff) throw new RangeError(`element ${k} holds ${cp}, which is not a Unicode code point`);
      s += String.fromCodePoint(cp);
    }
    out[k] = s;
  }
  return out;
}

function readBytes(raw: Uint8Array, count: number, width: number): string[] {
  const dec = new TextDecoder('utf-8');
  const out = new Array<string>(count);
  for (let k = 0; k < count; k++) {
    let end = width;
    while (end > 0 && raw[k * width + end - 1] === 0) end--;
    out[k] = dec.decode(raw.subarray(k * width, k * width + end));
  }
  return out;
}

/** Writes a tensor as a .npy file (format 1.0); strings as '<U' as wide as the longest. */
export function writeNpy(t: Tensor): Uint8Array {
  let descr: string;
  let body: Uint8Array;
  if (t.type === 'string') {
    const cps = t.data.map((s) => Array.from(s, (c) => c.codePointAt(0)!));
    const width = cps.reduce((w, c) => Math.max(w, c.length), 1);
    descr = `<U${width}`;
    const words = new Uint32Array(cps.length * width);
    cps.forEach((c, k) => words.set(c, k * width));
    body = new Uint8Array(words.buffer);
  } else {
    descr = DESCR[t.type as NumericType];
    body = tensorBytes(t);
  }
  const shape = t.shape.length === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  // Header padded with spaces and ended by '\n' so the data starts at a multiple of 64 (as numpy
  // does). Format 1.0's 64 KiB header limit is out of reach: numpy arrays have at most 64 dims.
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const header = dict.padEnd(total - 11, ' ') + '\n';
  const out = new Uint8Array(total + body.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(body, total);
  return out;
}
