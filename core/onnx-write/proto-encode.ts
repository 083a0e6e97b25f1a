// The few protobuf records the metadata writer emits itself: ModelProto.model_version (5, int64),
// ModelProto.doc_string (6) and metadata_props entries (14, StringStringEntryProto key 1 / value 2).
// Everything else in the file is copied, never encoded here.

/** A varint; negative int64 values are sign-extended to 64 bits (10 bytes), as protobuf does. */
export function varint(value: number | bigint): Buffer {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}

const WIRE_VARINT = 0;
const WIRE_LEN = 2;

const tag = (field: number, wireType: number): Buffer => varint(field * 8 + wireType);

function lengthDelimited(field: number, body: Buffer): Buffer {
  return Buffer.concat([tag(field, WIRE_LEN), varint(body.length), body]);
}

export function int64Record(field: number, value: number | bigint): Buffer {
  return Buffer.concat([tag(field, WIRE_VARINT), varint(value)]);
}

export function stringRecord(field: number, value: string): Buffer {
  return lengthDelimited(field, Buffer.from(value, 'utf8'));
}

/** One top-level metadata_props record: `0x72 len {0x0A len key 0x12 len value}`. */
export function metadataEntryRecord(key: string, value: string): Buffer {
  return lengthDelimited(14, Buffer.concat([stringRecord(1, key), stringRecord(2, value)]));
}
