import { beforeEach, describe, expect, it } from 'vitest';
import type { OpenedForeign, OpenedModel } from '../../shared/contract';
import { resetStudioStore, useStudio } from './store';

const model = { modelId: 'abcdef', fileName: 'm.onnx', displayPath: 'm.onnx', readMs: 1, summary: {} } as unknown as OpenedModel;

const foreign = {
  kind: 'foreign',
  fileId: 'ffffff',
  fileName: 'w.safetensors',
  displayPath: 'w.safetensors',
  readMs: 1,
  model: {},
} as unknown as OpenedForeign;

describe('model slice', () => {
  beforeEach(resetStudioStore);

  it('a file of another format is shown on Inspect in place of the model, and a model replaces it again', () => {
    useStudio.getState().showModel(model);
    const seq = useStudio.getState().beginOpen('w.safetensors', 'Reading');
    useStudio.getState().finishOpen(seq, foreign);
    expect(useStudio.getState()).toMatchObject({ status: 'ready', step: 'inspect', model: null, foreign });
    useStudio.getState().showModel(model);
    expect(useStudio.getState()).toMatchObject({ model, foreign: null });
  });

  it('goes idle → loading → ready and moves to Inspect', () => {
    const s = useStudio.getState();
    expect(s.status).toBe('idle');
    const seq = s.beginOpen('m.onnx', 'Reading');
    expect(useStudio.getState().status).toBe('loading');
    useStudio.getState().finishOpen(seq, model);
    expect(useStudio.getState()).toMatchObject({ status: 'ready', step: 'inspect', pending: null });
  });

  it('keeps the shown model when a later open fails, and returns to ready on dismiss', () => {
    useStudio.getState().showModel(model);
    const seq = useStudio.getState().beginOpen('bad.onnx', 'Reading');
    useStudio.getState().failOpen(seq, { code: 'NOT_ONNX', message: 'nope' });
    expect(useStudio.getState()).toMatchObject({ status: 'error', model });
    useStudio.getState().dismissError();
    expect(useStudio.getState().status).toBe('ready');
  });

  it('drops the result of an open that a newer one replaced', () => {
    const first = useStudio.getState().beginOpen('a.onnx', '');
    const second = useStudio.getState().beginOpen('b.onnx', '');
    useStudio.getState().failOpen(first, { code: 'NOT_ONNX', message: 'old' });
    expect(useStudio.getState().status).toBe('loading');
    useStudio.getState().cancelOpen(second);
    expect(useStudio.getState().status).toBe('idle');
  });

  it('a cancelled open goes back to the shown model, leaves a notice, and drops its late result', () => {
    useStudio.getState().showModel(model);
    const seq = useStudio.getState().beginOpen('big.onnx', 'Uploading…', { cancellable: true });
    expect(useStudio.getState().pending).toMatchObject({ cancellable: true, upload: null });
    useStudio.getState().cancelOpen(seq, 'Upload of big.onnx cancelled');
    expect(useStudio.getState()).toMatchObject({
      status: 'ready',
      model,
      pending: null,
      error: null,
      notice: 'Upload of big.onnx cancelled',
    });
    useStudio.getState().finishOpen(seq, { ...model, fileName: 'big.onnx' });
    expect(useStudio.getState().model).toBe(model);
    useStudio.getState().beginOpen('next.onnx', '');
    expect(useStudio.getState().notice).toBeNull();
  });
});
