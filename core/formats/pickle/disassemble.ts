// A static pickle disassembler: like Python's pickletools.genops, it yields every opcode with its
// offset and decoded argument, and never executes or imports anything. Arguments are decoded the
// way the real unpickler (Lib/pickle.py, Modules/_pickle.c) reads them where that differs from
// pickletools: GLOBAL's module and name are raw UTF-8 lines (pickletools backslash-unescapes them,
// the unpickler does not), so what we report is what would be imported.
import { ByteInput, PickleError } from './byte-input';
import { HIGHEST_PROTOCOL, OPCODES, type ArgKind } from './opcodes';

/** A bytes / bytearray argument; `data` is null when it was too large to copy (then skipped). */
export interface PickleBytes {
  kind: 'bytes';
  offset: number;
  length: number;
  data: Buffer | null;
}

/** A string argument too long to decode (over TEXT_LIMIT): only where and how long. */
export interface LargeText {
  kind: 'text';
  offset: number;
  length: number;
}

export type PickleArg = null | number | bigint | boolean | string | PickleBytes | LargeText | readonly [string, string];

export interface PickleOp {
  /** The opcode's pickletools name (GLOBAL, BINUNICODE, REDUCE…). */
  op: string;
  code: number;
  /** Byte offset of the opcode within the stream. */
  offset: number;
  arg: PickleArg;
}

/** Strings longer than this are not decoded: no module, name or shell command is that long. */
export const TEXT_LIMIT = 1 << 20;
/** GLOBAL / INST / PERSID lines longer than this are malformed for our purposes. */
const NAME_LINE_LIMIT = 64 << 10;

function malformed(at: number, msg: string): PickleError {
  return new PickleError(at, msg);
}

/** Python's int() on a pickle's decimal line (INT takes base prefixes too: the unpickler uses base 0). */
function parseInt(text: string, at: number, what: string, base0: boolean): number | bigint {
  const s = text.trim().replace(/_/g, '');
  const re = base0 ? /^[+-]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|\d+)$/ : /^[+-]?\d+$/;
  if (!re.test(s)) throw malformed(at, `${what} argument ${JSON.stringify(text.slice(0, 40))} is not an integer`);
  const neg = s.startsWith('-');
  const body = s.replace(/^[+-]/, '');
  let v = BigInt(/^0[xXoObB]/.test(body) ? body.toLowerCase() : body.replace(/^0+(?=\d)/, ''));
  if (neg) v = -v;
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Little-endian two's complement, as LONG1 / LONG4 store it. */
function decodeLong(b: Buffer): number | bigint {
  if (b.length === 0) return 0;
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  if (b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** codecs.escape_decode: Python string-literal escapes, result read as latin-1. */
function escapeDecode(b: Buffer, at: number): string {
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c !== 0x5c || i + 1 >= b.length) {
      if (c === 0x5c) throw malformed(at, 'STRING argument ends with a lone backslash');
      out.push(c);
      continue;
    }
    const e = String.fromCharCode(b[++i]!);
    const simple: Record<string, number> = { '\\': 0x5c, "'": 0x27, '"': 0x22, a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (e in simple) out.push(simple[e]!);
    else if (e === '\n') continue;
    else if (e >= '0' && e <= '7') {
      let v = b[i]! - 0x30;
      for (let k = 1; k < 3 && i + 1 < b.length && b[i + 1]! >= 0x30 && b[i + 1]! <= 0x37; k++) v = v * 8 + (b[++i]! - 0x30);
      out.push(v & 0xff);
    } else if (e === 'x') {
      const hex = b.subarray(i + 1, i + 3).toString('latin1');
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw malformed(at, 'STRING argument has an invalid \\x escape');
      out.push(parseInt16(hex));
      i += 2;
    } else out.push(0x5c, b[i]!);
  }
  return Buffer.from(out).toString('latin1');
}

function parseInt16(hex: string): number {
  return Number.parseInt(hex, 16);
}

/** raw-unicode-escape: only \uXXXX and \UXXXXXXXX after an odd run of backslashes; other bytes are latin-1. */
function rawUnicodeEscape(b: Buffer, at: number): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c !== 0x5c) {
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    let run = 0;
    while (i + run < b.length && b[i + run] === 0x5c) run++;
    const next = b[i + run];
    if (run % 2 === 1 && (next === 0x75 || next === 0x55)) {
      out += '\\'.repeat(run - 1);
      const n = next === 0x75 ? 4 : 8;
      const hex = b.subarray(i + run + 1, i + run + 1 + n).toString('latin1');
      if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) throw malformed(at, 'UNICODE argument has a truncated \\u escape');
      const cp = Number.parseInt(hex, 16);
      if (cp > 0x10ffff) throw malformed(at, 'UNICODE argument has an escape past U+10FFFF');
      out += String.fromCodePoint(cp);
      i += run + 1 + n;
    } else {
      out += '\\'.repeat(run);
      i += run;
    }
  }
  return out;
}

function text(input: ByteInput, n: number, at: number, what: string, encoding: 'utf8' | 'latin1'): string | LargeText {
  input.need(n, at, what);
  if (n > TEXT_LIMIT) {
    const offset = input.pos;
    input.skip(n, at, what);
    return { kind: 'text', offset, length: n };
  }
  return input.take(n, at, what).toString(encoding);
}

function bytes(input: ByteInput, n: number, at: number, what: string): PickleBytes {
  input.need(n, at, what);
  const offset = input.pos;
  if (n > input.materializeLimit) {
    input.skip(n, at, what);
    return { kind: 'bytes', offset, length: n, data: null };
  }
  return { kind: 'bytes', offset, length: n, data: input.take(n, at, what) };
}

function u64(input: ByteInput, at: number, what: string): number {
  const v = input.take(8, at, what).readBigUInt64LE(0);
  // Larger than any file: the length check that follows fails with the real figure.
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

function nameLine(input: ByteInput, at: number, what: string): string {
  const line = input.line(at, what, NAME_LINE_LIMIT);
  if (!line.data) throw malformed(at, `${what} line is ${line.length} bytes long`);
  return line.data.toString('utf8');
}

function readArg(kind: ArgKind, input: ByteInput, at: number, op: string): PickleArg {
  switch (kind) {
    case 'none':
      return null;
    case 'uint1':
      return input.u8(at, op);
    case 'uint2':
      return input.take(2, at, op).readUInt16LE(0);
    case 'int4':
      return input.take(4, at, op).readInt32LE(0);
    case 'uint4':
      return input.take(4, at, op).readUInt32LE(0);
    case 'uint8':
      return u64(input, at, op);
    case 'long1':
      return decodeLong(input.take(input.u8(at, op), at, op));
    case 'long4': {
      const n = input.take(4, at, op).readInt32LE(0);
      if (n < 0) throw malformed(at, `${op} declares a negative length (${n})`);
      // Ten thousand digits is already absurd for an int in a model file; refuse a giant one.
      if (n > 1 << 20) throw malformed(at, `${op} declares a ${n}-byte integer`);
      return decodeLong(input.take(n, at, op));
    }
    case 'decimalnl_short': {
      const s = nameLine(input, at, op);
      if (op === 'INT' && s === '00') return false;
      if (op === 'INT' && s === '01') return true;
      return parseInt(s, at, op, op === 'INT');
    }
    case 'decimalnl_long': {
      const s = nameLine(input, at, op);
      return parseInt(s.endsWith('L') ? s.slice(0, -1) : s, at, op, true);
    }
    case 'floatnl': {
      const s = nameLine(input, at, op).trim();
      const v = /^[+-]?(inf(inity)?|nan)$/i.test(s) ? Number(s.replace(/inf(inity)?/i, 'Infinity').replace(/nan/i, 'NaN')) : Number(s);
      if (s === '' || (Number.isNaN(v) && !/nan/i.test(s))) throw malformed(at, `${op} argument is not a number`);
      return v;
    }
    case 'float8':
      return input.take(8, at, op).readDoubleBE(0);
    case 'stringnl': {
      const line = input.line(at, op, TEXT_LIMIT);
      if (!line.data) return { kind: 'text', offset: input.pos - line.length - 1, length: line.length };
      const d = line.data;
      const q = d[0];
      if (d.length < 2 || d[d.length - 1] !== q || (q !== 0x22 && q !== 0x27))
        throw malformed(at, 'the STRING opcode argument must be quoted');
      return escapeDecode(d.subarray(1, d.length - 1), at);
    }
    case 'stringnl_noescape':
      return nameLine(input, at, op);
    case 'stringnl_noescape_pair': {
      const module = nameLine(input, at, op);
      const name = nameLine(input, at, op);
      return [module, name];
    }
    case 'string1':
      return text(input, input.u8(at, op), at, op, 'latin1');
    case 'string4': {
      const n = input.take(4, at, op).readInt32LE(0);
      if (n < 0) throw malformed(at, `${op} declares a negative length (${n})`);
      return text(input, n, at, op, 'latin1');
    }
    case 'bytes1':
      return bytes(input, input.u8(at, op), at, op);
    case 'bytes4':
      return bytes(input, input.take(4, at, op).readUInt32LE(0), at, op);
    case 'bytes8':
    case 'bytearray8':
      return bytes(input, u64(input, at, op), at, op);
    case 'unicodestringnl': {
      const line = input.line(at, op, TEXT_LIMIT);
      if (!line.data) return { kind: 'text', offset: input.pos - line.length - 1, length: line.length };
      return rawUnicodeEscape(line.data, at);
    }
    case 'unicodestring1':
      return text(input, input.u8(at, op), at, op, 'utf8');
    case 'unicodestring4':
      return text(input, input.take(4, at, op).readUInt32LE(0), at, op, 'utf8');
    case 'unicodestring8':
      return text(input, u64(input, at, op), at, op, 'utf8');
  }
}

/**
 * Yields the opcodes of one pickle, from `input.pos` through its STOP. Throws PickleError at the
 * first byte that is no opcode, an argument that runs past the end, or the end before STOP.
 */
export function* genops(input: ByteInput): Generator<PickleOp, void, undefined> {
  for (;;) {
    const offset = input.pos;
    if (input.remaining <= 0) throw new PickleError(offset, 'the pickle ends without a STOP opcode', true);
    const code = input.u8(offset, 'opcode');
    const info = OPCODES[code];
    if (!info) throw malformed(offset, `byte 0x${code.toString(16).padStart(2, '0')} is not a pickle opcode`);
    const arg = readArg(info.arg, input, offset, info.name);
    if (info.name === 'PROTO' && (arg as number) > HIGHEST_PROTOCOL) throw malformed(offset, `unsupported pickle protocol ${String(arg)}`);
    yield { op: info.name, code, offset, arg };
    if (info.name === 'STOP') return;
  }
}

/** Every opcode of every pickle concatenated in `buf` (joblib side pickles, legacy torch.save), for tools and tests. */
export function disassemble(buf: Buffer): PickleOp[] {
  const input = ByteInput.fromBuffer(buf);
  const ops: PickleOp[] = [];
  while (input.remaining > 0) for (const op of genops(input)) ops.push(op);
  return ops;
}
