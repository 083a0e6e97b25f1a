import { beforeEach, describe, expect, it } from 'vitest';
import type { OpenedModel } from '../../shared/contract';
import type { PredictResult, ProfileResult } from '../../shared/predictions';
import { resetStudioStore, useStudio } from './store';

const model = {
  modelId: 'abcdef',
  fileName: 'm.onnx',
  summary: {
    graph: { inputs: [{ name: 'x', type: { kind: 'tensor', elemType: 'float32', shape: ['batch', 4], text: 'float32[batch,4]' } }] },
  },
} as unknown as OpenedModel;
const result = { outputs: { y: { type: 'float32', shape: [1], data: [1] } }, stats: {}, topk: {}, ms: 1, runMs: 0.5 } as PredictResult;
const inputs = { x: { type: 'float32' as const, shape: [1, 4], data: [1, 2, 3, 4] } };
const s = () => useStudio.getState();

describe('test slice', () => {
  beforeEach(() => {
    resetStudioStore();
    s().resetTest(model);
  });

  it('starts with one draft per input on its default tab, for this model only', () => {
    expect(s().testModelId).toBe('abcdef');
    expect(Object.keys(s().drafts)).toEqual(['x']);
    expect(s().drafts.x!.tab).toBe('grid');
  });

  it('a run goes idle → running → done; a late answer to a cancelled run is dropped', () => {
    const first = s().beginRun();
    expect(s().run.state).toBe('running');
    s().cancelRun();
    expect(s().run.state).toBe('idle');
    expect(s().notice).toMatch(/cancelled/);
    s().finishRun(first, result, inputs);
    expect(s().run.result).toBeNull();
    const second = s().beginRun();
    s().finishRun(second, result, inputs);
    expect(s().run).toMatchObject({ state: 'done', result, inputs });
  });

  it('a failed run records errors by input; editing that input clears its error', () => {
    const seq = s().beginRun();
    const error = { code: 'INPUT_DIM_MISMATCH' as const, message: 'Input "x" …' };
    s().failRun(seq, error, { x: error });
    expect(s().run.state).toBe('error');
    expect(s().inputErrors.x).toEqual(error);
    s().updateDraft('x', { json: '{}' });
    expect(s().inputErrors.x).toBeUndefined();
  });

  it('profile: starting → running with its job → done with the result; a cancel ends quietly', () => {
    s().profileStarting();
    expect(s().profile).toMatchObject({ state: 'starting', jobId: null });
    s().profileStarted('job111');
    expect(s().profile).toMatchObject({ state: 'running', jobId: 'job111' });
    const profile = { loadMs: 1, batches: [], peakRssMB: 50, rssMB: 40, batchDim: 'batch', session: {} } as ProfileResult;
    s().profileDone('other1', profile);
    expect(s().profile.state).toBe('running');
    s().profileDone('job111', profile);
    expect(s().profile).toMatchObject({ state: 'done', result: profile });

    s().profileStarting();
    expect(s().profile.result).toBeNull();
    s().profileStarted('job222');
    s().profileFailed('job222', { code: 'CANCELLED', message: 'The job was cancelled.' });
    expect(s().profile).toMatchObject({ state: 'cancelled', error: null });
  });

  it('profile: a failed call ends a profile still starting; a reset drops the end of the old job', () => {
    s().profileStarting();
    s().profileFailed(null, { code: 'INVALID_REQUEST', message: 'Runs must be a whole number' });
    expect(s().profile).toMatchObject({ state: 'error', error: { code: 'INVALID_REQUEST' } });

    s().profileStarting();
    s().profileStarted('job333');
    s().resetTest(model);
    s().profileFailed('job333', { code: 'RUNTIME_ERROR', message: 'boom' });
    s().profileDone('job333', {} as ProfileResult);
    expect(s().profile).toMatchObject({ state: 'idle', jobId: null, result: null, error: null });
  });

  it('golden samples keep the inputs and outputs of a done run, named, and go with the model', () => {
    s().saveSample('nothing yet');
    expect(s().samples).toEqual([]);
    s().finishRun(s().beginRun(), result, inputs);
    s().saveSample('  ');
    s().saveSample('cat photo');
    expect(s().samples.map((x) => x.name)).toEqual(['sample-1', 'cat photo']);
    expect(s().samples[1]).toMatchObject({ inputs, outputs: result.outputs });
    s().removeSample(s().samples[0]!.id);
    expect(s().samples.map((x) => x.name)).toEqual(['cat photo']);
    s().resetTest(null);
    expect(s()).toMatchObject({ samples: [], testModelId: null, drafts: {} });
  });
});
