import type { StateCreator } from 'zustand';
import type { DiffSlice, StudioState } from './types';

export const createDiffSlice: StateCreator<StudioState, [], [], DiffSlice> = (set) => ({
  diff: null,
  setDiff(diff) {
    set({ diff });
  },
});
