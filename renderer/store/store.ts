import { create } from 'zustand';
import { createConnectionSlice } from './connection-slice';
import { createDiffSlice } from './diff-slice';
import { createJobsSlice } from './jobs-slice';
import { createMetaSlice } from './meta-slice';
import { createModelSlice } from './model-slice';
import { createRecentSlice } from './recent-slice';
import { createTestSlice } from './test-slice';
import type { StudioState } from './types';
import { createUiSlice } from './ui-slice';

/** The one store of the renderer, built from slices. */
export const useStudio = create<StudioState>()((...a) => ({
  ...createModelSlice(...a),
  ...createRecentSlice(...a),
  ...createUiSlice(...a),
  ...createConnectionSlice(...a),
  ...createTestSlice(...a),
  ...createMetaSlice(...a),
  ...createDiffSlice(...a),
  ...createJobsSlice(...a),
}));

/** Back to the state of a fresh start (tests). */
export function resetStudioStore(): void {
  useStudio.setState(useStudio.getInitialState(), true);
}
