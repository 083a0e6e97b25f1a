// What the layout worker needs of a graph, and nothing else: copying a summary into a worker is a
// structured clone, and a 50k-node model's attributes, initializer locations and decoded constants
// would cost more to clone than to lay out. Kept: names, op types, tensors and their types (inferred
// ones too), and the graph-valued attributes (subgraphs), themselves trimmed the same way.
import type { Attribute, GraphSummary, TensorInfo } from '../../../../shared/model-summary';

const tensor = (t: TensorInfo): TensorInfo => ({
  name: t.name,
  dataType: t.dataType,
  dims: t.dims,
  elementCount: 0,
  byteLength: 0,
  location: { kind: 'empty' },
});

function attribute(a: Attribute): Attribute | null {
  if (a.type === 'graph') return { name: a.name, type: 'graph', value: graphForLayout(a.value) };
  if (a.type === 'graphs') return { name: a.name, type: 'graphs', value: a.value.map(graphForLayout) };
  return null;
}

export function graphForLayout(g: GraphSummary): GraphSummary {
  return {
    name: g.name,
    inputs: g.inputs,
    outputs: g.outputs,
    valueInfo: g.valueInfo,
    nodes: g.nodes.map((n) => ({
      name: n.name,
      opType: n.opType,
      domain: n.domain,
      inputs: n.inputs,
      outputs: n.outputs,
      attributes: n.attributes.length ? n.attributes.map(attribute).filter((a) => a !== null) : n.attributes,
    })),
    initializers: g.initializers.map(tensor),
    overridableInitializers: [],
    sparseInitializerCount: 0,
    // The shapes the reader worked out label the edges; why others are unknown is the panel's.
    ...(g.inferred ? { inferred: { types: g.inferred.types, unknown: [] } } : {}),
  };
}
