import type { StateCreator } from 'zustand';
import { formOf } from '../steps/metadata/meta-form';
import type { MetaSlice } from './meta-types';
import type { StudioState } from './types';

/** Keystrokes in one field closer than this are one undo step. */
const COALESCE_MS = 1000;
const HISTORY_MAX = 200;
const IDLE_SAVE = { state: 'idle', jobId: null, result: null, error: null } as const;

export const createMetaSlice: StateCreator<StudioState, [], [], MetaSlice> = (set, get) => ({
  metaModelId: null,
  metaLoad: 'idle',
  loaded: null,
  form: null,
  savedForm: null,
  past: [],
  future: [],
  lastEdit: null,
  save: IDLE_SAVE,
  resetMeta(model) {
    set({
      metaModelId: model?.modelId ?? null,
      metaLoad: 'idle',
      loaded: null,
      form: null,
      savedForm: null,
      past: [],
      future: [],
      lastEdit: null,
      save: IDLE_SAVE,
    });
  },
  metaLoaded(modelId, loaded) {
    if (get().metaModelId !== modelId) return;
    const form = formOf(loaded.metadata);
    set({ metaLoad: 'ready', loaded, form, savedForm: form, past: [], future: [], lastEdit: null });
  },
  metaFailed(modelId, error) {
    if (get().metaModelId !== modelId) return;
    set({ metaLoad: 'error', error });
  },
  editForm(field, patch) {
    const { form, past, lastEdit } = get();
    if (!form) return;
    const now = Date.now();
    const coalesce = lastEdit !== null && lastEdit.field === field && now - lastEdit.at < COALESCE_MS;
    set({
      form: { ...form, ...patch },
      past: coalesce ? past : [...past, form].slice(-HISTORY_MAX),
      future: [],
      lastEdit: { field, at: now },
    });
  },
  undo() {
    const { form, past, future } = get();
    const prev = past[past.length - 1];
    if (!form || !prev) return;
    set({ form: prev, past: past.slice(0, -1), future: [form, ...future], lastEdit: null });
  },
  redo() {
    const { form, past, future } = get();
    const next = future[0];
    if (!form || !next) return;
    set({ form: next, past: [...past, form], future: future.slice(1), lastEdit: null });
  },
  setSave(patch) {
    set((s) => ({ save: { ...s.save, ...patch } }));
  },
});
