import type { StateCreator } from 'zustand';
import { isForeign, type OpenedFile } from '../../shared/contract';
import type { ModelSlice, StudioState } from './types';

/** The moment a model's summary is in the page: the graph view's first paint is timed from here. */
export const MARK_SUMMARY = 'modelcrate:summary';
const markSummary = () => performance.mark(MARK_SUMMARY);

/** The state an opened file leaves: an ONNX model replaces any foreign file, and the other way round. */
function shown(opened: OpenedFile) {
  return isForeign(opened) ? { model: null, foreign: opened } : { model: opened, foreign: null };
}

export const createModelSlice: StateCreator<StudioState, [], [], ModelSlice> = (set, get) => ({
  model: null,
  foreign: null,
  status: 'idle',
  error: null,
  pending: null,
  notice: null,
  openSeq: 0,
  replacedFrom: null,
  beginOpen(fileName, detail, opts) {
    const seq = get().openSeq + 1;
    set({
      openSeq: seq,
      status: 'loading',
      pending: { fileName, detail, upload: null, cancellable: opts?.cancellable ?? false },
      error: null,
      notice: null,
    });
    return seq;
  },
  updateOpen(seq, patch) {
    const { openSeq, pending } = get();
    if (seq !== openSeq || !pending) return;
    set({ pending: { ...pending, ...patch } });
  },
  finishOpen(seq, opened) {
    if (seq !== get().openSeq) return;
    markSummary();
    set({ ...shown(opened), status: 'ready', pending: null, error: null, step: 'inspect', replacedFrom: null, exported: false });
  },
  failOpen(seq, error) {
    if (seq !== get().openSeq) return;
    // The model shown before (if any) stays visible under the banner.
    set({ status: 'error', pending: null, error });
  },
  cancelOpen(seq, notice) {
    if (seq !== get().openSeq) return;
    set({ openSeq: seq + 1, status: get().model || get().foreign ? 'ready' : 'idle', pending: null, notice: notice ?? null });
  },
  clearNotice() {
    set({ notice: null });
  },
  showModel(opened) {
    markSummary();
    set((s) => ({
      ...shown(opened),
      status: 'ready',
      pending: null,
      error: null,
      openSeq: s.openSeq + 1,
      step: 'inspect',
      replacedFrom: null,
      exported: false,
    }));
  },
  replaceModel(model) {
    markSummary();
    set((s) => ({
      model,
      foreign: null,
      status: 'ready',
      pending: null,
      error: null,
      openSeq: s.openSeq + 1,
      replacedFrom: s.model?.modelId ?? null,
    }));
  },
  reportError(error) {
    set({ error });
  },
  dismissError() {
    if (get().status !== 'error') return set({ error: null });
    set({ error: null, status: get().model || get().foreign ? 'ready' : 'idle' });
  },
});
