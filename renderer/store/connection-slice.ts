import type { StateCreator } from 'zustand';
import type { ConnectionSlice, StudioState } from './types';

export const createConnectionSlice: StateCreator<StudioState, [], [], ConnectionSlice> = (set) => ({
  connection: null,
  setConnection: (connection) => set({ connection }),
});
