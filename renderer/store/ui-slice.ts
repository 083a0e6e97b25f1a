import type { StateCreator } from 'zustand';
import type { StudioState, UiSlice } from './types';

export const createUiSlice: StateCreator<StudioState, [], [], UiSlice> = (set, get) => ({
  step: 'open',
  goTo(step) {
    // Every step but Open needs a model; Export is not built yet.
    if (step !== 'open' && !get().model) return;
    if (step === 'export') return;
    set({ step });
  },
});
