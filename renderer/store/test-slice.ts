import type { StateCreator } from 'zustand';
import { wireMapToJsonMap } from '../../shared/tensor-wire';
import { defaultDraft } from '../steps/test/input-model';
import type { ProfileInfo, RunInfo, TestSlice } from './test-types';
import type { StudioState } from './types';

const IDLE_RUN: RunInfo = { state: 'idle', seq: 0, result: null, inputs: null, error: null };
const IDLE_PROFILE: ProfileInfo = {
  state: 'idle',
  jobId: null,
  result: null,
  error: null,
  form: { runs: '50', warmup: '5', batchSizes: '1' },
};

export const createTestSlice: StateCreator<StudioState, [], [], TestSlice> = (set, get) => ({
  testModelId: null,
  dims: {},
  drafts: {},
  inputErrors: {},
  run: IDLE_RUN,
  profile: IDLE_PROFILE,
  samples: [],
  resetTest(model) {
    const inputs = model?.summary.graph.inputs ?? [];
    set({
      testModelId: model?.modelId ?? null,
      dims: {},
      drafts: Object.fromEntries(inputs.map((i) => [i.name, defaultDraft(i, {})])),
      inputErrors: {},
      // seq keeps counting, so an answer for the previous model's run is still recognised as stale.
      run: { ...IDLE_RUN, seq: get().run.seq + 1 },
      profile: { ...IDLE_PROFILE, form: get().profile.form },
      // A bundle brings its golden samples: they show (and pack again) like ones kept here.
      samples: (model?.bundle?.samples ?? []).map((s, i) => ({
        id: `b${i}`,
        name: s.name,
        inputs: s.inputs,
        outputs: s.outputs,
        savedAt: Date.now(),
      })),
    });
  },
  adoptTestModel(model) {
    set({ testModelId: model.modelId });
  },
  setDim(key, size) {
    set((s) => ({ dims: { ...s.dims, [key]: size }, inputErrors: {} }));
  },
  updateDraft(name, patch) {
    set((s) => {
      const draft = s.drafts[name];
      if (!draft) return {};
      const { [name]: _cleared, ...inputErrors } = s.inputErrors;
      return { drafts: { ...s.drafts, [name]: { ...draft, ...patch } }, inputErrors };
    });
  },
  updateImage(name, patch) {
    set((s) => {
      const draft = s.drafts[name];
      if (!draft) return {};
      const { [name]: _cleared, ...inputErrors } = s.inputErrors;
      return { drafts: { ...s.drafts, [name]: { ...draft, image: { ...draft.image, ...patch } } }, inputErrors };
    });
  },
  beginRun() {
    const seq = get().run.seq + 1;
    // The last result stays visible (dimmed) while the next one computes.
    set((s) => ({ run: { ...s.run, state: 'running', seq, error: null }, inputErrors: {} }));
    return seq;
  },
  finishRun(seq, result, inputs) {
    if (seq !== get().run.seq) return;
    set({ run: { state: 'done', seq, result, inputs, error: null } });
  },
  failRun(seq, error, byInput) {
    if (seq !== get().run.seq) return;
    set((s) => ({ run: { ...s.run, state: 'error', error }, inputErrors: byInput }));
  },
  cancelRun() {
    const { run } = get();
    if (run.state !== 'running') return;
    set({ run: { ...run, state: run.result ? 'done' : 'idle', seq: run.seq + 1 }, notice: 'Run cancelled: the runtime stopped it' });
  },
  setProfileForm(patch) {
    set((s) => ({ profile: { ...s.profile, form: { ...s.profile.form, ...patch } } }));
  },
  profileStarting() {
    set((s) => ({ profile: { ...IDLE_PROFILE, form: s.profile.form, state: 'starting' } }));
  },
  profileStarted(jobId) {
    if (get().profile.state !== 'starting') return;
    set((s) => ({ profile: { ...s.profile, state: 'running', jobId } }));
  },
  profileDone(jobId, result) {
    const { profile } = get();
    if (profile.state !== 'running' || profile.jobId !== jobId) return;
    set({ profile: { ...profile, state: 'done', result } });
  },
  profileFailed(jobId, error) {
    const { profile } = get();
    // Without a job id the call itself failed: that ends a profile still starting.
    if (jobId === null ? profile.state !== 'starting' : profile.state !== 'running' || profile.jobId !== jobId) return;
    set({ profile: error.code === 'CANCELLED' ? { ...profile, state: 'cancelled' } : { ...profile, state: 'error', error } });
  },
  saveSample(name) {
    const { run, samples } = get();
    if (run.state !== 'done' || !run.result || !run.inputs) return;
    const id = `s${Date.now().toString(36)}${samples.length}`;
    set({
      samples: [
        ...samples,
        {
          id,
          name: name.trim() || `sample-${samples.length + 1}`,
          inputs: run.inputs,
          outputs: wireMapToJsonMap(run.result.outputs),
          savedAt: Date.now(),
        },
      ],
    });
  },
  removeSample(id) {
    set((s) => ({ samples: s.samples.filter((x) => x.id !== id) }));
  },
});
