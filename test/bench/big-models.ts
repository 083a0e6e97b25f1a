// A 1 GiB model shaped like a real transformer export (many weight tensors between many nodes),
// so the bench measures seeking over hundreds of initializers, not over four huge ones.
import { fileFor } from '../fixtures/fixture-file';
import { floatTensor, patternStream, vi, writeModel, type NodeDesc, type TensorDesc } from '../fixtures/onnx-writer';
import { randomFloats } from '../fixtures/models';

export function transformerLike(dir: string, layers = 22, d = 1024): string {
  const inits: TensorDesc[] = [];
  const nodes: NodeDesc[] = [];
  const weight = (name: string, dims: number[]) => {
    const bytes = dims.reduce((a, b) => a * b, 1) * 4;
    inits.push({ name, dataType: 'float32', dims, raw: patternStream(bytes, 1 << 20, inits.length) });
    return name;
  };
  let h = 'hidden_in';
  for (let l = 0; l < layers; l++) {
    const p = `layer${l}`;
    const ln1 = `${p}.ln1`;
    nodes.push({
      opType: 'LayerNormalization',
      name: ln1,
      inputs: [h, weight(`${p}.ln1.w`, [d]), weight(`${p}.ln1.b`, [d])],
      outputs: [ln1],
      attributes: [{ name: 'axis', i: -1 }],
    });
    for (const m of ['q', 'k', 'v'])
      nodes.push({ opType: 'MatMul', name: `${p}.${m}`, inputs: [ln1, weight(`${p}.attn.${m}.w`, [d, d])], outputs: [`${p}.${m}`] });
    nodes.push({
      opType: 'Transpose',
      name: `${p}.kt`,
      inputs: [`${p}.k`],
      outputs: [`${p}.kt`],
      attributes: [{ name: 'perm', ints: [0, 2, 1] }],
    });
    nodes.push({ opType: 'MatMul', name: `${p}.scores`, inputs: [`${p}.q`, `${p}.kt`], outputs: [`${p}.scores`] });
    nodes.push({
      opType: 'Softmax',
      name: `${p}.softmax`,
      inputs: [`${p}.scores`],
      outputs: [`${p}.probs`],
      attributes: [{ name: 'axis', i: -1 }],
    });
    nodes.push({ opType: 'MatMul', name: `${p}.ctx`, inputs: [`${p}.probs`, `${p}.v`], outputs: [`${p}.ctx`] });
    nodes.push({ opType: 'MatMul', name: `${p}.o`, inputs: [`${p}.ctx`, weight(`${p}.attn.o.w`, [d, d])], outputs: [`${p}.o`] });
    nodes.push({ opType: 'Add', name: `${p}.res1`, inputs: [h, `${p}.o`], outputs: [`${p}.res1`] });
    const ln2 = `${p}.ln2`;
    nodes.push({
      opType: 'LayerNormalization',
      name: ln2,
      inputs: [`${p}.res1`, weight(`${p}.ln2.w`, [d]), weight(`${p}.ln2.b`, [d])],
      outputs: [ln2],
      attributes: [{ name: 'axis', i: -1 }],
    });
    nodes.push({ opType: 'MatMul', name: `${p}.up`, inputs: [ln2, weight(`${p}.mlp.up.w`, [d, 4 * d])], outputs: [`${p}.up`] });
    nodes.push({ opType: 'Add', name: `${p}.up_b`, inputs: [`${p}.up`, weight(`${p}.mlp.up.b`, [4 * d])], outputs: [`${p}.up_b`] });
    nodes.push({ opType: 'Relu', name: `${p}.act`, inputs: [`${p}.up_b`], outputs: [`${p}.act`] });
    nodes.push({
      opType: 'MatMul',
      name: `${p}.down`,
      inputs: [`${p}.act`, weight(`${p}.mlp.down.w`, [4 * d, d])],
      outputs: [`${p}.down`],
    });
    nodes.push({ opType: 'Add', name: `${p}.res2`, inputs: [`${p}.res1`, `${p}.down`], outputs: [`${p}.out`] });
    h = `${p}.out`;
  }
  nodes.push({ opType: 'Identity', name: 'out', inputs: [h], outputs: ['hidden_out'] });
  return writeModel(fileFor(dir, `transformer-${layers}x${d}`), {
    producerName: 'modelcrate-bench',
    graph: {
      name: 'transformer_like',
      inputs: [vi('hidden_in', 'float32', ['batch', 'seq', d])],
      outputs: [vi('hidden_out', 'float32', ['batch', 'seq', d])],
      initializers: inits,
      nodes,
    },
  });
}

/**
 * An image classifier's head: features [batch, 512] → softmax over 1000 classes, labelled in the
 * metadata as exporters do (a JSON list), so a prediction also pays for top-k and its labels.
 */
export function classifierHead(dir: string, features = 512, classes = 1000): string {
  const labels = Array.from({ length: classes }, (_, i) => `class ${i}: a label about as long as ImageNet's`);
  return writeModel(fileFor(dir, `classifier-${features}x${classes}`), {
    producerName: 'modelcrate-bench',
    metadata: [['labels', JSON.stringify(labels)]],
    graph: {
      name: 'classifier_head',
      inputs: [vi('features', 'float32', ['batch', features])],
      outputs: [vi('probs', 'float32', ['batch', classes])],
      initializers: [
        floatTensor('W', [features, classes], randomFloats(features * classes, 5)),
        floatTensor('b', [classes], randomFloats(classes, 6)),
      ],
      nodes: [
        { opType: 'MatMul', name: 'fc', inputs: ['features', 'W'], outputs: ['h'] },
        { opType: 'Add', name: 'bias', inputs: ['h', 'b'], outputs: ['logits'] },
        { opType: 'Softmax', name: 'softmax', inputs: ['logits'], outputs: ['probs'], attributes: [{ name: 'axis', i: -1 }] },
      ],
    },
  });
}
