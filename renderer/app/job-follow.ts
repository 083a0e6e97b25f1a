// Jobs other than the profile (saving metadata, packing, verifying) are followed here: a job's
// events go to whoever started it. Events can beat the call's { jobId } answer (IPC does not order
// an invoke reply against webContents.send), so events of unknown jobs wait briefly in a buffer.
import { isEventOf, type Job, type JobEvent, type JobId } from '../../shared/jobs';
import { AppError } from '../../shared/errors';
import { getApi } from '../transport';

const EARLY_MAX = 64;
const listeners = new Map<string, (e: JobEvent) => void>();
const early: JobEvent[] = [];

export function routeJobEvent(e: JobEvent): void {
  const listener = listeners.get(e.jobId);
  if (listener) return listener(e);
  early.push(e);
  if (early.length > EARLY_MAX) early.shift();
}

export interface JobProgress {
  done: number;
  total: number | null;
  label: string;
}

export interface FollowedJob<T> {
  result: Promise<T>;
  /** Asks the host to stop; the result then rejects with CANCELLED. */
  cancel(): void;
}

/** Starts a job and follows it to its end: progress through the callback, the result (typed by the call) as a promise. */
export function followJob<T>(start: () => Promise<Job<T>>, onProgress: (p: JobProgress) => void, onLog?: (line: string) => void): FollowedJob<T> {
  let jobId: JobId<T> | null = null;
  let cancelled = false;
  const result = new Promise<T>((resolve, reject) => {
    start().then(({ jobId: id }) => {
      jobId = id;
      const onEvent = (e: JobEvent) => {
        if (!isEventOf(id, e)) return;
        if (e.kind === 'progress') onProgress({ done: e.done, total: e.total ?? null, label: e.label });
        if (e.kind === 'log') onLog?.(e.line);
        if (e.kind !== 'done' && e.kind !== 'failed') return;
        listeners.delete(id);
        if (e.kind === 'done') resolve(e.result);
        else reject(AppError.fromData(e.error));
      };
      listeners.set(id, onEvent);
      for (const e of early.filter((x) => x.jobId === id)) {
        early.splice(early.indexOf(e), 1);
        onEvent(e);
      }
      if (cancelled) void getApi().call('job.cancel', { jobId: id }).catch(() => {});
    }, reject);
  });
  return {
    result,
    cancel() {
      cancelled = true;
      if (jobId) void getApi().call('job.cancel', { jobId }).catch(() => {});
    },
  };
}
