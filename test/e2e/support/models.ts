// Models only the e2e tests need (the shared catalogue is in test/fixtures/).
import { join } from 'node:path';
import { floatTensor, int64Tensor, patternStream, vi, writeModel, type NodeDesc, type TensorDesc } from '../../fixtures/onnx-writer';

/** `count` tiny initializers: the Inspect step must page them, not render 10k rows. */
export function manyInitializers(dir: string, count: number): string {
  const initializers: TensorDesc[] = Array.from({ length: count }, (_, i) =>
    floatTensor(`w${i}`, [1 + (i % 4)], Array(1 + (i % 4)).fill(i)),
  );
  const nodes: NodeDesc[] = [{ opType: 'Identity', inputs: ['x'], outputs: ['y'] }];
  return writeModel(join(dir, `many-inits-${count}.onnx`), {
    graph: { name: 'many_inits', inputs: [vi('x', 'float32', [1])], outputs: [vi('y', 'float32', [1])], initializers, nodes },
  });
}

/**
 * A small image classifier shaped like real exports (conv stages, a classifier head, symbolic
 * batch, metadata): what the screenshot shows.
 */
export function showcaseClassifier(dir: string): string {
  const inits: TensorDesc[] = [];
  const nodes: NodeDesc[] = [];
  const w = (name: string, dims: number[]) => {
    const bytes = dims.reduce((a, b) => a * b, 1) * 4;
    inits.push({ name, dataType: 'float32', dims, raw: patternStream(bytes, 1 << 16, inits.length + 1) });
    return name;
  };
  let x = 'pixel_values';
  let channels = 3;
  for (const [stage, out] of [
    [1, 32],
    [2, 64],
    [3, 128],
  ] as const) {
    for (const block of [1, 2]) {
      const p = `stage${stage}.block${block}`;
      const conv = `${p}.conv`;
      nodes.push({
        opType: 'Conv',
        name: conv,
        inputs: [x, w(`${conv}.weight`, [out, channels, 3, 3]), w(`${conv}.bias`, [out])],
        outputs: [`${conv}_out`],
        attributes: [{ name: 'pads', ints: [1, 1, 1, 1] }],
      });
      nodes.push({
        opType: 'BatchNormalization',
        name: `${p}.bn`,
        inputs: [`${conv}_out`, w(`${p}.bn.scale`, [out]), w(`${p}.bn.bias`, [out]), w(`${p}.bn.mean`, [out]), w(`${p}.bn.var`, [out])],
        outputs: [`${p}.bn_out`],
      });
      nodes.push({ opType: 'Relu', name: `${p}.relu`, inputs: [`${p}.bn_out`], outputs: [`${p}.relu_out`] });
      x = `${p}.relu_out`;
      channels = out;
    }
    nodes.push({
      opType: 'MaxPool',
      name: `stage${stage}.pool`,
      inputs: [x],
      outputs: [`stage${stage}.pool_out`],
      attributes: [
        { name: 'kernel_shape', ints: [2, 2] },
        { name: 'strides', ints: [2, 2] },
      ],
    });
    x = `stage${stage}.pool_out`;
  }
  nodes.push({ opType: 'GlobalAveragePool', name: 'gap', inputs: [x], outputs: ['gap_out'] });
  nodes.push({ opType: 'Flatten', name: 'flatten', inputs: ['gap_out'], outputs: ['features'] });
  nodes.push({
    opType: 'Gemm',
    name: 'head',
    inputs: ['features', w('head.weight', [10, 128]), w('head.bias', [10])],
    outputs: ['logits'],
    attributes: [{ name: 'transB', i: 1 }],
  });
  nodes.push({ opType: 'Softmax', name: 'softmax', inputs: ['logits'], outputs: ['probabilities'], attributes: [{ name: 'axis', i: 1 }] });
  return writeModel(join(dir, 'tiny-classifier.onnx'), {
    producerName: 'pytorch',
    producerVersion: '2.3.1',
    domain: 'ai.modelcrate.examples',
    modelVersion: 3,
    docString: 'A tiny CIFAR-10 style classifier: three conv stages and a linear head.',
    metadata: [
      ['model_author', 'Modelcrate examples'],
      ['model_license', 'Apache-2.0'],
      ['labels', 'airplane,automobile,bird,cat,deer,dog,frog,horse,ship,truck'],
    ],
    graph: {
      name: 'tiny_classifier',
      inputs: [vi('pixel_values', 'float32', ['batch', 3, 32, 32])],
      outputs: [vi('probabilities', 'float32', ['batch', 10]), vi('features', 'float32', ['batch', 128])],
      initializers: inits,
      nodes,
    },
  });
}

/**
 * Slow on purpose: x [1, 2048] tiled to 2048×2048, then `steps` MatMuls of that size (≈ 17 GFLOP
 * each), so a run lasts long enough to be cancelled from the page whatever the machine.
 */
export function slowMatMuls(dir: string, steps = 16): string {
  const nodes: NodeDesc[] = [{ opType: 'Tile', inputs: ['x', 'repeats'], outputs: ['m0'] }];
  for (let i = 1; i <= steps; i++) nodes.push({ opType: 'MatMul', inputs: [`m${i - 1}`, 'm0'], outputs: [`m${i}`] });
  nodes.push({ opType: 'ReduceMean', inputs: [`m${steps}`], outputs: ['y'] });
  return writeModel(join(dir, 'slow-matmuls.onnx'), {
    graph: {
      name: 'slow',
      inputs: [vi('x', 'float32', [1, 2048])],
      outputs: [vi('y', 'float32', [1, 1])],
      initializers: [int64Tensor('repeats', [2], [2048, 1])],
      nodes,
    },
  });
}
