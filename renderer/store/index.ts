export { useStudio, resetStudioStore } from './store';
export * from './selectors';
export type { AppStatus, StepId, PendingOpen, StudioState } from './types';
export type * from './test-types';
export type * from './meta-types';
