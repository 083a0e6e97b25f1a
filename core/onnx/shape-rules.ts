// Output shapes of the common ONNX ops from their input shapes, attributes and constant inputs: the
// rules of shape-inference.ts. A rule returns the outputs it knows, or a reason (a phrase a user
// reads after "shape unknown:") when it cannot know them. Symbolic dims pass through where the op
// keeps them (a batch stays "N"); arithmetic on a symbolic dim gives an unknown dim (null).
import type { Attribute, Dim, ElemType, NodeInfo } from '../../shared/model-summary';
import { elemTypeName } from './dtypes';

export interface Shaped {
  elem?: ElemType;
  /** null: the rank itself is unknown. */
  shape: Dim[] | null;
}

export interface RuleInput {
  node: NodeInfo;
  /** Per input: what is known of it (undefined: nothing; an omitted optional input is ''). */
  inputs: Array<Shaped | undefined>;
  /** Per input: its values when it is a small constant (an initializer or a Constant's output). */
  values: Array<Array<number | string | boolean> | undefined>;
}

export type RuleResult = Shaped[] | string;
type Rule = (r: RuleInput) => RuleResult;

const attr = (n: NodeInfo, name: string): Attribute | undefined => n.attributes.find((a) => a.name === name);
function int(n: NodeInfo, name: string, dflt: number): number {
  const a = attr(n, name);
  return a?.type === 'int' ? Number(a.value) : dflt;
}
function ints(n: NodeInfo, name: string): number[] | undefined {
  const a = attr(n, name);
  return a?.type === 'ints' ? a.value.map(Number) : undefined;
}
function str(n: NodeInfo, name: string, dflt: string): string {
  const a = attr(n, name);
  return a?.type === 'string' ? a.value : dflt;
}
/** Attribute axes (older opsets) or the constant axes input (newer ones); undefined: not known. */
function axesOf(r: RuleInput, inputIndex: number): number[] | null | undefined {
  const a = ints(r.node, 'axes');
  if (a) return a;
  if (!r.node.inputs[inputIndex]) return null; // no axes: the op's default
  return r.values[inputIndex]?.map(Number);
}
const norm = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

function first(r: RuleInput): Shaped | string {
  const x = r.inputs[0];
  if (!x || x.shape === null) return `follows ${r.node.inputs[0] || 'its input'}, whose shape is unknown`;
  return x;
}
/** All of the named inputs known (with a rank), or the reason naming the first that is not. */
function known(r: RuleInput, which: number[]): Array<Shaped & { shape: Dim[] }> | string {
  const out: Array<Shaped & { shape: Dim[] }> = [];
  for (const i of which) {
    const x = r.inputs[i];
    if (!x || x.shape === null) return `follows ${r.node.inputs[i] || `input ${i}`}, whose shape is unknown`;
    out.push(x as Shaped & { shape: Dim[] });
  }
  return out;
}

/** Numpy broadcasting of two dims; null where nothing can be said. */
export function broadcastDim(a: Dim, b: Dim): Dim {
  if (a === 1) return b;
  if (b === 1) return a;
  if (a === b) return a;
  if (typeof a === 'number') return a; // b is symbolic or unknown and must equal a
  if (typeof b === 'number') return b;
  return null;
}
export function broadcast(shapes: Dim[][]): Dim[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let d: Dim = 1;
    for (const s of shapes) {
      const at = s.length - rank + i;
      if (at >= 0) d = broadcastDim(d, s[at]!);
    }
    out.push(d);
  }
  return out;
}

const same: Rule = (r) => {
  const x = first(r);
  return typeof x === 'string' ? x : [{ elem: x.elem, shape: x.shape }];
};
const elementwise =
  (elem?: ElemType, dataFrom = 0): Rule =>
  (r) => {
    const idx = r.node.inputs.map((_, i) => i).filter((i) => r.node.inputs[i]);
    const xs = known(r, idx);
    if (typeof xs === 'string') return xs;
    return [{ elem: elem ?? r.inputs[dataFrom]?.elem, shape: broadcast(xs.map((x) => x.shape)) }];
  };

/** Spatial output size of a convolution or pooling window along one axis. */
function windowDim(d: Dim, k: number, stride: number, dil: number, padSum: number, autoPad: string, ceil: boolean): Dim {
  if (typeof d !== 'number') return null;
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return Math.ceil(d / stride);
  const span = dil * (k - 1) + 1;
  if (autoPad === 'VALID') return Math.floor((d - span) / stride) + 1;
  const q = (d + padSum - span) / stride;
  let out = (ceil ? Math.ceil(q) : Math.floor(q)) + 1;
  // ceil_mode: the last window must start inside the input or its left padding (as onnx does).
  if (ceil && (out - 1) * stride >= d + padSum / 2) out--;
  return out;
}

function windowed(r: RuleInput, kernel: number[], outChannels: Dim, x: Shaped & { shape: Dim[] }): RuleResult {
  const n = r.node;
  const spatial = x.shape.length - 2;
  if (spatial < 1 || kernel.length !== spatial) return `${n.opType}: the kernel does not match the input's rank`;
  const strides = ints(n, 'strides') ?? kernel.map(() => 1);
  const dil = ints(n, 'dilations') ?? kernel.map(() => 1);
  const pads = ints(n, 'pads') ?? kernel.map(() => 0).concat(kernel.map(() => 0));
  const autoPad = str(n, 'auto_pad', 'NOTSET');
  const ceil = int(n, 'ceil_mode', 0) === 1;
  const dims = kernel.map((k, i) =>
    windowDim(x.shape[i + 2]!, k, strides[i] ?? 1, dil[i] ?? 1, (pads[i] ?? 0) + (pads[i + spatial] ?? 0), autoPad, ceil),
  );
  return [{ elem: x.elem, shape: [x.shape[0]!, outChannels, ...dims] }];
}

const conv: Rule = (r) => {
  const xs = known(r, [0, 1]);
  if (typeof xs === 'string') return xs;
  const [x, w] = xs as [Shaped & { shape: Dim[] }, Shaped & { shape: Dim[] }];
  const kernel = ints(r.node, 'kernel_shape') ?? w.shape.slice(2);
  if (kernel.some((k) => typeof k !== 'number')) return 'Conv: the kernel size is not known';
  return windowed(r, kernel as number[], w.shape[0]!, x);
};

const convTranspose: Rule = (r) => {
  const xs = known(r, [0, 1]);
  if (typeof xs === 'string') return xs;
  const [x, w] = xs as [Shaped & { shape: Dim[] }, Shaped & { shape: Dim[] }];
  const n = r.node;
  const group = int(n, 'group', 1);
  const outC = typeof w.shape[1] === 'number' ? w.shape[1] * group : null;
  const outShape = ints(n, 'output_shape');
  if (outShape) return [{ elem: x.elem, shape: [x.shape[0]!, outC, ...outShape.slice(-(x.shape.length - 2))] }];
  const kernel = ints(n, 'kernel_shape') ?? (w.shape.slice(2) as number[]);
  const spatial = x.shape.length - 2;
  const strides = ints(n, 'strides') ?? kernel.map(() => 1);
  const dil = ints(n, 'dilations') ?? kernel.map(() => 1);
  const pads = ints(n, 'pads') ?? kernel.map(() => 0).concat(kernel.map(() => 0));
  const outPad = ints(n, 'output_padding') ?? kernel.map(() => 0);
  const autoPad = str(n, 'auto_pad', 'NOTSET');
  const dims = kernel.map((k, i) => {
    const d = x.shape[i + 2];
    if (typeof d !== 'number' || typeof k !== 'number') return null;
    const s = strides[i] ?? 1;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return d * s;
    return s * (d - 1) + (outPad[i] ?? 0) + ((k - 1) * (dil[i] ?? 1) + 1) - (pads[i] ?? 0) - (pads[i + spatial] ?? 0);
  });
  return [{ elem: x.elem, shape: [x.shape[0]!, outC, ...dims] }];
};

const pool: Rule = (r) => {
  const x = first(r);
  if (typeof x === 'string') return x;
  const kernel = ints(r.node, 'kernel_shape');
  if (!kernel) return `${r.node.opType} without kernel_shape`;
  const out = windowed(r, kernel, x.shape![1]!, x as Shaped & { shape: Dim[] });
  // MaxPool's optional second output (indices) has the same shape, as int64.
  return typeof out === 'string' ? out : [out[0]!, { elem: 'int64', shape: out[0]!.shape }];
};

const globalPool: Rule = (r) => {
  const x = first(r);
  if (typeof x === 'string') return x;
  return [{ elem: x.elem, shape: x.shape!.map((d, i) => (i < 2 ? d : 1)) }];
};

const gemm: Rule = (r) => {
  const xs = known(r, [0, 1]);
  if (typeof xs === 'string') return xs;
  const [a, b] = xs;
  if (a!.shape.length !== 2 || b!.shape.length !== 2) return 'Gemm: an input is not a matrix';
  const m = int(r.node, 'transA', 0) ? a!.shape[1]! : a!.shape[0]!;
  const n = int(r.node, 'transB', 0) ? b!.shape[0]! : b!.shape[1]!;
  return [{ elem: a!.elem, shape: [m, n] }];
};

const matmul: Rule = (r) => {
  const xs = known(r, [0, 1]);
  if (typeof xs === 'string') return xs;
  const [a, b] = xs.map((x) => x.shape) as [Dim[], Dim[]];
  if (a.length === 0 || b.length === 0) return 'MatMul of a scalar';
  const a2 = a.length === 1 ? [1, a[0]!] : a;
  const b2 = b.length === 1 ? [b[0]!, 1] : b;
  const batch = broadcast([a2.slice(0, -2), b2.slice(0, -2)]);
  const out: Dim[] = [...batch, a2[a2.length - 2]!, b2[b2.length - 1]!];
  if (a.length === 1) out.splice(out.length - 2, 1);
  if (b.length === 1) out.pop();
  return [{ elem: xs[0]!.elem, shape: out }];
};

const flatten: Rule = (r) => {
  const x = first(r);
  if (typeof x === 'string') return x;
  const s = x.shape!;
  const axis = norm(int(r.node, 'axis', 1), s.length);
  // One dim keeps its name (a batch stays "N"); a product of several is known only in numbers.
  const prod = (ds: Dim[]): Dim =>
    ds.length === 1 ? ds[0]! : ds.reduce<Dim>((p, d) => (typeof p === 'number' && typeof d === 'number' ? p * d : null), 1);
  return [{ elem: x.elem, shape: [prod(s.slice(0, axis)), prod(s.slice(axis))] }];
};

const reshape: Rule = (r) => {
  const target = r.values[1];
  if (!target) return 'Reshape with a shape computed at run time';
  const x = r.inputs[0];
  const allowZero = int(r.node, 'allowzero', 0) === 1;
  const out: Dim[] = target.map((v, i) => {
    const d = Number(v);
    if (d === 0 && !allowZero) return x?.shape?.[i] ?? null;
    return d === -1 ? null : d;
  });
  const minus = out.indexOf(null);
  if (minus >= 0 && target[minus] !== undefined && Number(target[minus]) === -1 && x?.shape) {
    const total = x.shape.reduce<Dim>((p, d) => (typeof p === 'number' && typeof d === 'number' ? p * d : null), 1);
    const rest = out.reduce<Dim>((p, d, i) => (i === minus ? p : typeof p === 'number' && typeof d === 'number' ? p * d : null), 1);
    if (typeof total === 'number' && typeof rest === 'number' && rest > 0) out[minus] = total / rest;
  }
  return [{ elem: x?.elem, shape: out }];
};

const concat: Rule = (r) => {
  const idx = r.node.inputs.map((_, i) => i).filter((i) => r.node.inputs[i]);
  const xs = known(r, idx);
  if (typeof xs === 'string') return xs;
  const rank = xs[0]!.shape.length;
  const axis = norm(int(r.node, 'axis', 0), rank);
  const out = xs[0]!.shape.map((d, i) => {
    if (i === axis)
      return xs.reduce<Dim>((p, x) => (typeof p === 'number' && typeof x.shape[i] === 'number' ? p + (x.shape[i] as number) : null), 0);
    return xs.map((x) => x.shape[i]!).find((v) => typeof v === 'number') ?? d;
  });
  return [{ elem: xs[0]!.elem, shape: out }];
};

const transpose: Rule = (r) => {
  const x = first(r);
  if (typeof x === 'string') return x;
  const s = x.shape!;
  const perm = ints(r.node, 'perm') ?? s.map((_, i) => s.length - 1 - i);
  return [{ elem: x.elem, shape: perm.map((p) => s[p] ?? null) }];
};

const squeeze: Rule = (r) => {
  const x = first(r);
  if (typeof x === 'string') return x;
  const s = x.shape!;
  const axes = axesOf(r, 1);
  if (axes === undefined) return 'Squeeze with axes computed at run time';
  if (axes === null) {
    if (s.some((d) => typeof d !== 'number')) return 'Squeeze of every size-1 axis of a shape not fully known';
    return [{ elem: x.elem, shape: s.filter((d) => d !== 1) }];
  }
  const drop = new Set(axes.map((a) => norm(a, s.length)));
  return [{ elem: x.elem, shape: s.filter((_, i) => !drop.has(i)) }];
};

const unsqueeze: Rule = (r) => {
  const x = first(r);
  if (typeof x === 'string') return x;
  const axes = axesOf(r, 1);
  if (!axes) return 'Unsqueeze with axes computed at run time';
  const rank = x.shape!.length + axes.length;
  const add = new Set(axes.map((a) => norm(a, rank)));
  const rest = [...x.shape!];
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) out.push(add.has(i) ? 1 : (rest.shift() ?? null));
  return [{ elem: x.elem, shape: out }];
};

const reduce: Rule = (r) => {
  const x = first(r);
  if (typeof x === 'string') return x;
  const s = x.shape!;
  const keep = int(r.node, 'keepdims', 1) === 1;
  let axes = axesOf(r, 1);
  if (axes === undefined) return `${r.node.opType} with axes computed at run time`;
  if (axes === null || axes.length === 0) {
    if (int(r.node, 'noop_with_empty_axes', 0) === 1) return [{ elem: x.elem, shape: s }];
    axes = s.map((_, i) => i);
  }
  const set = new Set(axes.map((a) => norm(a, s.length)));
  const out = keep ? s.map((d, i) => (set.has(i) ? 1 : d)) : s.filter((_, i) => !set.has(i));
  return [{ elem: x.elem, shape: out }];
};

const argReduce: Rule = (r) => {
  const x = first(r);
  if (typeof x === 'string') return x;
  const s = x.shape!;
  const axis = norm(int(r.node, 'axis', 0), s.length);
  const keep = int(r.node, 'keepdims', 1) === 1;
  return [{ elem: 'int64', shape: keep ? s.map((d, i) => (i === axis ? 1 : d)) : s.filter((_, i) => i !== axis) }];
};

const shapeOp: Rule = (r) => {
  const x = first(r);
  if (typeof x === 'string') return x;
  const rank = x.shape!.length;
  const start = norm(Math.max(-rank, Math.min(rank, int(r.node, 'start', 0))), rank);
  const endAttr = attr(r.node, 'end');
  const end = endAttr ? norm(Math.max(-rank, Math.min(rank, int(r.node, 'end', rank))), rank) : rank;
  return [{ elem: 'int64', shape: [Math.max(0, end - start)] }];
};

const gather: Rule = (r) => {
  const xs = known(r, [0, 1]);
  if (typeof xs === 'string') return xs;
  const [data, idx] = xs as [Shaped & { shape: Dim[] }, Shaped & { shape: Dim[] }];
  const axis = norm(int(r.node, 'axis', 0), data.shape.length);
  return [{ elem: data.elem, shape: [...data.shape.slice(0, axis), ...idx.shape, ...data.shape.slice(axis + 1)] }];
};

const slice: Rule = (r) => {
  const x = first(r);
  if (typeof x === 'string') return x;
  const s = x.shape!;
  const old = attr(r.node, 'starts') !== undefined; // opset < 10: attributes
  const starts = old ? ints(r.node, 'starts') : r.values[1]?.map(Number);
  const ends = old ? ints(r.node, 'ends') : r.values[2]?.map(Number);
  if (!starts || !ends) return 'Slice with bounds computed at run time';
  const axes = old
    ? (ints(r.node, 'axes') ?? starts.map((_, i) => i))
    : r.node.inputs[3]
      ? r.values[3]?.map(Number)
      : starts.map((_, i) => i);
  const steps = old ? starts.map(() => 1) : r.node.inputs[4] ? r.values[4]?.map(Number) : starts.map(() => 1);
  if (!axes || !steps) return 'Slice with axes or steps computed at run time';
  const out = [...s];
  axes.forEach((a, i) => {
    const ax = norm(a, s.length);
    const d = s[ax];
    const step = steps[i]!;
    if (typeof d !== 'number' || step === 0) return void (out[ax] = null);
    const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
    let b = starts[i]!;
    let e = ends[i]!;
    b = b < 0 ? b + d : b;
    e = e < 0 ? e + d : e;
    if (step > 0) {
      b = clamp(b, 0, d);
      e = clamp(e, 0, d);
      out[ax] = Math.max(0, Math.ceil((e - b) / step));
    } else {
      b = clamp(b, -1, d - 1);
      e = clamp(e, -1, d - 1);
      out[ax] = Math.max(0, Math.ceil((e - b) / step));
    }
  });
  return [{ elem: x.elem, shape: out }];
};

const resize: Rule = (r) => {
  const x = first(r);
  if (typeof x === 'string') return x;
  const s = x.shape!;
  const n = r.node;
  // Upsample/Resize-10: (X, scales); Resize-11+: (X, roi, scales, sizes).
  const [scalesAt, sizesAt] = n.opType === 'Upsample' || n.inputs.length === 2 ? [1, -1] : [2, 3];
  const sizes = sizesAt > 0 && n.inputs[sizesAt] ? r.values[sizesAt] : undefined;
  if (sizes) return [{ elem: x.elem, shape: sizes.map(Number) }];
  const scales = n.inputs[scalesAt] ? r.values[scalesAt]?.map(Number) : ints(n, 'scales');
  if (!scales || scales.length === 0) return `${n.opType} with scales or sizes computed at run time`;
  return [
    { elem: x.elem, shape: s.map((d, i) => (typeof d === 'number' ? Math.floor(d * (scales[i] ?? 1)) : scales[i] === 1 ? d : null)) },
  ];
};

const split: Rule = (r) => {
  const x = first(r);
  if (typeof x === 'string') return x;
  const s = x.shape!;
  const axis = norm(int(r.node, 'axis', 0), s.length);
  const parts = ints(r.node, 'split') ?? (r.node.inputs[1] ? r.values[1]?.map(Number) : undefined);
  const count = r.node.outputs.length;
  const d = s[axis];
  const sizes =
    parts ??
    (typeof d === 'number'
      ? new Array<number>(count).fill(Math.ceil(d / count)).map((v, i) => (i < count - 1 ? v : d - v * (count - 1)))
      : undefined);
  return r.node.outputs.map((_, i) => ({ elem: x.elem, shape: s.map((dim, j) => (j === axis ? (sizes?.[i] ?? null) : dim)) }));
};

const cast: Rule = (r) => {
  const x = first(r);
  if (typeof x === 'string') return x;
  const to = elemTypeName(int(r.node, 'to', 0));
  return [{ elem: to, shape: x.shape }];
};

const pad: Rule = (r) => {
  const x = first(r);
  if (typeof x === 'string') return x;
  const s = x.shape!;
  const pads = ints(r.node, 'pads') ?? r.values[1]?.map(Number);
  if (!pads) return 'Pad with pads computed at run time';
  if (r.node.inputs[3]) return 'Pad along axes given at run time';
  return [{ elem: x.elem, shape: s.map((d, i) => (typeof d === 'number' ? d + (pads[i] ?? 0) + (pads[i + s.length] ?? 0) : null)) }];
};

const constantOfShape: Rule = (r) => {
  const v = r.values[0];
  if (!v) return 'ConstantOfShape with a shape computed at run time';
  const a = attr(r.node, 'value');
  return [{ elem: a?.type === 'tensor' ? a.value.dataType : 'float32', shape: v.map(Number) }];
};

const dataDependent = (r: RuleInput) => `${r.node.opType}: the size depends on the data`;

const UNARY = [
  'Relu',
  'LeakyRelu',
  'PRelu',
  'Elu',
  'Selu',
  'Celu',
  'Sigmoid',
  'HardSigmoid',
  'HardSwish',
  'Tanh',
  'Softplus',
  'Softsign',
  'Gelu',
  'Mish',
  'Clip',
  'Exp',
  'Log',
  'Sqrt',
  'Abs',
  'Neg',
  'Erf',
  'Reciprocal',
  'Floor',
  'Ceil',
  'Round',
  'Sign',
  'Sin',
  'Cos',
  'Tan',
  'Atan',
  'Softmax',
  'LogSoftmax',
  'Hardmax',
  'Identity',
  'Dropout',
  'BatchNormalization',
  'InstanceNormalization',
  'LayerNormalization',
  'GroupNormalization',
  'LpNormalization',
  'LRN',
  'MeanVarianceNormalization',
  'Not',
  'ThresholdedRelu',
  'Shrink',
  'CumSum',
  'IsNaN',
  'IsInf',
];
const BROADCAST = ['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum', 'Mean', 'Mod', 'BitShift'];
const COMPARE = ['Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual', 'And', 'Or', 'Xor'];

export const RULES: Record<string, Rule> = {
  Conv: conv,
  ConvTranspose: convTranspose,
  MaxPool: pool,
  AveragePool: pool,
  LpPool: pool,
  GlobalAveragePool: globalPool,
  GlobalMaxPool: globalPool,
  GlobalLpPool: globalPool,
  Gemm: gemm,
  MatMul: matmul,
  Flatten: flatten,
  Reshape: reshape,
  Concat: concat,
  Transpose: transpose,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  ReduceMean: reduce,
  ReduceSum: reduce,
  ReduceMax: reduce,
  ReduceMin: reduce,
  ReduceProd: reduce,
  ReduceL2: reduce,
  ReduceL1: reduce,
  ReduceSumSquare: reduce,
  ReduceLogSumExp: reduce,
  ArgMax: argReduce,
  ArgMin: argReduce,
  Shape: shapeOp,
  Gather: gather,
  Slice: slice,
  Resize: resize,
  Upsample: resize,
  Split: split,
  Cast: cast,
  Pad: pad,
  ConstantOfShape: constantOfShape,
  Where: elementwise(undefined, 1),
  NonZero: dataDependent,
  NonMaxSuppression: dataDependent,
  Unique: dataDependent,
  Compress: dataDependent,
  ...Object.fromEntries(UNARY.map((op) => [op, same])),
  ...Object.fromEntries(BROADCAST.map((op) => [op, elementwise()])),
  ...Object.fromEntries(COMPARE.map((op) => [op, elementwise('bool')])),
};
// Unary ops keep their input's shape, but PRelu broadcasts its slope against it.
RULES.PRelu = elementwise();
