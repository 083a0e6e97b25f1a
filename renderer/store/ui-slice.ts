import type { StateCreator } from 'zustand';
import type { StudioState, UiSlice } from './types';

export const createUiSlice: StateCreator<StudioState, [], [], UiSlice> = (set, get) => ({
  step: 'open',
  goTo(step) {
    // Inspect and Test need a model; Metadata and Export are not built yet.
    if (step !== 'open' && !get().model) return;
    if (step === 'metadata' || step === 'export') return;
    set({ step });
  },
});
