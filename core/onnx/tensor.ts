// TensorProto → TensorInfo without loading weights: raw_data and packed typed fields are skipped
// by length (their offset is recorded); only tensors of ≤ 64 elements get decoded `values`.
import type { TensorInfo, TensorLocation } from '../../shared/model-summary';
import { halfToNumber } from '../../shared/float16';
import { DataType, bfloat16ToNumber, byteLengthOf, elemTypeName } from './dtypes';
import type { MessageSchema, Wire } from './wire';
import { int64Number, int64Value, malformed, uint64Value } from './wire';

export const MAX_VALUES = 64;
const SMALL_RAW = MAX_VALUES * 16; // enough for 64 complex128
const SMALL_PACKED = MAX_VALUES * 10; // 64 ten-byte varints

const TENSOR: MessageSchema = {
  name: 'TensorProto',
  fields: {
    1: ['dims', 0],
    2: ['data_type', 0],
    3: ['segment', 2],
    4: ['float_data', 5],
    5: ['int32_data', 0],
    6: ['string_data', 2],
    7: ['int64_data', 0],
    8: ['name', 2],
    9: ['raw_data', 2],
    10: ['double_data', 1],
    11: ['uint64_data', 0],
    12: ['doc_string', 2],
    13: ['external_data', 2],
    14: ['data_location', 0],
  },
};
export const ENTRY: MessageSchema = { name: 'StringStringEntryProto', fields: { 1: ['key', 2], 2: ['value', 2] } };

type Elem = 'varint' | 'float' | 'double';
const TYPED: Record<number, [field: string, elem: Elem]> = {
  4: ['float_data', 'float'],
  5: ['int32_data', 'varint'],
  7: ['int64_data', 'varint'],
  10: ['double_data', 'double'],
  11: ['uint64_data', 'varint'],
};

/** An external reference found while parsing, checked against the file system afterwards. */
export interface ExternalRef {
  tensor: string;
  location: string;
  offset: number;
  length: number;
}

interface Typed {
  field: number;
  offset: number;
  length: number;
  values: Array<number | bigint>;
  /** Records the values came in: more than one (unpacked, or a split packed run) is not one byte range. */
  records: number;
}

export function parseTensor(w: Wire, end: number, externals: ExternalRef[]): TensorInfo {
  let name = '';
  let dataType = 0;
  let docString = '';
  let dataLocation = 0;
  const dims: number[] = [];
  let raw: { offset: number; length: number; small?: Buffer } | undefined;
  let typed: Typed | undefined;
  const strings: string[] = [];
  let stringBytes = 0;
  let stringOffset = -1;
  const ext: Record<string, string> = Object.create(null);

  const elem = (e: Elem): number | bigint => (e === 'varint' ? w.varint64() : e === 'float' ? w.float() : w.double());
  const typedFor = (field: number, at: number): Typed => {
    if (!typed || typed.field !== field) typed = { field, offset: at, length: 0, values: [], records: 0 };
    typed.records++;
    return typed;
  };

  while (w.pos < end) {
    const tag = w.uint();
    const field = Math.floor(tag / 8);
    const wt = tag & 7;
    if (field === 1 && wt === 0) dims.push(int64Number(w.varint64()));
    else if (field === 1 && wt === 2) {
      const e = w.sub(end, 'Packed dims');
      while (w.pos < e) dims.push(int64Number(w.varint64()));
      w.done(e, 'TensorProto.dims');
    } else if (field === 2 && wt === 0) dataType = int64Number(w.varint64());
    else if (field === 8 && wt === 2) name = w.string(end, 'A tensor name');
    else if (field === 9 && wt === 2) {
      const e = w.sub(end, 'raw_data');
      const length = e - w.pos;
      raw = { offset: w.pos, length };
      if (length <= SMALL_RAW) raw.small = w.bytes(length);
      w.pos = e; // the weights themselves are never read
    } else if (field === 6 && wt === 2) {
      const at = w.pos;
      const s = w.string(end, 'A string_data entry');
      if (stringOffset < 0) stringOffset = at;
      stringBytes += Buffer.byteLength(s);
      if (strings.length <= MAX_VALUES) strings.push(s);
    } else if (TYPED[field] && (wt === 2 || wt === wireOf(TYPED[field][1]))) {
      const kind = TYPED[field][1];
      if (wt === 2) {
        // Packed (possibly split over several records): decode only when small.
        const e = w.sub(end, `Packed ${TYPED[field][0]}`);
        const t = typedFor(field, w.pos);
        t.length += e - w.pos;
        if (e - w.pos <= SMALL_PACKED && t.values.length <= MAX_VALUES) while (w.pos < e) t.values.push(elem(kind));
        else t.values.length = MAX_VALUES + 1; // too many to show; never decoded
        w.pos = e;
      } else {
        const t = typedFor(field, w.pos);
        const at = w.pos;
        const v = elem(kind); // unpacked: one element per tag
        t.length += w.pos - at;
        if (t.values.length <= MAX_VALUES) t.values.push(v);
      }
    } else if (field === 12 && wt === 2) docString = w.string(end, 'A tensor doc_string');
    else if (field === 13 && wt === 2) {
      const [k, v] = parseEntry(w, w.sub(end, 'An external_data entry'));
      ext[k] = v;
    } else if (field === 14 && wt === 0) dataLocation = int64Number(w.varint64());
    else w.skip(tag, end, TENSOR);
  }
  w.done(end, TENSOR.name);

  const elementCount = dims.reduce((a, b) => a * b, 1);
  const dtype = elemTypeName(dataType);
  let byteLength = dataType === DataType.STRING ? stringBytes : byteLengthOf(dataType, elementCount);
  let location: TensorLocation = { kind: 'empty' };
  if (dataLocation === 1) {
    const where = ext.location ?? '';
    if (!where) throw malformed(`Tensor '${name}' stores its data externally but names no file (external_data has no 'location').`);
    const offset = decimal(ext.offset, 'offset', name, 0);
    const length = decimal(ext.length, 'length', name, Number.isNaN(byteLength) ? 0 : byteLength);
    location = { kind: 'external', location: where, offset, length };
    externals.push({ tensor: name, location: where, offset, length });
  } else if (raw) location = { kind: 'raw', offset: raw.offset, length: raw.length };
  else if (typed)
    location = {
      kind: 'typed',
      field: TYPED[typed.field]![0],
      offset: typed.offset,
      length: typed.length,
      ...(typed.records > 1 ? { split: true as const } : {}),
    };
  else if (stringOffset >= 0) location = { kind: 'typed', field: 'string_data', offset: stringOffset, length: stringBytes };
  if (Number.isNaN(byteLength)) byteLength = location.kind === 'empty' ? 0 : location.length;

  const info: TensorInfo = { name, dataType: dtype, dims, elementCount, byteLength, location };
  if (elementCount <= MAX_VALUES && location.kind !== 'external') {
    const values = raw?.small
      ? fromRaw(raw.small, dataType)
      : typed
        ? fromTyped(typed, dataType)
        : dataType === DataType.STRING
          ? strings
          : undefined;
    if (values && values.length <= MAX_VALUES) info.values = values;
  }
  if (docString) info.docString = docString;
  return info;
}

const wireOf = (e: Elem): number => (e === 'varint' ? 0 : e === 'float' ? 5 : 1);

function parseEntry(w: Wire, end: number): [string, string] {
  let key = '';
  let value = '';
  while (w.pos < end) {
    const tag = w.uint();
    if (tag === 0x0a) key = w.string(end, 'A key');
    else if (tag === 0x12) value = w.string(end, 'A value');
    else w.skip(tag, end, ENTRY);
  }
  w.done(end, ENTRY.name);
  return [key, value];
}
export { parseEntry };

function decimal(s: string | undefined, what: string, tensor: string, fallback: number): number {
  if (s === undefined || s === '') return fallback;
  if (!/^\d+$/.test(s)) throw malformed(`Tensor '${tensor}' has an external_data ${what} '${s}', which is not a whole number.`);
  return Number(s);
}

function fromRaw(b: Buffer, dt: number): Array<number | string | boolean> | undefined {
  const out: Array<number | string | boolean> = [];
  const each = (size: number, read: (o: number) => number | string | boolean) => {
    for (let o = 0; o + size <= b.length; o += size) out.push(read(o));
    return out;
  };
  switch (dt) {
    case DataType.FLOAT:
      return each(4, (o) => b.readFloatLE(o));
    case DataType.DOUBLE:
      return each(8, (o) => b.readDoubleLE(o));
    case DataType.FLOAT16:
      return each(2, (o) => halfToNumber(b.readUInt16LE(o)));
    case DataType.BFLOAT16:
      return each(2, (o) => bfloat16ToNumber(b.readUInt16LE(o)));
    case DataType.INT8:
      return each(1, (o) => b.readInt8(o));
    case DataType.UINT8:
      return each(1, (o) => b.readUInt8(o));
    case DataType.INT16:
      return each(2, (o) => b.readInt16LE(o));
    case DataType.UINT16:
      return each(2, (o) => b.readUInt16LE(o));
    case DataType.INT32:
      return each(4, (o) => b.readInt32LE(o));
    case DataType.UINT32:
      return each(4, (o) => b.readUInt32LE(o));
    case DataType.INT64:
      return each(8, (o) => int64Value(b.readBigInt64LE(o)));
    case DataType.UINT64:
      return each(8, (o) => uint64Value(b.readBigUInt64LE(o)));
    case DataType.BOOL:
      return each(1, (o) => b[o] !== 0);
    default:
      return undefined; // complex, float8, 4-bit: shown by dtype and shape only
  }
}

function fromTyped(t: Typed, dt: number): Array<number | string | boolean> | undefined {
  if (t.values.length > MAX_VALUES) return undefined;
  const asInt32 = (v: number | bigint) => Number(BigInt.asIntN(32, BigInt(v)));
  switch (t.field) {
    case 4:
    case 10:
      return t.values.map(Number);
    case 7:
      return t.values.map(int64Value);
    case 11:
      return t.values.map(uint64Value);
    case 5: // int32_data also carries bool, float16 and bfloat16 bit patterns
      if (dt === DataType.BOOL) return t.values.map((v) => Number(v) !== 0);
      if (dt === DataType.FLOAT16) return t.values.map((v) => halfToNumber(Number(v) & 0xffff));
      if (dt === DataType.BFLOAT16) return t.values.map((v) => bfloat16ToNumber(Number(v) & 0xffff));
      return t.values.map(asInt32);
    default:
      return undefined;
  }
}
