// A realistic big graph for the layout bench, built directly as a GraphSummary (no file, no
// reader: the bench measures layout only). ResNet-like residual blocks, and every fourth block an
// Inception-like fan-out of three branches joined by a Concat — skips and branching, not a line.
import type { GraphSummary, NodeInfo, TensorInfo, ValueInfo } from '../../../shared/model-summary';

const f32 = (name: string, shape: Array<number | string>): ValueInfo => ({
  name,
  type: { kind: 'tensor', elemType: 'float32', shape, text: `float32[${shape.join(',')}]` },
});
const weight = (name: string, dims: number[]): TensorInfo => ({
  name,
  dataType: 'float32',
  dims,
  elementCount: dims.reduce((a, b) => a * b, 1),
  byteLength: 0,
  location: { kind: 'empty' },
});

/** About `target` op nodes (stops at the first block boundary past it). */
export function residualGraph(target: number): GraphSummary {
  const nodes: NodeInfo[] = [];
  const initializers: TensorInfo[] = [];
  const valueInfo: ValueInfo[] = [];
  let t = 0;
  const op = (opType: string, inputs: string[], ws: number[][] = []): string => {
    const out = `t${t++}`;
    const wNames = ws.map((dims, i) => {
      const w = `${out}_w${i}`;
      initializers.push(weight(w, dims));
      return w;
    });
    nodes.push({
      opType,
      name: `/block/${opType}_${nodes.length}`,
      domain: '',
      inputs: [...inputs, ...wNames],
      outputs: [out],
      attributes: [],
    });
    // Shapes declared for half of the tensors, as exporters that ran shape inference partly do.
    if (t % 2 === 0) valueInfo.push(f32(out, ['N', 64, 56, 56]));
    return out;
  };
  let x = op('Conv', ['image'], [[64, 3, 7, 7], [64]]);
  for (let block = 0; nodes.length < target; block++) {
    if (block % 4 === 3) {
      const branches = [op('Conv', [x], [[16, 64, 1, 1]]), op('Relu', [op('Conv', [x], [[16, 64, 3, 3]])]), op('MaxPool', [x])];
      x = op('Concat', branches);
    } else {
      const a = op('Relu', [op('BatchNormalization', [op('Conv', [x], [[64, 64, 3, 3]])], [[64], [64], [64], [64]])]);
      const b = op('BatchNormalization', [op('Conv', [a], [[64, 64, 3, 3]])], [[64], [64], [64], [64]]);
      x = op('Relu', [op('Add', [x, b])]);
    }
  }
  nodes.push({ opType: 'Identity', name: 'out', domain: '', inputs: [x], outputs: ['logits'], attributes: [] });
  return {
    name: `residual-${target}`,
    inputs: [f32('image', ['N', 3, 224, 224])],
    outputs: [f32('logits', ['N', 64, 56, 56])],
    valueInfo,
    nodes,
    initializers,
    overridableInitializers: [],
    sparseInitializerCount: 0,
  };
}
