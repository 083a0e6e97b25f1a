// The lazy ONNX reader: decodes a ModelProto through positioned reads, skipping weight bytes by
// their length, and returns a ModelSummary. Memory stays flat whatever the model size; recursion
// is bounded by maxDepth; every failure is an AppError with a stable code.
// Hand-written rather than protobufjs + onnx-proto on purpose: those decode the whole file in
// memory. `npm run bench` on a 1 GiB transformer-like model: ~26 ms and ~51 MB peak RSS here vs
// ~2.4 s and ~1.1 GB for the protobufjs decode (and ~2.8 s / 2.1 GB for python's onnx.load).
import type { FunctionInfo, GraphStats, GraphSummary, ModelSummary, NodeInfo, OpsetId } from '../../shared/model-summary';
import { AppError } from '../../shared/errors';
import { modelWeights, weightStats } from '../../shared/model-weights';
import type { ParseContext } from './context';
import { ExternalDataChecker } from './external-data';
import { openFileSource } from './file-source';
import { emptyRawGraph, finishGraph, opKey, parseNode, parseRawGraph } from './graph';
import type { RawGraph } from './graph';
import { inferShapes } from './shape-inference';
import { SNIFF_BYTES, notOnnx, sniff } from './sniff';
import { parseEntry } from './tensor';
import type { MessageSchema } from './wire';
import { Wire, int64Number } from './wire';

export interface ReadOptions {
  /** Deepest subgraph nesting accepted (main graph = 0). Default 64, capped at 1000. */
  maxDepth?: number;
  /** Size of the read window (default 1 MiB); tests use tiny windows to exercise refills. */
  windowBytes?: number;
  /**
   * Infer intermediate tensor shapes (graph.inferred) for the graph view. Off by default: the
   * server, verify, diff, predict and meta never show them, and on a 10k-node graph the pass is a
   * fifth to a third of the read.
   */
  inferShapes?: boolean;
}

export const DEFAULT_MAX_DEPTH = 64;
const HARD_MAX_DEPTH = 1000; // keeps recursion far from V8's stack limit

/** ModelProto's top-level fields (the metadata writer scans with the same table). */
export const MODEL: MessageSchema = {
  name: 'ModelProto',
  fields: {
    1: ['ir_version', 0],
    2: ['producer_name', 2],
    3: ['producer_version', 2],
    4: ['domain', 2],
    5: ['model_version', 0],
    6: ['doc_string', 2],
    7: ['graph', 2],
    8: ['opset_import', 2],
    14: ['metadata_props', 2],
    20: ['training_info', 2],
    25: ['functions', 2],
    26: ['configuration', 2],
  },
};
const OPSET: MessageSchema = { name: 'OperatorSetIdProto', fields: { 1: ['domain', 2], 2: ['version', 0] } };
const FUNCTION: MessageSchema = {
  name: 'FunctionProto',
  fields: {
    1: ['name', 2],
    4: ['input', 2],
    5: ['output', 2],
    6: ['attribute', 2],
    7: ['node', 2],
    8: ['doc_string', 2],
    9: ['opset_import', 2],
    10: ['domain', 2],
  },
};

export async function readModelSummary(path: string, opts: ReadOptions = {}): Promise<ModelSummary> {
  const src = openFileSource(path);
  try {
    if (src.size === 0) {
      throw new AppError(
        'EMPTY_FILE',
        `The file is empty (0 bytes): ${src.name}`,
        'It may be incompletely downloaded or copied; get the model again.',
      );
    }
    const head = Buffer.alloc(Math.min(SNIFF_BYTES, src.size));
    src.read(head, 0, head.length, 0);
    const other = sniff(head, src.size);
    if (other) throw other;

    const w = new Wire(src, opts.windowBytes);
    const maxDepth = Math.min(Math.max(0, Math.floor(opts.maxDepth ?? DEFAULT_MAX_DEPTH)), HARD_MAX_DEPTH);
    const ctx: ParseContext = {
      w,
      maxDepth,
      externals: [],
      evidence: false,
      graph: (end, depth) => finishGraph(parseRawGraph(ctx, end, depth)),
    };
    let model: ParsedModel;
    try {
      model = parseModel(ctx);
    } catch (err) {
      // Nothing ONNX-like decoded before the failure: this is some other binary file.
      if (err instanceof AppError && (err.code === 'MALFORMED' || err.code === 'TRUNCATED') && !ctx.evidence) {
        throw notOnnx(
          'binary data of no known model format',
          'Choose an .onnx file, or export your model to ONNX first (e.g. torch.onnx.export for PyTorch, tf2onnx for TensorFlow).',
        );
      }
      throw err;
    }
    const missing = [model.irVersion === undefined ? 'no ir_version' : '', model.graph ? '' : 'no graph'].filter(Boolean);
    if (missing.length) {
      throw new AppError(
        'NOT_ONNX',
        `This file is not an ONNX model: it is readable protobuf data but has ${missing.join(' and ')}, which every ONNX model has.`,
        'Choose the .onnx model file itself (not a weights or config file), or export the model again.',
      );
    }
    const graph = finishGraph(model.graph!);
    if (opts.inferShapes) inferShapes(graph);
    const ext = new ExternalDataChecker(path);
    for (const ref of ctx.externals) ext.check(ref);
    return {
      irVersion: model.irVersion!,
      opsets: model.opsets,
      producer: { name: model.producerName, version: model.producerVersion },
      domain: model.domain,
      modelVersion: model.modelVersion,
      docString: model.docString,
      metadata: Object.fromEntries(model.metadata),
      graph,
      functions: model.functions,
      stats: graphStats(graph),
      externalData: ext.list(),
      file: { name: src.name, bytes: src.size },
    };
  } finally {
    src.close();
  }
}

interface ParsedModel {
  irVersion?: number;
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion: number;
  docString: string;
  graph?: RawGraph;
  opsets: OpsetId[];
  metadata: Map<string, string>;
  functions: FunctionInfo[];
}

function parseModel(ctx: ParseContext): ParsedModel {
  const w = ctx.w;
  const end = w.size;
  const m: ParsedModel = {
    producerName: '',
    producerVersion: '',
    domain: '',
    modelVersion: 0,
    docString: '',
    opsets: [],
    metadata: new Map(),
    functions: [],
  };
  while (w.pos < end) {
    const tag = w.uint();
    switch (tag) {
      case 0x08:
        m.irVersion = int64Number(w.varint64());
        if (m.irVersion >= 1 && m.irVersion <= 64) ctx.evidence = true;
        break;
      case 0x12:
        m.producerName = w.string(end, 'producer_name');
        break;
      case 0x1a:
        m.producerVersion = w.string(end, 'producer_version');
        break;
      case 0x22:
        m.domain = w.string(end, 'The model domain');
        break;
      case 0x28:
        m.modelVersion = int64Number(w.varint64());
        break;
      case 0x32:
        m.docString = w.string(end, 'The model doc_string');
        break;
      // A repeated graph record merges into the first, as protobuf merges message fields.
      case 0x3a:
        m.graph = parseRawGraph(ctx, w.sub(end, 'The graph'), 0, m.graph ?? emptyRawGraph());
        break;
      case 0x42:
        m.opsets.push(parseOpset(ctx, w.sub(end, 'An opset_import')));
        break;
      case 0x72: {
        const [k, v] = parseEntry(w, w.sub(end, 'A metadata_props entry'));
        m.metadata.set(k, v); // a repeated key: the last value wins
        break;
      }
      case 202:
        m.functions.push(parseFunction(ctx, w.sub(end, 'A function')));
        break; // field 25
      default:
        w.skip(tag, end, MODEL);
    }
  }
  w.done(end, MODEL.name);
  return m;
}

function parseOpset(ctx: ParseContext, end: number): OpsetId {
  const w = ctx.w;
  const o: OpsetId = { domain: '', version: 0 };
  while (w.pos < end) {
    const tag = w.uint();
    if (tag === 0x0a) o.domain = w.string(end, 'An opset domain');
    else if (tag === 0x10) o.version = int64Number(w.varint64());
    else w.skip(tag, end, OPSET);
  }
  w.done(end, OPSET.name);
  if (o.version >= 1 && o.version <= 10_000 && /^[A-Za-z0-9_.-]*$/.test(o.domain)) ctx.evidence = true;
  return o;
}

function parseFunction(ctx: ParseContext, end: number): FunctionInfo {
  const w = ctx.w;
  const f: FunctionInfo = { name: '', domain: '', inputs: [], outputs: [], attributes: [], nodes: [], opsets: [] };
  while (w.pos < end) {
    const tag = w.uint();
    switch (tag) {
      case 0x0a:
        f.name = w.string(end, 'A function name');
        break;
      case 0x22:
        f.inputs.push(w.string(end, 'A function input'));
        break;
      case 0x2a:
        f.outputs.push(w.string(end, 'A function output'));
        break;
      case 0x32:
        f.attributes.push(w.string(end, 'A function attribute'));
        break;
      // Function bodies are one level down, like a subgraph, for the depth limit.
      case 0x3a:
        f.nodes.push(parseNode(ctx, w.sub(end, 'A function node'), 1));
        break;
      case 0x4a:
        f.opsets.push(parseOpset(ctx, w.sub(end, 'A function opset_import')));
        break;
      case 0x52:
        f.domain = w.string(end, 'A function domain');
        break;
      default:
        w.skip(tag, end, FUNCTION);
    }
  }
  w.done(end, FUNCTION.name);
  return f;
}

/** Main-graph counts plus totals over every subgraph at any depth (iterative: no deep recursion). */
export function graphStats(main: GraphSummary): GraphStats {
  // A Map, then fromEntries: an op_type such as '__proto__' must stay an ordinary key.
  const ops = new Map<string, number>();
  for (const n of main.nodes) {
    const k = opKey(n);
    ops.set(k, (ops.get(k) ?? 0) + 1);
  }
  const opHistogram: Record<string, number> = Object.fromEntries(ops);
  const nested = { graphCount: 0, nodeCount: 0, initializerCount: 0, maxDepth: 0 };
  const stack: Array<[NodeInfo[], number]> = [[main.nodes, 0]];
  while (stack.length) {
    const [nodes, depth] = stack.pop()!;
    for (const n of nodes) {
      for (const a of n.attributes) {
        const subs = a.type === 'graph' ? [a.value] : a.type === 'graphs' ? a.value : [];
        for (const g of subs) {
          nested.graphCount++;
          nested.nodeCount += g.nodes.length;
          nested.initializerCount += g.initializers.length;
          nested.maxDepth = Math.max(nested.maxDepth, depth + 1);
          stack.push([g.nodes, depth + 1]);
        }
      }
    }
  }
  return {
    nodeCount: main.nodes.length,
    initializerCount: main.initializers.length,
    weights: weightStats(modelWeights(main)),
    opHistogram,
    nested,
  };
}
