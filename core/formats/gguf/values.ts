// GGUF metadata values (gguf_metadata_value_type): scalars, length-prefixed strings and typed
// arrays, possibly nested. Values are turned into display strings; an array shows its first few
// items and the rest is skipped without being materialised, so a 256k-token vocabulary costs
// one pass over its bytes and no memory.
import { AppError } from '../../../shared/errors';
import type { Cursor } from './cursor';

export const VALUE_TYPE_NAMES = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'f32', 'bool', 'string', 'array', 'u64', 'i64', 'f64'] as const;
const STRING = 8;
const ARRAY = 9;
/** Bytes of each fixed-size type; string and array are variable. */
const FIXED: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

/** Items shown for an array; the rest are skipped. */
const ARRAY_SHOWN = 8;
/** Characters kept of a string value (a chat template is a few KB; a 1 MB string is not for display). */
const STRING_KEPT = 4096;
const ITEM_KEPT = 48;
/** Arrays nest (an array of arrays); deeper than this is not a real model. */
const MAX_DEPTH = 4;
/** Items in one string or array-of-arrays array: more than any vocabulary (Gemma's is 262,144). */
export const MAX_ARRAY_ITEMS = 16_000_000;

export interface KvValue {
  /** 'u32', 'string', 'array[string]'… */
  type: string;
  display: string;
  /** The value of a scalar (bigint for 64-bit integers), for the keys the reader interprets. */
  scalar?: number | bigint | string | boolean;
}

export interface ValueContext {
  /** Set when a bool byte is neither 0 nor 1 (the spec calls such a file invalid; it is shown anyway). */
  badBool: boolean;
}

function malformed(c: Cursor, message: string): AppError {
  return new AppError('MALFORMED', `${message} at byte ${c.pos} (GGUF).`, 'The file is damaged or not a GGUF model: download it again.');
}

export function typeName(type: number): string {
  return VALUE_TYPE_NAMES[type] ?? `type ${type}`;
}

/** Reads one value of `type` at the cursor. */
export function readValue(c: Cursor, type: number, ctx: ValueContext, depth = 0): KvValue {
  switch (type) {
    case STRING: {
      const s = readString(c, STRING_KEPT);
      return { type: 'string', display: s.text + (s.cut ? `… (${s.length} bytes)` : ''), scalar: s.text };
    }
    case ARRAY:
      return readArray(c, ctx, depth);
    default: {
      const v = readScalar(c, type, ctx);
      return { type: typeName(type), display: showScalar(type, v), scalar: v };
    }
  }
}

function readScalar(c: Cursor, type: number, ctx: ValueContext): number | bigint | boolean {
  switch (type) {
    case 0:
      return c.u8();
    case 1:
      return c.i8();
    case 2:
      return c.u16();
    case 3:
      return c.i16();
    case 4:
      return c.u32();
    case 5:
      return c.i32();
    case 6:
      return c.f32();
    case 7: {
      const b = c.u8();
      if (b > 1) ctx.badBool = true;
      return b !== 0;
    }
    case 10:
      return c.u64();
    case 11:
      return c.i64();
    case 12:
      return c.f64();
    default:
      throw malformed(c, `Unknown metadata value type ${type}`);
  }
}

function showScalar(type: number, v: number | bigint | boolean): string {
  if (type === 6 && typeof v === 'number') return shortestFloat32(v);
  return String(v);
}

/** The shortest decimal that reads back as the same float32 (1e-5, not 0.000009999999747378752). */
function shortestFloat32(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  for (let p = 1; p <= 9; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === v) return String(s);
  }
  return String(v);
}

function readString(c: Cursor, keep: number): { text: string; length: number; cut: boolean } {
  const length = c.count(1, 'bytes in a string');
  const text = c.text(length, keep);
  return { text, length, cut: length > keep };
}

function readArray(c: Cursor, ctx: ValueContext, depth: number): KvValue {
  if (depth >= MAX_DEPTH) throw malformed(c, `Arrays nested more than ${MAX_DEPTH} deep`);
  const itemType = c.u32();
  const fixed = FIXED[itemType];
  if (fixed === undefined && itemType !== STRING && itemType !== ARRAY) throw malformed(c, `Unknown array item type ${itemType}`);
  // Smallest possible item: a string is at least its 8-byte length, an array its 4 + 8 header bytes.
  const n = c.count(fixed ?? (itemType === STRING ? 8 : 12), 'array items');
  const type = `array[${itemType === ARRAY ? 'array' : typeName(itemType)}]`;
  const shown: string[] = [];
  if (fixed !== undefined) {
    const take = Math.min(n, ARRAY_SHOWN);
    for (let i = 0; i < take; i++) shown.push(showScalar(itemType, readScalar(c, itemType, ctx)));
    c.skip((n - take) * fixed);
  } else {
    if (n > MAX_ARRAY_ITEMS) {
      throw new AppError(
        'TOO_LARGE',
        `A GGUF array declares ${n} items; at most ${MAX_ARRAY_ITEMS} are read.`,
        'No real model has such an array: the file is probably damaged.',
      );
    }
    if (itemType === STRING) {
      const take = Math.min(n, ARRAY_SHOWN);
      for (let i = 0; i < take; i++) {
        const s = readString(c, ITEM_KEPT);
        shown.push(JSON.stringify(s.text + (s.cut ? '…' : '')));
      }
      c.skipStrings(n - take);
    } else {
      for (let i = 0; i < n; i++) {
        const v = readArray(c, ctx, depth + 1);
        if (i < ARRAY_SHOWN) shown.push(v.display);
      }
    }
  }
  if (n === 0) return { type, display: '[0 items]' };
  const more = n > shown.length ? ', …' : '';
  return { type, display: `[${n} item${n === 1 ? '' : 's'}: ${shown.join(', ')}${more}]` };
}
