// Shapes of the tensors between nodes, for the graph view's edge labels and the properties panel.
// What the model declares (value_info, inputs, outputs, initializers) comes first; the rest is
// worked out here, node by node in file order (ONNX requires nodes sorted so), with the rules of
// shape-rules.ts, and a tensor left unknown carries the reason ("Reshape with a shape computed at
// run time"). Our own pass rather than onnxruntime's: ORT exposes no per-tensor shapes without
// running the model, and python onnx is not something a user has. Linear in the node count: a
// 10k-node graph takes a few ms (see shape-inference.spec.ts).
import type { Dim, GraphSummary, InferredShapes, NodeInfo, TensorInfo, TypeInfo, ValueInfo } from '../../shared/model-summary';
import { RULES, type Shaped } from './shape-rules';
import { typeText } from './types';

type Values = Array<number | string | boolean>;

/** The reason shape-rules.ts gives for an input of unknown shape; the name is the tensor's. */
const FOLLOWS = /^follows (.*), whose shape is unknown(?::|$)/;

interface Scope {
  shapes: Map<string, Shaped>;
  /** Initializers, turned into a Shaped only when read (a big model has far more than it has edges). */
  inits: Map<string, TensorInfo>;
  values: Map<string, Values>;
  outer?: Scope;
}

function shapeIn(scope: Scope, name: string): Shaped | undefined {
  for (let s: Scope | undefined = scope; s; s = s.outer) {
    const v = s.shapes.get(name);
    if (v !== undefined) return v;
    const t = s.inits.get(name);
    if (t !== undefined) return fromTensor(t);
  }
  return undefined;
}
function valuesIn(scope: Scope, name: string): Values | undefined {
  for (let s: Scope | undefined = scope; s; s = s.outer) {
    const v = s.values.get(name);
    if (v !== undefined) return v;
  }
  return undefined;
}

const fromType = (t: TypeInfo): Shaped | undefined =>
  t.kind === 'tensor' ? { ...(t.elemType ? { elem: t.elemType } : {}), shape: t.shape ?? null } : undefined;
const fromTensor = (t: TensorInfo): Shaped => ({ elem: t.dataType, shape: t.dims });

/** The tensor a Constant node outputs, from whichever value attribute it has. */
function constantOf(n: NodeInfo): { shaped: Shaped; values?: Values } | undefined {
  for (const a of n.attributes) {
    if (a.name === 'value' && a.type === 'tensor')
      return { shaped: fromTensor(a.value), ...(a.value.values ? { values: a.value.values } : {}) };
    if (a.name === 'value_int' && a.type === 'int') return { shaped: { elem: 'int64', shape: [] }, values: [a.value] };
    if (a.name === 'value_ints' && a.type === 'ints') return { shaped: { elem: 'int64', shape: [a.value.length] }, values: a.value };
    if (a.name === 'value_float' && a.type === 'float') return { shaped: { elem: 'float32', shape: [] }, values: [a.value] };
    if (a.name === 'value_floats' && a.type === 'floats') return { shaped: { elem: 'float32', shape: [a.value.length] }, values: a.value };
  }
  return undefined;
}

function typeInfo(s: Shaped): TypeInfo {
  const t: Omit<TypeInfo, 'text'> = { kind: 'tensor', elemType: s.elem ?? 'undefined', shape: s.shape };
  return { ...t, text: typeText(t) };
}

/** Fills `graph.inferred` (and each subgraph's) in place. */
export function inferShapes(graph: GraphSummary, outer?: Scope): void {
  const scope: Scope = { shapes: new Map(), inits: new Map(), values: new Map(), ...(outer ? { outer } : {}) };
  for (const t of graph.initializers) {
    scope.inits.set(t.name, t);
    if (t.values) scope.values.set(t.name, t.values);
  }
  const declared = new Map<string, Shaped>();
  for (const list of [graph.inputs, graph.outputs, graph.valueInfo]) {
    for (const v of list) {
      const s = fromType(v.type);
      if (s && s.shape !== null) declared.set(v.name, s);
    }
  }
  for (const v of graph.inputs) {
    const s = declared.get(v.name);
    if (s) scope.shapes.set(v.name, s);
  }

  const types: ValueInfo[] = [];
  const unknown: InferredShapes['unknown'] = [];
  // Where an unknown shape started: a long run of ops after one Reshape all point back at it.
  const roots = new Map<string, string>();
  const rootOf = (reason: string): string => {
    const m = FOLLOWS.exec(reason);
    const from = m && roots.get(m[1]!);
    return from ?? reason;
  };
  for (const n of graph.nodes) {
    let outs: Shaped[] | string;
    if (n.domain !== '' && n.domain !== 'ai.onnx') {
      outs = `${n.domain}:${n.opType} is a custom op: only its runtime knows its shapes`;
    } else if (n.opType === 'Constant') {
      const c = constantOf(n);
      outs = c ? [c.shaped] : 'Constant without a value';
      if (c?.values && n.outputs[0]) scope.values.set(n.outputs[0], c.values);
    } else {
      const rule = RULES[n.opType];
      outs = rule
        ? safely(() =>
            rule({
              node: n,
              inputs: n.inputs.map((i) => (i ? shapeIn(scope, i) : undefined)),
              values: n.inputs.map((i) => (i ? valuesIn(scope, i) : undefined)),
            }),
          )
        : `no shape rule for ${n.opType} here`;
    }
    n.outputs.forEach((name, i) => {
      if (!name) return;
      const mine = typeof outs === 'string' ? undefined : outs[i];
      const decl = declared.get(name);
      if (decl) {
        scope.shapes.set(name, decl); // the model's word first
        return;
      }
      if (mine && mine.shape !== null) {
        scope.shapes.set(name, mine);
        types.push({ name, type: typeInfo(mine) });
      } else {
        const reason = rootOf(typeof outs === 'string' ? outs : `${n.opType} gives no output ${i}`);
        unknown.push({ name, reason });
        roots.set(name, FOLLOWS.test(reason) ? reason : `follows ${name}, whose shape is unknown: ${reason}`);
      }
    });
    for (const a of n.attributes) {
      if (a.type === 'graph') inferShapes(a.value, scope);
      else if (a.type === 'graphs') for (const g of a.value) inferShapes(g, scope);
    }
  }
  graph.inferred = { types, unknown };
}

/** A rule meeting a malformed node (an axis out of range) leaves the shape unknown, never fails the read. */
function safely(f: () => Shaped[] | string): Shaped[] | string {
  try {
    const out = f();
    if (typeof out !== 'string' && out.some((s) => s.shape?.some((d: Dim) => typeof d === 'number' && !(Number.isInteger(d) && d >= 0))))
      return 'the attributes give an invalid size';
    return out;
  } catch {
    return 'the node does not fit its op (an axis or attribute out of range)';
  }
}
