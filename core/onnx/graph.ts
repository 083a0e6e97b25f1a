// GraphProto / NodeProto / ValueInfoProto → summaries. The switch cases are full tag values
// ((field << 3) | wire type), so a field arriving with an unexpected wire type falls through to
// skip(), which reports it as MALFORMED.
import type { GraphSummary, NodeInfo, TensorInfo, ValueInfo } from '../../shared/model-summary';
import { parseAttribute } from './attributes';
import type { ParseContext } from './context';
import { parseTensor } from './tensor';
import { parseType, tooDeep } from './types';
import type { MessageSchema } from './wire';

const GRAPH: MessageSchema = {
  name: 'GraphProto',
  fields: {
    1: ['node', 2],
    2: ['name', 2],
    5: ['initializer', 2],
    10: ['doc_string', 2],
    11: ['input', 2],
    12: ['output', 2],
    13: ['value_info', 2],
    14: ['quantization_annotation', 2],
    15: ['sparse_initializer', 2],
    16: ['metadata_props', 2],
  },
};
const NODE: MessageSchema = {
  name: 'NodeProto',
  fields: {
    1: ['input', 2],
    2: ['output', 2],
    3: ['name', 2],
    4: ['op_type', 2],
    5: ['attribute', 2],
    6: ['doc_string', 2],
    7: ['domain', 2],
    8: ['overload', 2],
    9: ['metadata_props', 2],
  },
};
const VALUE_INFO: MessageSchema = {
  name: 'ValueInfoProto',
  fields: { 1: ['name', 2], 2: ['type', 2], 3: ['doc_string', 2], 4: ['metadata_props', 2] },
};

const OP_TYPE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A graph as decoded, before initializer-backed inputs are split off. */
export interface RawGraph {
  name: string;
  docString: string;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  valueInfo: ValueInfo[];
  nodes: NodeInfo[];
  initializers: TensorInfo[];
  sparseInitializerCount: number;
}

export function emptyRawGraph(): RawGraph {
  return { name: '', docString: '', inputs: [], outputs: [], valueInfo: [], nodes: [], initializers: [], sparseInitializerCount: 0 };
}

/** Decodes a GraphProto body into `into` (a repeated graph record merges, as protobuf says). */
export function parseRawGraph(ctx: ParseContext, end: number, depth: number, into: RawGraph = emptyRawGraph()): RawGraph {
  if (depth > ctx.maxDepth)
    throw tooDeep('Subgraphs (If/Loop/Scan bodies) are', ctx.maxDepth, 'Re-export the model, or flatten its nested control flow.');
  const w = ctx.w;
  const g = into;
  while (w.pos < end) {
    const tag = w.uint();
    switch (tag) {
      case 0x0a:
        g.nodes.push(parseNode(ctx, w.sub(end, 'A node'), depth));
        break;
      case 0x12:
        g.name = w.string(end, 'A graph name');
        break;
      case 0x2a:
        g.initializers.push(parseTensor(w, w.sub(end, 'An initializer'), ctx.externals));
        break;
      case 0x52:
        g.docString = w.string(end, 'A graph doc_string');
        break;
      case 0x5a:
        g.inputs.push(parseValueInfo(ctx, w.sub(end, 'A graph input')));
        break;
      case 0x62:
        g.outputs.push(parseValueInfo(ctx, w.sub(end, 'A graph output')));
        break;
      case 0x6a:
        g.valueInfo.push(parseValueInfo(ctx, w.sub(end, 'A value_info entry')));
        break;
      case 0x7a:
        g.sparseInitializerCount++;
        w.skip(tag, end, GRAPH);
        break;
      default:
        w.skip(tag, end, GRAPH);
    }
  }
  w.done(end, GRAPH.name);
  return g;
}

/** Splits inputs backed by an initializer (IR < 4 lists every weight as an input) from real ones. */
export function finishGraph(g: RawGraph): GraphSummary {
  const init = new Set(g.initializers.map((t) => t.name));
  const summary: GraphSummary = {
    name: g.name,
    inputs: g.inputs.filter((v) => !init.has(v.name)),
    outputs: g.outputs,
    valueInfo: g.valueInfo,
    nodes: g.nodes,
    initializers: g.initializers,
    overridableInitializers: g.inputs.filter((v) => init.has(v.name)).map((v) => v.name),
    sparseInitializerCount: g.sparseInitializerCount,
  };
  if (g.docString) summary.docString = g.docString;
  return summary;
}

export function parseNode(ctx: ParseContext, end: number, depth: number): NodeInfo {
  const w = ctx.w;
  const n: NodeInfo = { name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: [] };
  let doc = '';
  while (w.pos < end) {
    const tag = w.uint();
    switch (tag) {
      case 0x0a:
        n.inputs.push(w.string(end, 'A node input'));
        break;
      case 0x12:
        n.outputs.push(w.string(end, 'A node output'));
        break;
      case 0x1a:
        n.name = w.string(end, 'A node name');
        break;
      case 0x22:
        n.opType = w.string(end, 'An op_type');
        break;
      case 0x2a:
        n.attributes.push(parseAttribute(ctx, w.sub(end, 'An attribute'), depth));
        break;
      case 0x32:
        doc = w.string(end, 'A node doc_string');
        break;
      case 0x3a:
        n.domain = w.string(end, 'A node domain');
        break;
      default:
        w.skip(tag, end, NODE);
    }
  }
  w.done(end, NODE.name);
  if (doc) n.docString = doc;
  if (!ctx.evidence && OP_TYPE.test(n.opType)) ctx.evidence = true;
  return n;
}

export function parseValueInfo(ctx: ParseContext, end: number): ValueInfo {
  const w = ctx.w;
  const v: ValueInfo = { name: '', type: { kind: 'unknown', text: 'unknown' } };
  let doc = '';
  while (w.pos < end) {
    const tag = w.uint();
    if (tag === 0x0a) v.name = w.string(end, 'A value name');
    else if (tag === 0x12) v.type = parseType(w, w.sub(end, 'A value type'), 0, ctx.maxDepth);
    else if (tag === 0x1a) doc = w.string(end, 'A value doc_string');
    else w.skip(tag, end, VALUE_INFO);
  }
  w.done(end, VALUE_INFO.name);
  if (doc) v.docString = doc;
  return v;
}

/** op_type keyed the way the histogram shows it: `domain:op` outside the default ONNX domain. */
export function opKey(n: { opType: string; domain: string }): string {
  return n.domain === '' || n.domain === 'ai.onnx' ? n.opType : `${n.domain}:${n.opType}`;
}
