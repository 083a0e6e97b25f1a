// Reads a Keras model config (the model_config attribute of a Keras 2 .h5, or config.json of a
// Keras 3 .keras) into a layer table and an input/output contract. Output shapes are derived for the
// common layers (Dense, convolutions, pooling, Flatten, Reshape, recurrent, shape-preserving ones)
// from the input shape the config declares; where a layer's shape cannot be derived it stays
// empty, and so do the layers after it. Nothing in the config is executed.
import type { Dim, ForeignIo, ForeignSection } from '../../../shared/formats/types';
import { MAX_SECTION_ROWS } from '../../../shared/formats/types';
import { formatShape } from '../../../shared/format';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };
type Shape = Dim[] | null;

export interface KerasLayer {
  name: string;
  className: string;
  outputShape: Shape;
  params: number | null;
}

export interface KerasConfigSummary {
  modelClass: string;
  modelName: string;
  layers: KerasLayer[];
  io: { inputs: ForeignIo[]; outputs: ForeignIo[] };
  notes: string[];
}

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: Json | undefined): string | null => (typeof v === 'string' ? v : null);
const num = (v: Json | undefined): number | null => (typeof v === 'number' ? v : null);
const configOf = (l: Obj | undefined): Obj => (l && isObj(l.config) ? l.config : {});

/**
 * Summarises a model config. `params(layerName)` gives the parameters a layer's weights hold (from
 * the weights file), or null when unknown.
 */
export function summariseKerasConfig(config: unknown, params: (layer: string) => number | null): KerasConfigSummary {
  const root = config as Json;
  if (!isObj(root)) throw new Error('the model config is not a JSON object');
  const modelClass = str(root.class_name) ?? 'unknown';
  const inner = root.config;
  // Keras 2.0–2.1 wrote a Sequential's config as the bare list of its layers.
  const cfg: Obj = Array.isArray(inner) ? { layers: inner } : isObj(inner) ? inner : {};
  const modelName = str(cfg.name) ?? '';
  const rawLayers = (Array.isArray(cfg.layers) ? cfg.layers : []).filter(isObj);
  const notes: string[] = [];
  const shapes = new Map<string, Shape>();
  const layers: KerasLayer[] = [];
  const sequential = modelClass === 'Sequential';
  let prev: Shape = sequential ? sequentialInput(cfg, root, rawLayers) : null;
  const inputs: ForeignIo[] = [];

  for (const l of rawLayers) {
    const lc = configOf(l);
    const name = str(l.name) ?? str(lc.name) ?? `layer_${layers.length}`;
    const className = str(l.class_name) ?? 'unknown';
    let inShapes: Shape[];
    if (sequential) inShapes = [prev];
    else inShapes = inboundShapes(l, shapes);
    let out: Shape;
    if (className === 'InputLayer') {
      out = declaredShape(lc);
      inputs.push({ name, dtype: dtypeOf(lc), shape: out ?? [] });
    } else {
      if (sequential && layers.length === 0 && prev === null) prev = declaredShape(lc);
      if (sequential) inShapes = [prev];
      out = outputShape(className, lc, inShapes);
    }
    if (className === 'Lambda' || lc.function_type === 'lambda') {
      notes.push(
        `Layer ${name} is a Lambda layer whose config holds Python code (marshalled bytecode); Keras runs it when the model loads. Only load this model if you trust it.`,
      );
    }
    shapes.set(name, out);
    prev = out;
    layers.push({ name, className, outputShape: out, params: params(name) });
  }

  if (sequential && inputs.length === 0 && rawLayers.length > 0) {
    const first = layers[0]!;
    const shape = sequentialInput(cfg, root, rawLayers);
    if (shape) inputs.push({ name: `${first.name}_input`, dtype: dtypeOf(configOf(rawLayers[0])), shape });
  }
  let outputs: ForeignIo[] = [];
  if (sequential) {
    const last = layers[layers.length - 1];
    if (last)
      outputs = [
        {
          name: last.name,
          dtype: dtypeOf(configOf(rawLayers[rawLayers.length - 1])),
          shape: last.outputShape ?? [],
        },
      ];
  } else {
    const declared = layerRefs(cfg.input_layers);
    if (declared.length > 0) {
      const byName = new Map(inputs.map((i) => [i.name, i]));
      const ordered = declared.map((n) => byName.get(n)).filter((i): i is ForeignIo => i !== undefined);
      if (ordered.length === inputs.length) inputs.splice(0, inputs.length, ...ordered);
    }
    outputs = layerRefs(cfg.output_layers).map((n) => {
      const l = rawLayers.find((x) => (str(x.name) ?? str(configOf(x).name)) === n);
      return { name: n, dtype: dtypeOf(configOf(l)), shape: shapes.get(n) ?? [] };
    });
  }
  const underived = outputs.filter((o) => (layers.find((l) => l.name === o.name)?.outputShape ?? null) === null).map((o) => o.name);
  if (underived.length > 0) {
    notes.push(
      `The output shape of ${underived.join(', ')} cannot be derived from the config (a layer before it has no shape rule here); it is left empty.`,
    );
  }
  return { modelClass, modelName, layers, io: { inputs, outputs }, notes };
}

export function layersSection(layers: KerasLayer[]): ForeignSection {
  return {
    title: 'Layers',
    columns: ['layer', 'class', 'output shape', 'params'],
    rows: layers
      .slice(0, MAX_SECTION_ROWS)
      .map((l) => [l.name, l.className, l.outputShape ? formatShape(l.outputShape) : '', l.params === null ? '' : String(l.params)]),
    total: layers.length,
  };
}

/** Input layer names from input_layers / output_layers: [[name, node, tensor], …] or a single [name, node, tensor]. */
function layerRefs(v: Json | undefined): string[] {
  if (!Array.isArray(v)) return [];
  if (typeof v[0] === 'string') return [v[0]];
  return v.flatMap((r) => (Array.isArray(r) && typeof r[0] === 'string' ? [r[0]] : []));
}

function sequentialInput(cfg: Obj, root: Obj, layers: Obj[]): Shape {
  const first = layers[0];
  if (first && isObj(first.config)) {
    const s = declaredShape(first.config);
    if (s) return s;
  }
  const build = isObj(root.build_config) ? root.build_config.input_shape : undefined;
  return toShape(cfg.build_input_shape) ?? toShape(build);
}

/** The shape an InputLayer (or a first layer given input_shape) declares, batch included. */
function declaredShape(lc: Obj): Shape {
  return (
    toShape(lc.batch_input_shape) ??
    toShape(lc.batch_shape) ??
    (Array.isArray(lc.input_shape) ? [null, ...(toShape(lc.input_shape) ?? [])] : null)
  );
}

function toShape(v: Json | undefined): Shape {
  if (!Array.isArray(v)) return null;
  if (!v.every((d) => d === null || typeof d === 'number')) return null;
  return v as Dim[];
}

function dtypeOf(lc: Obj): string {
  const d = lc.dtype;
  const name = str(d) ?? (isObj(d) && isObj(d.config) ? str(d.config.name) : null);
  if (!name) return 'float32';
  if (name.startsWith('mixed_')) return name.slice(6);
  return name;
}

/** Shapes of a functional layer's inputs: Keras 2 [[[name, node, tensor, kwargs], …]], Keras 3 {args: [keras tensors]}. */
function inboundShapes(l: Obj, shapes: Map<string, Shape>): Shape[] {
  const nodes = Array.isArray(l.inbound_nodes) ? l.inbound_nodes : [];
  const node = nodes[0];
  const out: Shape[] = [];
  const visit = (v: Json | undefined, depth: number): void => {
    if (depth > 8 || v === undefined) return;
    if (Array.isArray(v)) {
      if (typeof v[0] === 'string' && typeof v[1] === 'number') out.push(shapes.get(v[0]) ?? null);
      else for (const x of v) visit(x, depth + 1);
    } else if (isObj(v)) {
      if (v.class_name === '__keras_tensor__' && isObj(v.config)) {
        const hist = v.config.keras_history;
        const from = Array.isArray(hist) ? str(hist[0]) : null;
        out.push(toShape(v.config.shape) ?? (from ? (shapes.get(from) ?? null) : null));
      } else if (Array.isArray(v.args)) visit(v.args, depth + 1);
    }
  };
  visit(node, 0);
  return out;
}

const SAME_SHAPE = new Set([
  'Activation',
  'BatchNormalization',
  'Dropout',
  'AlphaDropout',
  'GaussianDropout',
  'GaussianNoise',
  'LayerNormalization',
  'GroupNormalization',
  'UnitNormalization',
  'ReLU',
  'LeakyReLU',
  'PReLU',
  'ELU',
  'Softmax',
  'ThresholdedReLU',
  'SpatialDropout1D',
  'SpatialDropout2D',
  'SpatialDropout3D',
  'Rescaling',
  'Normalization',
  'Masking',
  'ActivityRegularization',
  'Identity',
  'Add',
  'Subtract',
  'Multiply',
  'Average',
  'Maximum',
  'Minimum',
]);

function outputShape(cls: string, lc: Obj, ins: Shape[]): Shape {
  const s = ins[0] ?? null;
  if (!s) return null;
  if (SAME_SHAPE.has(cls)) return [...s];
  const last = (n: number | null): Shape => (n === null ? null : [...s.slice(0, -1), n]);
  switch (cls) {
    case 'Dense':
      return last(num(lc.units));
    case 'EinsumDense':
      return null;
    case 'Embedding':
      return num(lc.output_dim) === null ? null : [...s, num(lc.output_dim)];
    case 'Flatten': {
      const rest = s.slice(1);
      return [s[0] ?? null, rest.every((d) => typeof d === 'number') ? (rest as number[]).reduce((a, d) => a * d, 1) : null];
    }
    case 'Reshape': {
      const t = toShape(lc.target_shape);
      if (!t) return null;
      const total = s.slice(1).every((d) => typeof d === 'number') ? (s.slice(1) as number[]).reduce((a, d) => a * d, 1) : null;
      const known = t.filter((d) => typeof d === 'number' && d >= 0).reduce<number>((a, d) => a * (d as number), 1);
      return [s[0] ?? null, ...t.map((d) => (d === -1 ? (total === null ? null : total / known) : d))];
    }
    case 'Concatenate': {
      const axis = num(lc.axis) ?? -1;
      if (ins.some((x) => !x || x.length !== s.length)) return null;
      const a = axis < 0 ? s.length + axis : axis;
      const sum = ins.reduce<number | null>((acc, x) => (acc === null || typeof x![a] !== 'number' ? null : acc + (x![a] as number)), 0);
      return s.map((d, i) => (i === a ? sum : d));
    }
    case 'GlobalAveragePooling1D':
    case 'GlobalMaxPooling1D':
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D':
    case 'GlobalAveragePooling3D':
    case 'GlobalMaxPooling3D': {
      if (lc.keepdims === true) return null;
      const first = lc.data_format === 'channels_first';
      return [s[0] ?? null, first ? (s[1] ?? null) : (s[s.length - 1] ?? null)];
    }
    case 'LSTM':
    case 'GRU':
    case 'SimpleRNN': {
      const units = num(lc.units);
      if (units === null) return null;
      return lc.return_sequences === true ? [s[0] ?? null, s[1] ?? null, units] : [s[0] ?? null, units];
    }
    case 'Bidirectional': {
      const inner = isObj(lc.layer) && isObj(lc.layer.config) ? lc.layer.config : null;
      const innerCls = isObj(lc.layer) ? str(lc.layer.class_name) : null;
      if (!inner || !innerCls) return null;
      const o = outputShape(innerCls, inner, ins);
      if (!o || (lc.merge_mode ?? 'concat') !== 'concat') return o;
      const d = o[o.length - 1];
      return [...o.slice(0, -1), typeof d === 'number' ? d * 2 : null];
    }
  }
  const conv = /^(Conv|SeparableConv|DepthwiseConv)([123])D(Transpose)?$/.exec(cls);
  const pool = /^(MaxPooling|AveragePooling)([123])D$/.exec(cls);
  if (conv || pool) {
    const rank = Number((conv ?? pool)![2]);
    if (s.length !== rank + 2) return null;
    const first = lc.data_format === 'channels_first';
    const spatial = first ? s.slice(2) : s.slice(1, -1);
    const inChannels = first ? s[1] : s[s.length - 1];
    const vec = (v: Json | undefined, def: number[] | null): number[] | null => {
      if (typeof v === 'number') return Array(rank).fill(v);
      if (Array.isArray(v) && v.length === rank && v.every((x) => typeof x === 'number')) return v as number[];
      return def;
    };
    const kernel = conv ? vec(lc.kernel_size, null) : vec(lc.pool_size, Array(rank).fill(2));
    const strides = vec(lc.strides, conv ? Array(rank).fill(1) : kernel);
    const dilation = vec(lc.dilation_rate, Array(rank).fill(1));
    if (!kernel || !strides || !dilation) return null;
    const same = lc.padding === 'same';
    const transpose = conv?.[3] === 'Transpose';
    const out = spatial.map((d, i) => {
      if (typeof d !== 'number') return null;
      const k = (kernel[i]! - 1) * dilation[i]! + 1;
      if (transpose) return same ? d * strides[i]! : d * strides[i]! + Math.max(k - strides[i]!, 0);
      return same ? Math.ceil(d / strides[i]!) : Math.floor((d - k) / strides[i]!) + 1;
    });
    let channels: Dim;
    if (pool) channels = inChannels ?? null;
    else if (conv![1] === 'DepthwiseConv') channels = typeof inChannels === 'number' ? inChannels * (num(lc.depth_multiplier) ?? 1) : null;
    else channels = num(lc.filters);
    return first ? [s[0] ?? null, channels, ...out] : [s[0] ?? null, ...out, channels];
  }
  return null;
}
