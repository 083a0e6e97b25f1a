import type { OpenedFile, OpenedForeign, OpenedModel, RecentFile } from '../../shared/contract';
import type { DiffReport } from '../../shared/diff/types';
import type { ErrorData } from '../../shared/errors';
import type { KeyInfo } from '../../shared/bundle/manifest-signature';
import type { SettingsState } from '../../shared/settings';
import type { ConnectionState, UploadProgress } from '../transport';
import type { JobsSlice } from './jobs-types';
import type { MetaSlice } from './meta-types';
import type { TestSlice } from './test-types';

/** The whole app's state, mirrored on the root element as data-app-state. */
export type AppStatus = 'idle' | 'loading' | 'ready' | 'error';

export type StepId = 'open' | 'inspect' | 'metadata' | 'test' | 'export';

export interface PendingOpen {
  fileName: string;
  /** What is happening right now, e.g. "Reading the model…". */
  detail: string;
  /** The bytes on their way to the host (browser mode); null once they are there, or never sent. */
  upload: UploadProgress | null;
  /** The user may call this open off (Cancel, Escape). */
  cancellable: boolean;
}

export interface ModelSlice {
  model: OpenedModel | null;
  /** A model file of another format (safetensors, PyTorch…): shown by Inspect alone, until converted. */
  foreign: OpenedForeign | null;
  status: AppStatus;
  error: ErrorData | null;
  pending: PendingOpen | null;
  /** A passing word that is not an error, e.g. "Upload cancelled". */
  notice: string | null;
  /** Bumped by every open; a result for an older open is stale and dropped. */
  openSeq: number;
  beginOpen(fileName: string, detail: string, opts?: { cancellable?: boolean }): number;
  updateOpen(seq: number, patch: Partial<PendingOpen>): void;
  finishOpen(seq: number, opened: OpenedFile): void;
  failOpen(seq: number, error: ErrorData): void;
  /**
   * The open ended without a model and without an error (a dialog or an upload was cancelled): back
   * to what was shown before, and a late result of this open is dropped.
   */
  cancelOpen(seq: number, notice?: string): void;
  clearNotice(): void;
  /** A model opened elsewhere (startup model, main-process event): shown at once. */
  showModel(opened: OpenedFile): void;
  /**
   * The same model written anew (metadata saved): shown in place of the current one, on the same
   * step, and the Test step's work (inputs, golden samples) carries over.
   */
  replaceModel(model: OpenedModel): void;
  /** The modelId the shown model replaced through replaceModel, else null. */
  replacedFrom: string | null;
  /** An error that is not an open's (e.g. clearing the recent list): a banner, no state change. */
  reportError(error: ErrorData): void;
  dismissError(): void;
}

export interface RecentSlice {
  recent: RecentFile[];
  recentLoaded: boolean;
  setRecent(list: RecentFile[]): void;
}

export interface UiSlice {
  step: StepId;
  goTo(step: StepId): void;
  /** The host's settings, once read (null before, or when the host could not say). */
  settings: SettingsState | null;
  setSettings(s: SettingsState): void;
  /** The open model was packed or built into an image this session (the step bar marks Export done). */
  exported: boolean;
  /** The studio's signing keys, once read (renderer/app/keys-commands.ts): Export and Settings share this list. */
  keys: KeyInfo[] | null;
  setKeys(keys: KeyInfo[]): void;
  markExported(): void;
}

export interface ConnectionSlice {
  /** Null under Electron IPC, which cannot drop. */
  connection: ConnectionState | null;
  setConnection(state: ConnectionState | null): void;
}

/** Inspect → Compare with…: the open model (older) against another model or bundle (newer). */
export interface DiffState {
  /** The open model the comparison belongs to; shown only while it is the open one. */
  olderId: string;
  /** The other model once open (its file name while it is being opened). */
  other: { fileName: string; modelId: string | null };
  phase: 'opening' | 'running' | 'done' | 'error' | 'cancelled';
  /** While the other model opens (reading, uploading); once model.diff runs, its job's progress shows instead. */
  progress: { label: string; done: number; total: number | null } | null;
  /** The model.diff job, once the host answered (its progress is in the jobs slice). */
  jobId: string | null;
  report: DiffReport | null;
  error: ErrorData | null;
}

export interface DiffSlice {
  diff: DiffState | null;
  setDiff(diff: DiffState | null): void;
}

export type StudioState = ModelSlice & RecentSlice & UiSlice & ConnectionSlice & TestSlice & MetaSlice & DiffSlice & JobsSlice;
