// The one contract between the renderer and the main-process services. Every call and event is
// listed here once: the zod schema validates input at the boundary (IPC and WebSocket alike),
// the result type is what the handler returns. Add a call here first; TypeScript then demands a
// handler (electron/services/handlers.ts) and gives the renderer a typed `call`.
import { z } from 'zod';
import type { ModelSummary } from './model-summary';
import type { JobEvent } from './jobs';

const id = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'expected an id');
/** A plain file name: no folders, no `..`, nothing hidden. Used for uploaded files. */
export const fileNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine((s) => !/[\\/\0]/.test(s) && s !== '.' && s !== '..', 'expected a file name without folders');

const empty = z.object({}).strict();

export const callSchemas = {
  'app.info': empty,
  /** The model named on the command line (`modelcrate studio model.onnx`), if any, opened. */
  'app.initialModel': empty,
  'model.openPath': z.object({ path: z.string().min(1).max(4096) }).strict(),
  /** Browser mode: open files the user dropped, after they were uploaded to the host. */
  'model.openUpload': z.object({ uploadId: id, fileName: fileNameSchema }).strict(),
  'model.openRecent': z.object({ recentId: id }).strict(),
  /** Desktop only: native open dialog; null when the user cancels. */
  'dialog.openModel': empty,
  'model.close': z.object({ modelId: id }).strict(),
  'recent.list': empty,
  'recent.clear': empty,
} as const;

export type CallName = keyof typeof callSchemas;
export type CallInput<N extends CallName> = z.input<(typeof callSchemas)[N]>;
export type ParsedInput<N extends CallName> = z.output<(typeof callSchemas)[N]>;

export interface AppInfo {
  name: string;
  version: string;
  transport: 'ipc' | 'web';
  platform: string;
}

export interface OpenedModel {
  modelId: string;
  fileName: string;
  /** Shown to the user; only ever a path the user chose themselves. */
  displayPath: string;
  summary: ModelSummary;
  /** Wall time of reading the summary, for the status bar. */
  readMs: number;
}

export interface RecentFile {
  recentId: string;
  name: string;
  displayPath: string;
  openedAt: string;
  exists: boolean;
}

export interface CallResults {
  'app.info': AppInfo;
  'app.initialModel': OpenedModel | null;
  'model.openPath': OpenedModel;
  'model.openUpload': OpenedModel;
  'model.openRecent': OpenedModel;
  'dialog.openModel': OpenedModel | null;
  'model.close': { closed: boolean };
  'recent.list': RecentFile[];
  'recent.clear': { cleared: number };
}

export type CallOutput<N extends CallName> = CallResults[N];

export interface Events {
  'job.event': JobEvent;
  /** The main process opened a model on its own (second launch with a file, menu, CLI). */
  'model.opened': OpenedModel;
}
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = ['job.event', 'model.opened'];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(callSchemas, name);
}
