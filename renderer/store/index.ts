export { useStudio, resetStudioStore } from './store';
export * from './selectors';
export type { AppStatus, StepId, PendingOpen, StudioState, DiffState } from './types';
export type * from './test-types';
export type * from './meta-types';
export type * from './jobs-types';
