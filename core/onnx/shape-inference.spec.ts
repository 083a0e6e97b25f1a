import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Dim, ModelSummary } from '../../shared/model-summary';
import { residualNet } from '../../test/fixtures/graph-models';
import { floatTensor, int64Tensor, vi, writeModel } from '../../test/fixtures/onnx-writer';
import { describeWithPython, runPython } from '../../test/fixtures/python';
import { realModel, type RealModelName } from '../../test/fixtures/real-models';
import { cachedResnet50 } from '../../test/fixtures/resnet50';
import { readModelSummary } from './reader';
import { inferShapes } from './shape-inference';

const dir = mkdtempSync(join(tmpdir(), 'shape-inference-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shapeOf = (s: ModelSummary, name: string) => s.graph.inferred!.types.find((v) => v.name === name)?.type.text;
const reasonOf = (s: ModelSummary, name: string) => s.graph.inferred!.unknown.find((v) => v.name === name)?.reason;

describe('shape inference', () => {
  it('works out what value_info leaves out: Conv, BatchNormalization, Add, pools, Concat, Flatten', async () => {
    const s = await readModelSummary(residualNet(dir, 40), { inferShapes: true });
    const declared = new Set(s.graph.valueInfo.map((v) => v.name));
    // The fixture declares every other tensor; the others are ours, and never what it declares.
    expect(declared.has('t0')).toBe(false);
    expect(shapeOf(s, 't0')).toBe('float32[N,4,16,16]');
    expect(s.graph.inferred!.types.some((v) => declared.has(v.name))).toBe(false);
    expect(shapeOf(s, 'pooled')).toBe('float32[N,4,1,1]');
    expect(s.graph.inferred!.unknown).toEqual([]);
  }, 180_000); // the first run builds the ~100 MB model with python onnx

  it('takes Constant-held weights and shapes: Gemm, Reshape with a constant shape, Transpose, Softmax, Unsqueeze', async () => {
    const file = writeModel(join(dir, 'consts.onnx'), {
      graph: {
        name: 'consts',
        inputs: [vi('x', 'float32', ['N', 8])],
        outputs: [vi('y', 'float32', null)],
        nodes: [
          {
            opType: 'Constant',
            inputs: [],
            outputs: ['W'],
            attributes: [{ name: 'value', t: floatTensor('W', [6, 8], new Array(48).fill(0.5)) }],
          },
          { opType: 'Gemm', inputs: ['x', 'W'], outputs: ['g'], attributes: [{ name: 'transB', i: 1 }] },
          { opType: 'Constant', inputs: [], outputs: ['shape'], attributes: [{ name: 'value', t: int64Tensor('shape', [3], [-1, 2, 3]) }] },
          { opType: 'Reshape', inputs: ['g', 'shape'], outputs: ['r'] },
          { opType: 'Transpose', inputs: ['r'], outputs: ['t'], attributes: [{ name: 'perm', ints: [0, 2, 1] }] },
          { opType: 'Softmax', inputs: ['t'], outputs: ['sm'], attributes: [{ name: 'axis', i: -1 }] },
          { opType: 'Unsqueeze', inputs: ['sm'], outputs: ['u'], attributes: [{ name: 'axes', ints: [1] }] },
          { opType: 'Shape', inputs: ['u'], outputs: ['dyn'] },
          { opType: 'Reshape', inputs: ['u', 'dyn'], outputs: ['y'] },
        ],
      },
    });
    const s = await readModelSummary(file, { inferShapes: true });
    expect(shapeOf(s, 'W')).toBe('float32[6,8]');
    expect(shapeOf(s, 'g')).toBe('float32[N,6]');
    expect(shapeOf(s, 'r')).toBe('float32[?,2,3]');
    expect(shapeOf(s, 't')).toBe('float32[?,3,2]');
    expect(shapeOf(s, 'u')).toBe('float32[?,1,3,2]');
    expect(shapeOf(s, 'dyn')).toBe('int64[4]');
    expect(reasonOf(s, 'y')).toBe('Reshape with a shape computed at run time');
  });

  it('says why a shape is unknown: custom ops, ops without a rule, and what follows them', () => {
    const graph: ModelSummary['graph'] = {
      name: 'g',
      inputs: [{ name: 'x', type: { kind: 'tensor', elemType: 'float32', shape: [1, 4], text: 'float32[1,4]' } }],
      outputs: [],
      valueInfo: [],
      initializers: [],
      overridableInitializers: [],
      sparseInitializerCount: 0,
      nodes: [
        { name: 'a', opType: 'Fancy', domain: 'com.example', inputs: ['x'], outputs: ['a'], attributes: [] },
        { name: 'b', opType: 'Relu', domain: '', inputs: ['a'], outputs: ['b'], attributes: [] },
        { name: 'b2', opType: 'Sigmoid', domain: '', inputs: ['b'], outputs: ['b2'], attributes: [] },
        { name: 'c', opType: 'Einsum', domain: '', inputs: ['x'], outputs: ['c'], attributes: [] },
        {
          name: 'd',
          opType: 'Transpose',
          domain: '',
          inputs: ['x'],
          outputs: ['d'],
          attributes: [{ name: 'perm', type: 'ints', value: [7, 0] }],
        },
      ],
    };
    inferShapes(graph);
    expect(graph.inferred!.unknown).toEqual([
      { name: 'a', reason: 'com.example:Fancy is a custom op: only its runtime knows its shapes' },
      // Traced back to where the unknown started, not only to the input before.
      { name: 'b', reason: 'follows a, whose shape is unknown: com.example:Fancy is a custom op: only its runtime knows its shapes' },
      { name: 'b2', reason: 'follows a, whose shape is unknown: com.example:Fancy is a custom op: only its runtime knows its shapes' },
      { name: 'c', reason: 'no shape rule for Einsum here' },
    ]);
    // A perm out of range: the dim is unknown, the read goes on.
    expect(graph.inferred!.types).toEqual([{ name: 'd', type: expect.objectContaining({ text: 'float32[?,1]' }) }]);
  });

  it('costs little on a 10k-node graph (measured against the read itself)', async () => {
    const file = residualNet(dir, 10_000);
    const s = await readModelSummary(file, { inferShapes: true });
    expect(s.stats.nodeCount).toBeGreaterThanOrEqual(10_000);
    const g = s.graph;
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      inferShapes(g);
      times.push(performance.now() - t0);
    }
    const reads: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await readModelSummary(file, { inferShapes: true });
      reads.push(performance.now() - t0);
    }
    const infer = Math.min(...times);
    const read = Math.min(...reads);
    console.log(
      `shape inference on ${g.nodes.length} nodes: ${infer.toFixed(1)} ms; whole read (inference included): ${read.toFixed(1)} ms`,
    );
    expect(g.inferred!.types.length + g.inferred!.unknown.length).toBeGreaterThan(5_000);
    expect(infer).toBeLessThan(Math.max(50, read / 2));
  });
});

// Python onnx's shape inference is the reference: wherever both say a dim is a number, the numbers agree.
describeWithPython('shape inference agrees with python onnx on real models', () => {
  const MODELS: RealModelName[] = ['ppocr_det', 'ppocr_rec', 'ppocr_cls', 'hello_deepa', 'silero_vad_v5'];
  for (const name of MODELS) {
    it(name, async () => {
      const file = realModel(name);
      const s = await readModelSummary(file, { inferShapes: true });
      const py = runPython<Record<string, Dim[]>>('infer_shapes.py', [file]);
      const ours = new Map(s.graph.inferred!.types.map((v) => [v.name, v.type.shape!]));
      let compared = 0;
      const differ: string[] = [];
      for (const [tensor, theirs] of Object.entries(py)) {
        const mine = ours.get(tensor);
        if (!mine) continue;
        compared++;
        const same =
          mine.length === theirs.length && mine.every((d, i) => typeof d !== 'number' || typeof theirs[i] !== 'number' || d === theirs[i]);
        if (!same) differ.push(`${tensor}: ours ${JSON.stringify(mine)}, onnx ${JSON.stringify(theirs)}`);
      }
      expect(differ).toEqual([]);
      // Nearly all that onnx knows, we know too (the rest: Reshapes to a Shape→Gather→Concat chain; Silero's If).
      expect(compared).toBeGreaterThanOrEqual(Math.min(2, Object.keys(py).length));
      if (Object.keys(py).length > 10) expect(compared / Object.keys(py).length).toBeGreaterThan(0.9);
    });
  }
  it('the ResNet-50 of test/data', async () => {
    const file = cachedResnet50();
    const s = await readModelSummary(file, { inferShapes: true });
    const py = runPython<Record<string, Dim[]>>('infer_shapes.py', [file]);
    for (const v of s.graph.inferred!.types) if (py[v.name]) expect(v.type.shape, v.name).toEqual(py[v.name]);
    expect(s.graph.inferred!.unknown).toEqual([]);
  }, 180_000); // the first run builds the ~100 MB model with python onnx
});
