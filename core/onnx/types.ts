// TypeProto → TypeInfo. Types nest (sequence of map of …), so depth is bounded like subgraphs.
import { AppError } from '../../shared/errors';
import type { Dim, ElemType, TypeInfo } from '../../shared/model-summary';
import { elemTypeName } from './dtypes';
import type { MessageSchema, Wire } from './wire';
import { int64Number } from './wire';

const TYPE: MessageSchema = {
  name: 'TypeProto',
  fields: {
    1: ['tensor_type', 2],
    4: ['sequence_type', 2],
    5: ['map_type', 2],
    6: ['denotation', 2],
    7: ['opaque_type', 2],
    8: ['sparse_tensor_type', 2],
    9: ['optional_type', 2],
  },
};
const TENSOR_TYPE: MessageSchema = { name: 'TypeProto.Tensor', fields: { 1: ['elem_type', 0], 2: ['shape', 2] } };
const SHAPE: MessageSchema = { name: 'TensorShapeProto', fields: { 1: ['dim', 2] } };
const DIM: MessageSchema = {
  name: 'TensorShapeProto.Dimension',
  fields: { 1: ['dim_value', 0], 2: ['dim_param', 2], 3: ['denotation', 2] },
};
const ELEM: MessageSchema = { name: 'TypeProto.Sequence/Optional', fields: { 1: ['elem_type', 2] } };
const MAP: MessageSchema = { name: 'TypeProto.Map', fields: { 1: ['key_type', 0], 2: ['value_type', 2] } };
const OPAQUE: MessageSchema = { name: 'TypeProto.Opaque', fields: { 1: ['domain', 2], 2: ['name', 2] } };

export function tooDeep(what: string, maxDepth: number, hint = 'Re-export the model.'): AppError {
  return new AppError(
    'TOO_DEEP',
    `${what} nested more than ${maxDepth} levels deep; Modelcrate stops there instead of risking a crash.`,
    `Real models rarely nest this deep, so the file may be damaged or crafted. ${hint}`,
  );
}

export function typeText(t: Omit<TypeInfo, 'text'>): string {
  const inner = t.inner ? t.inner.text : '?';
  switch (t.kind) {
    case 'tensor':
    case 'sparse_tensor': {
      const dims = t.shape ? `[${t.shape.map((d) => (d === null ? '?' : String(d))).join(',')}]` : '[...]';
      const s = `${t.elemType ?? 'undefined'}${dims}`;
      return t.kind === 'tensor' ? s : `sparse(${s})`;
    }
    case 'sequence':
      return `seq(${inner})`;
    case 'optional':
      return `optional(${inner})`;
    case 'map':
      return `map(${t.keyType ?? 'undefined'},${inner})`;
    case 'opaque':
      return 'opaque';
    default:
      return 'unknown';
  }
}

/** Parses a TypeProto body ending at `end`; `depth` counts enclosing types. */
export function parseType(w: Wire, end: number, depth: number, maxDepth: number): TypeInfo {
  if (depth > maxDepth) throw tooDeep('A value type is', maxDepth);
  let t: Omit<TypeInfo, 'text'> = { kind: 'unknown' };
  let denotation: string | undefined;
  while (w.pos < end) {
    const tag = w.uint();
    switch (tag) {
      case 0x0a: // tensor_type
      case 0x42: // sparse_tensor_type (same layout)
        t = tensorType(w, w.sub(end, 'A tensor type'), tag === 0x0a ? 'tensor' : 'sparse_tensor');
        break;
      case 0x22: // sequence_type
      case 0x4a: // optional_type
        t = { kind: tag === 0x22 ? 'sequence' : 'optional', ...elemOf(w, w.sub(end, 'A sequence/optional type'), depth, maxDepth) };
        break;
      case 0x2a:
        t = mapType(w, w.sub(end, 'A map type'), depth, maxDepth);
        break;
      case 0x32:
        denotation = w.string(end, 'A type denotation');
        break;
      case 0x3a: {
        const e = w.sub(end, 'An opaque type');
        while (w.pos < e) w.skip(w.uint(), e, OPAQUE); // name/domain are not shown anywhere yet
        w.done(e, OPAQUE.name);
        t = { kind: 'opaque' };
        break;
      }
      default:
        w.skip(tag, end, TYPE);
    }
  }
  w.done(end, TYPE.name);
  const info: TypeInfo = { ...t, text: '' };
  if (denotation) info.denotation = denotation;
  info.text = typeText(info);
  return info;
}

function tensorType(w: Wire, end: number, kind: 'tensor' | 'sparse_tensor'): Omit<TypeInfo, 'text'> {
  let elemType: ElemType = 'undefined';
  let shape: Dim[] | null = null;
  while (w.pos < end) {
    const tag = w.uint();
    if (tag === 0x08) elemType = elemTypeName(int64Number(w.varint64()));
    else if (tag === 0x12) shape = parseShape(w, w.sub(end, 'A tensor shape'), shape);
    else w.skip(tag, end, TENSOR_TYPE);
  }
  w.done(end, TENSOR_TYPE.name);
  return { kind, elemType, shape };
}

function parseShape(w: Wire, end: number, prev: Dim[] | null): Dim[] {
  // A repeated `shape` record merges into the previous one (protobuf message merge).
  const dims: Dim[] = prev ?? [];
  while (w.pos < end) {
    const tag = w.uint();
    if (tag !== 0x0a) {
      w.skip(tag, end, SHAPE);
      continue;
    }
    const e = w.sub(end, 'A dimension');
    let d: Dim = null;
    while (w.pos < e) {
      const t = w.uint();
      if (t === 0x08)
        d = int64Number(w.varint64()); // dim_value / dim_param are a oneof: last wins
      else if (t === 0x12) d = w.string(e, 'A dim_param');
      else w.skip(t, e, DIM);
    }
    w.done(e, DIM.name);
    dims.push(d);
  }
  w.done(end, SHAPE.name);
  return dims;
}

function elemOf(w: Wire, end: number, depth: number, maxDepth: number): { inner?: TypeInfo } {
  let inner: TypeInfo | undefined;
  while (w.pos < end) {
    const tag = w.uint();
    if (tag === 0x0a) inner = parseType(w, w.sub(end, 'An element type'), depth + 1, maxDepth);
    else w.skip(tag, end, ELEM);
  }
  w.done(end, ELEM.name);
  return inner ? { inner } : {};
}

function mapType(w: Wire, end: number, depth: number, maxDepth: number): Omit<TypeInfo, 'text'> {
  const t: Omit<TypeInfo, 'text'> = { kind: 'map' };
  while (w.pos < end) {
    const tag = w.uint();
    if (tag === 0x08) t.keyType = elemTypeName(int64Number(w.varint64()));
    else if (tag === 0x12) t.inner = parseType(w, w.sub(end, 'A map value type'), depth + 1, maxDepth);
    else w.skip(tag, end, MAP);
  }
  w.done(end, MAP.name);
  return t;
}
