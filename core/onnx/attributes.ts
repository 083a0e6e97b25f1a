// AttributeProto → Attribute. Subgraph attributes (If/Loop/Scan bodies) recurse into the graph
// parser one level deeper; the depth limit lives there.
import type { Attribute, AttributeValue, GraphSummary, TensorInfo } from '../../shared/model-summary';
import type { ParseContext } from './context';
import { parseTensor } from './tensor';
import type { MessageSchema } from './wire';
import { int64Number } from './wire';

const ATTRIBUTE: MessageSchema = {
  name: 'AttributeProto',
  fields: {
    1: ['name', 2],
    2: ['f', 5],
    3: ['i', 0],
    4: ['s', 2],
    5: ['t', 2],
    6: ['g', 2],
    7: ['floats', 5],
    8: ['ints', 0],
    9: ['strings', 2],
    10: ['tensors', 2],
    11: ['graphs', 2],
    13: ['doc_string', 2],
    14: ['tp', 2],
    15: ['type_protos', 2],
    20: ['type', 0],
    21: ['ref_attr_name', 2],
    22: ['sparse_tensor', 2],
    23: ['sparse_tensors', 2],
  },
};

// AttributeProto.AttributeType
const KIND = [
  'undefined',
  'float',
  'int',
  'string',
  'tensor',
  'graph',
  'floats',
  'ints',
  'strings',
  'tensors',
  'graphs',
  'sparse_tensor',
  'sparse_tensors',
  'type_proto',
  'type_protos',
] as const;
type Kind = (typeof KIND)[number];

export function parseAttribute(ctx: ParseContext, end: number, depth: number): Attribute {
  const w = ctx.w;
  let name = '';
  let docString = '';
  let refAttrName = '';
  let type = -1;
  let f: number | undefined;
  let i: number | string | undefined;
  let s: string | undefined;
  let t: TensorInfo | undefined;
  let g: GraphSummary | undefined;
  const floats: number[] = [];
  const ints: Array<number | string> = [];
  const strings: string[] = [];
  const tensors: TensorInfo[] = [];
  const graphs: GraphSummary[] = [];
  const seen = new Set<Kind>(); // which value fields occurred, for old files without `type`

  while (w.pos < end) {
    const tag = w.uint();
    switch (tag) {
      case 0x0a:
        name = w.string(end, 'An attribute name');
        break;
      case 0x15:
        f = w.float();
        seen.add('float');
        break;
      case 0x18:
        i = w.int64();
        seen.add('int');
        break;
      case 0x22:
        s = w.string(end, 'A string attribute');
        seen.add('string');
        break;
      case 0x2a:
        t = parseTensor(w, w.sub(end, 'A tensor attribute'), ctx.externals);
        seen.add('tensor');
        break;
      case 0x32:
        g = ctx.graph(w.sub(end, 'A graph attribute'), depth + 1);
        seen.add('graph');
        break;
      case 0x3d:
        floats.push(w.float());
        seen.add('floats');
        break;
      case 0x3a: {
        const e = w.sub(end, 'Packed floats');
        while (w.pos < e) floats.push(w.float());
        w.done(e, 'AttributeProto.floats');
        seen.add('floats');
        break;
      }
      case 0x40:
        ints.push(w.int64());
        seen.add('ints');
        break;
      case 0x42: {
        const e = w.sub(end, 'Packed ints');
        while (w.pos < e) ints.push(w.int64());
        w.done(e, 'AttributeProto.ints');
        seen.add('ints');
        break;
      }
      case 0x4a:
        strings.push(w.string(end, 'A strings attribute entry'));
        seen.add('strings');
        break;
      case 0x52:
        tensors.push(parseTensor(w, w.sub(end, 'A tensors attribute entry'), ctx.externals));
        seen.add('tensors');
        break;
      case 0x5a:
        graphs.push(ctx.graph(w.sub(end, 'A graphs attribute entry'), depth + 1));
        seen.add('graphs');
        break;
      case 0x6a:
        docString = w.string(end, 'An attribute doc_string');
        break;
      case 160:
        type = int64Number(w.varint64());
        break; // field 20, varint (tags ≥ 16 take two bytes on the wire)
      case 170:
        refAttrName = w.string(end, 'A ref_attr_name');
        break;
      default:
        if (tag === 178)
          seen.add('sparse_tensor'); // fields 22/23/14/15: kept opaque, only noted
        else if (tag === 186) seen.add('sparse_tensors');
        else if (tag === 0x72) seen.add('type_proto');
        else if (tag === 0x7a) seen.add('type_protos');
        w.skip(tag, end, ATTRIBUTE);
    }
  }
  w.done(end, ATTRIBUTE.name);

  const kind: Kind = KIND[type] ?? inferKind(seen);
  let value: AttributeValue;
  switch (kind) {
    case 'float':
      value = { type: kind, value: f ?? 0 };
      break;
    case 'int':
      value = { type: kind, value: i ?? 0 };
      break;
    case 'string':
      value = { type: kind, value: s ?? '' };
      break;
    case 'floats':
      value = { type: kind, value: floats };
      break;
    case 'ints':
      value = { type: kind, value: ints };
      break;
    case 'strings':
      value = { type: kind, value: strings };
      break;
    case 'tensors':
      value = { type: kind, value: tensors };
      break;
    case 'graphs':
      value = { type: kind, value: graphs };
      break;
    case 'tensor':
      value = t ? { type: kind, value: t } : { type: 'undefined', value: null };
      break;
    case 'graph':
      value = g ? { type: kind, value: g } : { type: 'undefined', value: null };
      break;
    default:
      value = { type: kind, value: null };
  }
  const attr: Attribute = { name, ...value };
  if (refAttrName) attr.refAttrName = refAttrName;
  if (docString) attr.docString = docString;
  return attr;
}

/** Files older than IR 3 may omit `type`; the value field that occurred tells it. */
function inferKind(seen: Set<Kind>): Kind {
  const order: Kind[] = [
    'graphs',
    'tensors',
    'strings',
    'ints',
    'floats',
    'graph',
    'tensor',
    'string',
    'int',
    'float',
    'sparse_tensor',
    'sparse_tensors',
    'type_proto',
    'type_protos',
  ];
  return order.find((k) => seen.has(k)) ?? 'undefined';
}
