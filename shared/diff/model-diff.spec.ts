import { describe, expect, it } from 'vitest';
import { metadataOfModel } from '../metadata/defaults';
import { METADATA_KEY } from '../metadata/onnx-props';
import type { Dim, ElemType, ModelSummary, ValueInfo } from '../model-summary';
import { suggestVersion } from './classify';
import { diffModels, type DiffSide } from './model-diff';
import { compareSampleOutputs } from './sample-diff';

const vi = (name: string, elemType: ElemType, shape: Dim[] | null): ValueInfo => ({
  name,
  type: { kind: 'tensor', elemType, shape, text: '' },
});

interface Spec {
  inputs?: ValueInfo[];
  outputs?: ValueInfo[];
  opsets?: Array<[string, number]>;
  ops?: Record<string, number>;
  params?: number;
  meta?: Record<string, unknown> | null;
  props?: Record<string, string>;
}

const BASE_META = { schemaVersion: 1, name: 'mlp', version: '1.2.0', description: 'An MLP.', labels: ['a', 'b', 'c'] };

function summary(s: Spec = {}): ModelSummary {
  const meta = s.meta === undefined ? BASE_META : s.meta;
  return {
    irVersion: 8,
    opsets: (s.opsets ?? [['', 17]]).map(([domain, version]) => ({ domain, version })),
    producer: { name: 'test', version: '1' },
    domain: '',
    modelVersion: 0,
    docString: '',
    metadata: { ...(meta ? { [METADATA_KEY]: JSON.stringify(meta) } : {}), ...s.props },
    graph: {
      name: 'g',
      inputs: s.inputs ?? [vi('x', 'float32', ['batch', 4])],
      outputs: s.outputs ?? [vi('y', 'float32', ['batch', 3])],
      valueInfo: [],
      nodes: [],
      initializers: [],
      overridableInitializers: [],
      sparseInitializerCount: 0,
    },
    functions: [],
    stats: {
      nodeCount: 3,
      initializerCount: 2,
      weights: {
        count: 2,
        initializers: 2,
        constants: 0,
        parameterCount: s.params ?? 44,
        bytes: (s.params ?? 44) * 4,
        precision: 'float32',
      },
      opHistogram: s.ops ?? { MatMul: 2, Relu: 1 },
      nested: { graphCount: 0, nodeCount: 0, initializerCount: 0, maxDepth: 0 },
    },
    externalData: [],
    file: { name: 'm.onnx', bytes: 1000 },
  };
}

const side = (s: Spec = {}, weights?: Record<string, string>): DiffSide => ({
  label: 'm.onnx',
  kind: 'model',
  summary: summary(s),
  ...(weights ? { weights } : {}),
});
const diff = (a: Spec, b: Spec) => diffModels(side(a), side(b));

describe('diffModels classification', () => {
  it('identical models: none, version unchanged', () => {
    const r = diff({}, {});
    expect(r.classification).toBe('none');
    expect(r.bump).toBe('none');
    expect(r.suggestedVersion).toBe('1.2.0');
    expect(r.findings).toEqual([]);
    expect(r.io.inputs.map((x) => x.status)).toEqual(['same']);
  });

  it('an input renamed at the same position with the same type and shape: a rename, breaking → 2.0.0', () => {
    const r = diff({}, { inputs: [vi('features', 'float32', ['batch', 4])] });
    expect(r.classification).toBe('breaking');
    expect(r.suggestedVersion).toBe('2.0.0');
    expect(r.io.inputs).toEqual([expect.objectContaining({ status: 'renamed', notes: ['renamed "x" → "features"'] })]);
    expect(r.findings[0]).toMatchObject({ area: 'inputs', change: 'renamed', severity: 'breaking', before: 'x', after: 'features' });
    expect(r.findings[0]!.why).toMatch(/refused/);
  });

  it('a renamed input whose shape also changed is removed + added, both breaking', () => {
    const r = diff({}, { inputs: [vi('features', 'float32', ['batch', 5])] });
    expect(r.io.inputs.map((x) => x.status)).toEqual(['removed', 'added']);
    expect(r.findings.filter((f) => f.severity === 'breaking')).toHaveLength(2);
  });

  it('an output removed: breaking; an output added: compatible (minor)', () => {
    const two = { outputs: [vi('y', 'float32', ['batch', 3]), vi('emb', 'float32', ['batch', 8])] };
    expect(diff(two, {}).classification).toBe('breaking');
    const added = diff({}, two);
    expect(added.classification).toBe('compatible');
    expect(added.suggestedVersion).toBe('1.3.0');
    expect(added.findings).toEqual([
      expect.objectContaining({ area: 'outputs', change: 'added', severity: 'compatible', subject: 'output "emb"' }),
    ]);
  });

  it('a new required input is breaking', () => {
    expect(diff({}, { inputs: [vi('x', 'float32', ['batch', 4]), vi('mask', 'bool', ['batch'])] }).classification).toBe('breaking');
  });

  it('input dims: fixed → dynamic is compatible, dynamic → fixed and fixed → other size are breaking', () => {
    const fixed = { inputs: [vi('x', 'float32', [1, 4])] };
    const relaxed = diff(fixed, {});
    expect(relaxed.classification).toBe('compatible');
    expect(relaxed.io.inputs[0]!.notes).toEqual(['dim 0: 1 → batch']);
    expect(diff({}, fixed).classification).toBe('breaking');
    expect(diff(fixed, { inputs: [vi('x', 'float32', [2, 4])] }).classification).toBe('breaking');
    expect(diff({}, { inputs: [vi('x', 'float32', [null, 4])] }).classification).toBe('patch'); // symbolic → unknown: still dynamic
  });

  it('output dims: fixed → dynamic breaks consumers unless it follows an input dim; dynamic → fixed is compatible', () => {
    expect(diff({ outputs: [vi('y', 'float32', [1, 3])] }, { outputs: [vi('y', 'float32', ['n', 3])] }).classification).toBe('breaking');
    const follows = diff({ inputs: [vi('x', 'float32', [1, 4])], outputs: [vi('y', 'float32', [1, 3])] }, {});
    expect(follows.classification).toBe('compatible');
    expect(follows.findings.map((f) => f.why)).toContain('follows input dim "batch": callers sending 1 as before still get 1');
    expect(diff({}, { outputs: [vi('y', 'float32', [1, 3])] }).classification).toBe('compatible');
  });

  it('a dtype change (float32 → float16) or a rank change is breaking', () => {
    const r = diff({}, { inputs: [vi('x', 'float16', ['batch', 4])], outputs: [vi('y', 'float16', ['batch', 3])] });
    expect(r.classification).toBe('breaking');
    expect(r.findings.map((f) => f.message)).toEqual(['input "x": type float32 → float16', 'output "y": type float32 → float16']);
    expect(diff({}, { inputs: [vi('x', 'float32', ['batch', 2, 2])] }).classification).toBe('breaking');
  });

  it('an opset raised or a new domain is compatible and says the runtime must support it; lowered is patch', () => {
    const raised = diff({}, { opsets: [['', 18]] });
    expect(raised.classification).toBe('compatible');
    expect(raised.findings[0]!.why).toMatch(/runtimes that support only ai\.onnx ≤ 17/);
    expect(raised.opsets).toEqual([{ domain: 'ai.onnx', older: 17, newer: 18 }]);
    expect(
      diff(
        {},
        {
          opsets: [
            ['', 17],
            ['com.microsoft', 1],
          ],
        },
      ).classification,
    ).toBe('compatible');
    expect(diff({ opsets: [['', 18]] }, {}).classification).toBe('patch');
    expect(diff({ opsets: [['ai.onnx', 17]] }, {}).classification).toBe('none'); // '' and ai.onnx are one domain
  });

  it('op histogram deltas are listed and count as patch', () => {
    const r = diff({}, { ops: { MatMul: 2, Relu: 1, Gelu: 1 } });
    expect(r.classification).toBe('patch');
    expect(r.ops).toEqual([{ op: 'Gelu', older: 0, newer: 1 }]);
  });

  it('weights changed value (digests differ): patch; same digests: none', () => {
    const a = side({}, { W: 'aa', B: 'bb' });
    expect(diffModels(a, side({}, { W: 'aa', B: 'bb' })).classification).toBe('none');
    const r = diffModels(a, side({}, { W: 'a2', B: 'bb' }));
    expect(r.classification).toBe('patch');
    expect(r.findings[0]!.message).toBe('1 of 2 weights changed value (W)');
  });

  it('metadata: description edited → patch; a field filled → compatible; labels changed → breaking; version and performance not counted', () => {
    expect(diff({}, { meta: { ...BASE_META, description: 'A better MLP.' } }).classification).toBe('patch');
    expect(diff({}, { meta: { ...BASE_META, license: 'MIT' } }).classification).toBe('compatible');
    expect(diff({}, { meta: { ...BASE_META, labels: ['a', 'c', 'b'] } }).classification).toBe('breaking');
    expect(diff({}, { meta: { ...BASE_META, name: 'mlp2' } }).classification).toBe('breaking');
    const v = diff({}, { meta: { ...BASE_META, version: '1.3.0' } });
    expect(v.classification).toBe('none');
    expect(v.findings).toEqual([expect.objectContaining({ subject: 'metadata version', severity: 'info' })]);
  });

  it('metadata: no record on either side compares no guessed name; a record added is compatible', () => {
    expect(diff({ meta: null }, { meta: null }).classification).toBe('none');
    // Identical models under other file names: the derived name and title differ, nothing else.
    const generic = (file: string): DiffSide => {
      const s = summary({ meta: null });
      return {
        label: file,
        kind: 'model',
        summary: { ...s, graph: { ...s.graph, name: 'main_graph' }, file: { name: file, bytes: 1000 } },
      };
    };
    const [a, b] = [generic('model.onnx'), generic('other-name.onnx')];
    expect(metadataOfModel(b.summary).metadata.title).toBe('other-name');
    expect(diffModels(a, b).findings).toEqual([]);
    const r = diff({ meta: null }, {});
    expect(r.classification).toBe('compatible');
    expect(r.fromVersion).toBe('0.1.0');
    expect(diff({}, { meta: null, props: {} }).findings.some((f) => f.subject === 'metadata record' && f.change === 'removed')).toBe(true);
  });

  it('other metadata_props keys: added compatible, edited patch', () => {
    expect(diff({}, { props: { source: 'x' } }).classification).toBe('compatible');
    expect(diff({ props: { source: 'x' } }, { props: { source: 'y' } }).classification).toBe('patch');
  });

  it('says whether the newer version already carries the bump', () => {
    expect(diff({}, { opsets: [['', 18]], meta: { ...BASE_META, version: '1.3.0' } }).newerVersionOk).toBe(true);
    expect(diff({}, { opsets: [['', 18]], meta: { ...BASE_META, version: '1.2.1' } }).newerVersionOk).toBe(false);
  });

  it('samples: outputs beyond tolerance with the same signature are a behaviour change (minor); the newer failing is breaking', () => {
    const t = (data: number[]) => ({ y: { type: 'float32' as const, shape: [1, 3], data } });
    const close = compareSampleOutputs('s', t([0.1, 0.2, 0.7]), t([0.1, 0.2, 0.7000001]));
    expect(close.status).toBe('match');
    expect(close.maxAbsDiff).toBeGreaterThan(0);
    const far = compareSampleOutputs('s', t([0.1, 0.2, 0.7]), t([0.3, 0.2, 0.5]));
    expect(far).toMatchObject({ status: 'differ', outputs: ['y'] });
    expect(far.maxAbsDiff).toBeCloseTo(0.2, 6);
    expect(diffModels(side(), side(), { samples: { source: 'random', results: [close] } }).classification).toBe('none');
    expect(diffModels(side(), side(), { samples: { source: 'random', results: [far] } }).classification).toBe('compatible');
    const failed = { name: 's', status: 'newer-failed' as const, outputs: [], error: { code: 'RUNTIME_ERROR', message: 'boom' } };
    expect(diffModels(side(), side(), { samples: { source: 'random', results: [failed] } }).classification).toBe('breaking');
  });

  it('suggestVersion follows semver', () => {
    expect(suggestVersion('1.2.3', 'major')).toBe('2.0.0');
    expect(suggestVersion('1.2.3', 'minor')).toBe('1.3.0');
    expect(suggestVersion('1.2.3', 'patch')).toBe('1.2.4');
    expect(suggestVersion('1.2.3', 'none')).toBe('1.2.3');
  });
});
