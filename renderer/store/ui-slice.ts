import type { StateCreator } from 'zustand';
import type { StudioState, UiSlice } from './types';

export const createUiSlice: StateCreator<StudioState, [], [], UiSlice> = (set, get) => ({
  step: 'open',
  goTo(step) {
    // Inspect needs a model; the later steps are not built yet.
    if (step === 'inspect' && !get().model) return;
    if (step !== 'open' && step !== 'inspect') return;
    set({ step });
  },
});
