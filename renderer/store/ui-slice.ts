import type { StateCreator } from 'zustand';
import type { StudioState, UiSlice } from './types';

export const createUiSlice: StateCreator<StudioState, [], [], UiSlice> = (set, get) => ({
  step: 'open',
  settings: null,
  exported: false,
  keys: null,
  setKeys(keys) {
    set({ keys });
  },
  markExported() {
    set({ exported: true });
  },
  setSettings(settings) {
    set({ settings });
  },
  goTo(step) {
    // Every step but Open needs a model.
    if (step !== 'open' && !get().model) return;
    set({ step });
  },
});
