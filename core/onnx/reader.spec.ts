// The reader against every valid fixture builder: what a user sees (inputs, outputs, stats) and
// where weights live (offsets are checked against the bytes actually in the file).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Attribute, GraphSummary, TensorInfo } from '../../shared/model-summary';
import {
  attributeZoo,
  bigInitializers,
  dynamicDims,
  manyNodes,
  mlp,
  multiIo,
  nestedSubgraphs,
  nonTensorTypes,
  oldIrInitializerInputs,
  randomFloats,
  subgraphs,
  withFunctions,
  withMetadata,
} from '../../test/fixtures/models';
import { ZOO_TENSORS, ZOO_VALUES } from '../../test/fixtures/attribute-models';
import { writeModel } from '../../test/fixtures/onnx-writer';
import { suiteDir } from '../../test/fixtures/tmp';
import { readModelSummary } from './reader';

const dir = suiteDir('reader');
const attr = (attrs: Attribute[], name: string) => attrs.find((a) => a.name === name)!;
const f32 = (xs: number[]) => Array.from(Float32Array.from(xs));

describe('readModelSummary on valid fixtures', () => {
  it('mlp: io, initializers, stats, and raw offsets pointing at the real weight bytes', async () => {
    const path = mlp(dir);
    const s = await readModelSummary(path);
    expect(s.irVersion).toBe(8);
    expect(s.opsets).toEqual([{ domain: '', version: 17 }]);
    expect(s.producer).toEqual({ name: 'modelcrate-fixtures', version: '1.0' });
    expect(s.graph.inputs).toEqual([
      { name: 'x', type: { kind: 'tensor', elemType: 'float32', shape: ['batch', 4], text: 'float32[batch,4]' } },
    ]);
    expect(s.graph.outputs[0]!.type.text).toBe('float32[batch,3]');
    expect(s.graph.initializers.map((t) => [t.name, t.dims, t.elementCount, t.byteLength])).toEqual([
      ['W1', [4, 8], 32, 128],
      ['B1', [8], 8, 32],
      ['W2', [8, 3], 24, 96],
      ['B2', [3], 3, 12],
    ]);
    expect(s.stats).toMatchObject({
      nodeCount: 6,
      initializerCount: 4,
      weights: { count: 4, initializers: 4, constants: 0, parameterCount: 67, bytes: 268, precision: 'float32' },
    });
    expect(s.stats.opHistogram).toEqual({ MatMul: 2, Add: 2, Relu: 1, Softmax: 1 });
    expect(s.stats.nested).toEqual({ graphCount: 0, nodeCount: 0, initializerCount: 0, maxDepth: 0 });
    expect(attr(s.graph.nodes[5]!.attributes, 'axis')).toEqual({ name: 'axis', type: 'int', value: 1 });
    expect(s.file).toEqual({ name: 'mlp.onnx', bytes: statSync(path).size });

    const bytes = readFileSync(path);
    const w1 = s.graph.initializers[0]!;
    expect(w1.location.kind).toBe('raw');
    if (w1.location.kind !== 'raw') return;
    const at = bytes.subarray(w1.location.offset, w1.location.offset + w1.location.length);
    expect(Array.from(new Float32Array(at.buffer.slice(at.byteOffset, at.byteOffset + at.length)))).toEqual(f32(randomFloats(32, 1)));
    expect(w1.values).toEqual(f32(randomFloats(32, 1))); // 32 ≤ 64 elements: decoded
    expect(s.graph.valueInfo.map((v) => v.type.text)).toEqual(['float32[batch,8]']);
  });

  it('multiIo: every dtype named the onnxruntime way', async () => {
    const s = await readModelSummary(multiIo(dir));
    expect(s.graph.inputs.map((v) => [v.name, v.type.elemType, v.type.shape])).toEqual([
      ['f32', 'float32', [2, 3]],
      ['i64', 'int64', [4]],
      ['flag', 'bool', [1]],
      ['text', 'string', [2]],
      ['half', 'float16', [2, 2]],
      ['u8', 'uint8', [3]],
      ['f64', 'float64', [1]],
    ]);
    expect(s.graph.outputs).toHaveLength(8);
    expect(s.stats.opHistogram).toEqual({ Identity: 7, Add: 1 });
  });

  it('dynamicDims: symbolic, unknown, scalar, unknown-rank and untyped values', async () => {
    const s = await readModelSummary(dynamicDims(dir));
    expect(s.graph.inputs.map((v) => v.type.text)).toEqual(['int64[batch,seq]', 'float32[batch,?,seq]', 'float32[]']);
    expect(s.graph.inputs[1]!.type.shape).toEqual(['batch', null, 'seq']);
    expect(s.graph.inputs[2]!.type.shape).toEqual([]);
    expect(s.graph.valueInfo[0]!.type).toEqual({ kind: 'tensor', elemType: 'float32', shape: null, text: 'float32[...]' });
    expect(s.graph.valueInfo[1]!.type).toEqual({ kind: 'unknown', text: 'unknown' });
  });

  it('bigInitializers: weights are located, never decoded, and skipping needs no reads', async () => {
    const size = (2 << 20) + 6; // rounded up to a multiple of 4
    const path = bigInitializers(dir, size);
    const s = await readModelSummary(path, { windowBytes: 4096 });
    const w0 = s.graph.initializers[0]!;
    expect(w0).toMatchObject({ name: 'w0', dataType: 'float32', dims: [(size + 2) / 4], byteLength: size + 2 });
    expect(w0.values).toBeUndefined();
    expect(w0.location).toMatchObject({ kind: 'raw', length: size + 2 });
    expect(s.stats.weights.bytes).toBe(size + 2);
    expect(s.stats.opHistogram).toEqual({ ReduceSum: 1, Sum: 1 });
  });

  it('oldIrInitializerInputs: initializers listed as inputs are not real inputs', async () => {
    const s = await readModelSummary(oldIrInitializerInputs(dir));
    expect(s.irVersion).toBe(3);
    expect(s.graph.inputs.map((v) => v.name)).toEqual(['x']);
    expect(s.graph.overridableInitializers).toEqual(['W', 'B']);
  });

  it('subgraphs: If/Loop/Scan bodies summarised and counted', async () => {
    const s = await readModelSummary(subgraphs(dir));
    const [ifNode, loop, scan] = s.graph.nodes;
    const thenB = attr(ifNode!.attributes, 'then_branch');
    expect(thenB.type).toBe('graph');
    const g = thenB.value as GraphSummary;
    expect(g.name).toBe('then_branch');
    expect(g.initializers[0]).toMatchObject({ name: 'then_w', values: [1, 2] });
    expect((attr(loop!.attributes, 'body').value as GraphSummary).inputs.map((v) => v.type.text)).toEqual([
      'int64[]',
      'bool[]',
      'float32[2]',
    ]);
    expect(attr(scan!.attributes, 'num_scan_inputs')).toMatchObject({ type: 'int', value: 1 });
    expect(s.stats.nested).toEqual({ graphCount: 4, nodeCount: 6, initializerCount: 1, maxDepth: 1 });
    expect(s.stats.nodeCount).toBe(3);
  });

  it('nestedSubgraphs: depth counted; 64 levels pass, 65 give TOO_DEEP', async () => {
    const s = await readModelSummary(nestedSubgraphs(dir, 6));
    expect(s.stats.nested).toMatchObject({ graphCount: 12, nodeCount: 12, maxDepth: 6 });
    expect((await readModelSummary(nestedSubgraphs(dir, 64))).stats.nested.maxDepth).toBe(64);
    await expect(readModelSummary(nestedSubgraphs(dir, 65))).rejects.toMatchObject({ code: 'TOO_DEEP' });
  });

  it('nestedSubgraphs(200): TOO_DEEP by default, readable with a higher maxDepth (no stack overflow)', async () => {
    const path = nestedSubgraphs(dir, 200);
    await expect(readModelSummary(path)).rejects.toMatchObject({
      code: 'TOO_DEEP',
      message: expect.stringMatching(/nested more than 64 levels/),
    });
    const s = await readModelSummary(path, { maxDepth: 250 });
    expect(s.stats.nested.maxDepth).toBe(200);
  });

  it('manyNodes: a long chain', async () => {
    const s = await readModelSummary(manyNodes(dir, 3001));
    expect(s.stats.nodeCount).toBe(3001);
    expect(s.stats.opHistogram).toEqual({ Relu: 1501, Add: 1500 });
    expect(s.graph.nodes[3000]).toMatchObject({ name: 'n3000', opType: 'Relu', inputs: ['t2999'], outputs: ['y'] });
  });

  it('withFunctions: model-local functions and domain-prefixed histogram keys', async () => {
    const s = await readModelSummary(withFunctions(dir));
    expect(s.functions).toEqual([
      {
        name: 'AddRelu',
        domain: 'custom.fn',
        inputs: ['a', 'b'],
        outputs: ['c'],
        attributes: [],
        opsets: [{ domain: '', version: 17 }],
        nodes: [
          { name: '', opType: 'Add', domain: '', inputs: ['a', 'b'], outputs: ['s'], attributes: [] },
          { name: '', opType: 'Relu', domain: '', inputs: ['s'], outputs: ['c'], attributes: [] },
        ],
      },
    ]);
    expect(s.stats.opHistogram).toEqual({ 'custom.fn:AddRelu': 2 });
  });

  it("opHistogram: 'ai.onnx' counts as the default domain, others are prefixed", async () => {
    const path = writeModel(join(dir, 'domains.onnx'), {
      opsets: [
        { domain: '', version: 17 },
        { domain: 'com.microsoft', version: 1 },
      ],
      graph: {
        name: 'domains',
        nodes: [
          { opType: 'Relu', domain: 'ai.onnx', inputs: ['x'], outputs: ['a'] },
          { opType: 'Relu', inputs: ['a'], outputs: ['b'] },
          { opType: 'FusedGemm', domain: 'com.microsoft', inputs: ['b', 'b'], outputs: ['y'] },
        ],
      },
    });
    expect((await readModelSummary(path)).stats.opHistogram).toEqual({ Relu: 2, 'com.microsoft:FusedGemm': 1 });
  });

  it('withMetadata: model fields, metadata_props and doc strings', async () => {
    const s = await readModelSummary(withMetadata(dir));
    expect(s).toMatchObject({
      producer: { name: 'pytorch', version: '2.3.0' },
      domain: 'com.example.vision',
      modelVersion: 42,
      docString: 'A tiny model with metadata — ünïcödé ✓',
      metadata: { model_author: 'Ada Lovelace', model_license: 'Apache-2.0', note: 'plain text', emoji: '🚀' },
    });
    expect(s.graph.docString).toBe('graph docs');
    expect(s.graph.inputs[0]!.docString).toBe('the input');
    expect(s.graph.nodes[0]!.docString).toBe('copies');
  });

  it('nonTensorTypes: sequence, optional and map types', async () => {
    const s = await readModelSummary(nonTensorTypes(dir));
    expect(s.graph.inputs.map((v) => [v.type.kind, v.type.text])).toEqual([
      ['sequence', 'seq(float32[?])'],
      ['optional', 'optional(float32[2])'],
      ['map', 'map(string,float32[])'],
      ['sequence', 'seq(map(int64,float32[]))'],
    ]);
    expect(s.graph.inputs[2]!.type).toMatchObject({ keyType: 'string', inner: { kind: 'tensor', elemType: 'float32', shape: [] } });
  });

  it('attributeZoo: every attribute kind and small-tensor storage, int64 edges exact', async () => {
    const s = await readModelSummary(attributeZoo(dir));
    const consts = new Map(s.graph.nodes.filter((n) => n.opType === 'Constant' && n.name).map((n) => [n.outputs[0]!, n.attributes[0]!]));
    for (const t of ZOO_TENSORS) {
      const a = consts.get(t.name)!;
      expect(a.type, t.name).toBe('tensor');
      const info = a.value as TensorInfo;
      expect(info.values, t.name).toEqual(ZOO_VALUES[t.name]);
      expect(info.elementCount).toBe(t.dims.reduce<number>((x, y) => x * Number(y), 1));
    }
    expect((consts.get('c_big')!.value as TensorInfo).location).toMatchObject({ kind: 'typed', field: 'float_data', length: 400 });
    expect((consts.get('c_str')!.value as TensorInfo).byteLength).toBe(11);
    const ev = s.graph.nodes.find((n) => n.opType === 'Everything')!;
    expect(ev.domain).toBe('custom.attrs');
    const byName = Object.fromEntries(ev.attributes.map((a) => [a.name, a]));
    expect(byName.f).toEqual({ name: 'f', type: 'float', value: 0.25, docString: 'a float' });
    expect(byName.i_neg!.value).toBe(-5);
    expect(byName.i_min!.value).toBe('-9223372036854775808');
    expect(byName.i_max!.value).toBe('9223372036854775807');
    expect(byName.s!.value).toBe('grüße');
    expect(byName.floats!.value).toEqual([1.5, -0.5]);
    expect(byName.ints!.value).toEqual([-1, 0, '9007199254740993', '-9223372036854775808']);
    expect(byName.strings!.value).toEqual(['a', 'ß', '']);
    expect(byName.t).toMatchObject({ type: 'tensor', value: { name: 'attr_t', values: [1, 2, 3] } });
    expect(byName.tensors).toMatchObject({
      type: 'tensors',
      value: [
        { name: 'attr_t0', values: [0] },
        { name: 'attr_t1', values: [5, 6] },
      ],
    });
    expect(byName.g).toMatchObject({ type: 'graph', value: { name: 'g_body' } });
    expect(byName.graphs).toMatchObject({ type: 'graphs', value: [{ name: 'gs_a' }, { name: 'gs_b' }] });
    expect(s.stats.nested).toMatchObject({ graphCount: 3, nodeCount: 3, maxDepth: 1 });
    const vints = s.graph.nodes.find((n) => n.outputs[0] === 'vints')!.attributes[0]!;
    expect(vints).toEqual({ name: 'value_ints', type: 'ints', value: ['-9223372036854775808', 3] });
  });
});
