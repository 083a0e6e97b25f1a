import type { StateCreator } from 'zustand';
import type { RecentSlice, StudioState } from './types';

export const createRecentSlice: StateCreator<StudioState, [], [], RecentSlice> = (set) => ({
  recent: [],
  recentLoaded: false,
  setRecent: (recent) => set({ recent, recentLoaded: true }),
});
