// The tensor table of a torch pickle, read from the symbols the scan built: every
// torch._utils._rebuild_tensor_v2(persistent_load(('storage', storage_type, key, location, numel)),
// storage_offset, size, stride, …) is a tensor, named by the dict keys and attributes on the way
// to it (an OrderedDict state_dict gives 'fc1.weight'). numpy arrays (pickled or joblib) are listed
// the same way. Nothing is loaded: shapes and dtypes come from the pickle's constants.
import type { ForeignTensor } from '../../../shared/formats/types';
import { readDtype } from '../pickle/numpy-dtype';
import { constInt, constString, type CallSym, type Sym } from '../pickle/symbols';

/** torch storage classes: the dtype they hold and its size in bytes. */
const STORAGES: Record<string, [string, number]> = {
  FloatStorage: ['float32', 4],
  DoubleStorage: ['float64', 8],
  HalfStorage: ['float16', 2],
  BFloat16Storage: ['bfloat16', 2],
  LongStorage: ['int64', 8],
  IntStorage: ['int32', 4],
  ShortStorage: ['int16', 2],
  CharStorage: ['int8', 1],
  ByteStorage: ['uint8', 1],
  BoolStorage: ['bool', 1],
  ComplexFloatStorage: ['complex64', 8],
  ComplexDoubleStorage: ['complex128', 16],
  QInt8Storage: ['qint8', 1],
  QUInt8Storage: ['quint8', 1],
  QInt32Storage: ['qint32', 4],
  QUInt4x2Storage: ['quint4x2', 1],
  QUInt2x4Storage: ['quint2x4', 1],
  UntypedStorage: ['uint8', 1],
};

export interface StorageRef {
  key: string;
  dtype: string;
  elementSize: number;
  /** Elements the storage declares. */
  numel: number | null;
  location: string | null;
}

/** ('storage', storage_type, key, location, numel[, view_metadata]): torch's persistent id for a storage. */
export function storageRef(pid: Sym): StorageRef | null {
  if (pid.t !== 'tuple' || constString(pid.items[0]) !== 'storage') return null;
  const type = pid.items[1];
  const cls = type?.t === 'global' ? type.imp.name.split('.').pop()! : null;
  const info = cls ? STORAGES[cls] : undefined;
  const key = constString(pid.items[2]);
  if (!info || key === null) return null;
  return { key, dtype: info[0], elementSize: info[1], numel: constInt(pid.items[4]), location: constString(pid.items[3]) };
}

export interface FoundTensor {
  name: string;
  dtype: string;
  shape: number[] | null;
  /** Elements (product of the shape). */
  elements: number | null;
  bytes: number | null;
  /** torch: the storage and element offset; numpy/joblib: absolute offset of the data in the stream. */
  storage?: StorageRef;
  storageOffset?: number;
  dataOffset?: number;
}

const REBUILD = new Set(['torch._utils._rebuild_tensor_v2', 'torch._utils._rebuild_tensor', 'torch._utils._rebuild_qtensor']);
const WRAPPERS = new Set(['torch._utils._rebuild_parameter', 'torch._utils._rebuild_parameter_with_state', 'torch.nn.parameter.Parameter']);
const NP_RECONSTRUCT = /^numpy\.(_core|core)\.multiarray\._reconstruct$/;
const NP_FROMBUFFER = /^numpy\.(_core|core)\.numeric\._frombuffer$/;
const MAX_VISIT = 2_000_000;

function ints(sym: Sym | undefined): number[] | null {
  if (sym?.t !== 'tuple' && sym?.t !== 'list') return null;
  const out = sym.items.map((s) => constInt(s));
  return out.every((v) => v !== null) ? (out as number[]) : null;
}

function fnName(c: CallSym): string | null {
  return c.fn.t === 'global' ? c.fn.imp.full : null;
}

function torchTensor(c: CallSym, name: string): FoundTensor | null {
  const a = c.args.t === 'tuple' ? c.args.items : [];
  const storage = a[0]?.t === 'persid' ? storageRef(a[0].pid) : null;
  if (!storage) return null;
  const shape = ints(a[2]);
  const elements = shape ? shape.reduce((x, y) => x * y, 1) : null;
  return {
    name,
    dtype: storage.dtype,
    shape,
    elements,
    bytes: elements === null ? null : elements * storage.elementSize,
    storage,
    storageOffset: constInt(a[1]) ?? 0,
  };
}

/** numpy's ndarray pickle: _reconstruct(ndarray, (0,), b'b') then BUILD (version, shape, dtype, fortran, data). */
function numpyArray(c: CallSym, name: string): FoundTensor | null {
  const st = c.state?.t === 'tuple' ? c.state.items : null;
  if (!st || st.length < 5) return null;
  const shape = ints(st[1]);
  const dtype = readDtype(st[2]);
  if (!shape || !dtype) return null;
  const elements = shape.reduce((x, y) => x * y, 1);
  const data = st[4];
  const dataOffset = data?.t === 'bytes' ? data.b.offset : undefined;
  return { name, dtype: dtype.name, shape, elements, bytes: dtype.hasObject ? null : elements * dtype.itemsize, dataOffset };
}

/** Protocol 5: numpy.core.numeric._frombuffer(buffer, dtype, shape, order). */
function numpyFromBuffer(c: CallSym, name: string): FoundTensor | null {
  const a = c.args.t === 'tuple' ? c.args.items : [];
  const shape = ints(a[2]);
  const dtype = readDtype(a[1]);
  if (!shape || !dtype) return null;
  const elements = shape.reduce((x, y) => x * y, 1);
  const dataOffset = a[0]?.t === 'bytes' ? a[0].b.offset : undefined;
  return { name, dtype: dtype.name, shape, elements, bytes: elements * dtype.itemsize, dataOffset };
}

/** Walks the value a pickle builds and lists its tensors and arrays, named by their path. */
export function findTensors(root: Sym | null, limit = 1_000_000): FoundTensor[] {
  const out: FoundTensor[] = [];
  const seen = new Set<Sym>();
  let visits = 0;
  const walk = (s: Sym | undefined, path: string, depth: number): void => {
    if (!s || depth > 64 || out.length >= limit || ++visits > MAX_VISIT) return;
    if (s.t === 'const' || s.t === 'bytes' || s.t === 'text' || s.t === 'global' || s.t === 'module' || s.t === 'opaque') return;
    if (seen.has(s)) return;
    seen.add(s);
    const join = (k: Sym, i: number) => {
      const key = constString(k) ?? (k.t === 'const' && k.v !== null ? String(k.v) : `[${i}]`);
      return path ? `${path}.${key}` : key;
    };
    switch (s.t) {
      case 'tuple':
      case 'list':
      case 'set':
        s.items.forEach((x, i) => walk(x, path ? `${path}.${i}` : String(i), depth + 1));
        return;
      case 'dict':
        s.entries.forEach(([k, v], i) => walk(v, join(k, i), depth + 1));
        return;
      case 'persid':
        return;
      case 'call': {
        const fn = fnName(s);
        if (fn && REBUILD.has(fn)) {
          const t = torchTensor(s, path || 'tensor');
          if (t) out.push(t);
          return;
        }
        if (fn && WRAPPERS.has(fn) && s.args.t === 'tuple') return walk(s.args.items[0], path, depth + 1);
        if (fn && (NP_RECONSTRUCT.test(fn) || NP_FROMBUFFER.test(fn))) {
          const t = NP_RECONSTRUCT.test(fn) ? numpyArray(s, path || 'array') : numpyFromBuffer(s, path || 'array');
          if (t) out.push(t);
          return;
        }
        if (s.array) {
          const shape = s.array.shape;
          out.push({
            name: path || 'array',
            dtype: s.array.dtype,
            shape,
            elements: shape.reduce((x, y) => x * y, 1),
            bytes: s.array.bytes,
            dataOffset: s.array.offset,
          });
          return;
        }
        // An object: its items (OrderedDict), then its state (attributes, a module's __dict__).
        s.entries.forEach(([k, v], i) => walk(v, join(k, i), depth + 1));
        s.items.forEach((x, i) => walk(x, path ? `${path}.${i}` : String(i), depth + 1));
        const st = s.state;
        if (st?.t === 'dict') {
          for (const [k, v] of st.entries) {
            const key = constString(k);
            // torch.nn.Module pickles keep parameters in _parameters / _buffers / _modules: skip those names.
            const skip = key !== null && ['_parameters', '_buffers', '_modules', '__dict__'].includes(key);
            walk(v, skip ? path : key === null ? path : path ? `${path}.${key}` : key, depth + 1);
          }
        } else if (st) walk(st, path, depth + 1);
        return;
      }
    }
  };
  walk(root ?? undefined, '', 0);
  return out;
}

/** What the top-level value is, for the "what" line: state_dict, a checkpoint's keys, a module… */
export function describeRoot(root: Sym | null, tensors: number, torch = true): string {
  if (!root) return '';
  const dictLike = (s: Sym): Array<[Sym, Sym]> | null =>
    s.t === 'dict' ? s.entries : s.t === 'call' && s.entries.length ? s.entries : null;
  if (root.t === 'call' && root.fn.t === 'global') {
    const fn = root.fn.imp.full;
    if (fn === 'collections.OrderedDict' && tensors > 0 && torch) return 'state_dict';
    if (REBUILD.has(fn)) return 'a single tensor';
    if (!dictLike(root)) return `a ${fn} object`;
  }
  const entries = dictLike(root);
  if (entries) {
    const keys = entries.map(([k]) => constString(k)).filter((k): k is string => k !== null);
    if (keys.length && entries.length === tensors && torch) return 'state_dict';
    return keys.length ? `a dict (${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''})` : 'a dict';
  }
  if (root.t === 'list' || root.t === 'tuple') return `a ${root.t} of ${root.items.length}`;
  return '';
}

export function toForeign(t: FoundTensor, offset: number | undefined, file?: string): ForeignTensor {
  const out: ForeignTensor = { name: t.name, dtype: t.dtype, shape: t.shape, bytes: t.bytes };
  if (offset !== undefined) out.offset = offset;
  if (file) out.file = file;
  return out;
}
