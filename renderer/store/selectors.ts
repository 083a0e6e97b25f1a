import type { StudioState } from './types';

export const selectStatus = (s: StudioState) => s.status;
export const selectError = (s: StudioState) => s.error;
export const selectPending = (s: StudioState) => s.pending;
export const selectModel = (s: StudioState) => s.model;
export const selectSummary = (s: StudioState) => s.model?.summary ?? null;
export const selectModelName = (s: StudioState) => s.model?.fileName ?? null;
export const selectStep = (s: StudioState) => s.step;
export const selectRecent = (s: StudioState) => s.recent;
export const selectConnection = (s: StudioState) => s.connection;
export const selectHasModel = (s: StudioState) => s.model !== null;
export const selectForeign = (s: StudioState) => s.foreign;
export const selectNotice = (s: StudioState) => s.notice;
