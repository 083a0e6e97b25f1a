// Jobs as the renderer follows them: the host answers a job call with { jobId } at once and streams
// its progress as job.event; one subscription (wire.ts) applies every event to the store's jobs
// slice, which buffers the events of jobs not known yet. Callers start a job here, await its result,
// cancel it, and show its progress by selecting small pieces of its state.
import { useShallow } from 'zustand/react/shallow';
import { AppError, toErrorData, type ErrorData } from '../../shared/errors';
import { useStudio, type JobInfo } from '../store';
import { getApi } from '../transport';

export interface StartJobOptions {
  /** Told the job's id once the host answered (before any of its events are applied). */
  onStarted?(jobId: string): void;
  /** Aborting asks the host to stop the job, now or as soon as its id is known; the result then rejects with CANCELLED. */
  signal?: AbortSignal;
}

/**
 * Starts a job and resolves with its result, or rejects with the AppError it failed with (code
 * CANCELLED when it was cancelled). The job's progress and log are in the store meanwhile.
 */
export async function startJob<T>(call: () => Promise<{ jobId: string }>, opts: StartJobOptions = {}): Promise<T> {
  const { signal, onStarted } = opts;
  if (signal?.aborted) throw cancelledBeforeStart();
  const { jobId } = await call();
  useStudio.getState().trackJob(jobId);
  onStarted?.(jobId);
  if (signal?.aborted) void cancelJob(jobId);
  else signal?.addEventListener('abort', () => void cancelJob(jobId), { once: true });
  return new Promise<T>((resolve, reject) => {
    const settle = (job: JobInfo | undefined): boolean => {
      if (job?.status === 'running') return false;
      if (!job) reject(new AppError('CANCELLED', 'The job is no longer followed.'));
      else if (job.status === 'done') resolve(job.result as T);
      else reject(AppError.fromData(job.error as ErrorData));
      return true;
    };
    if (settle(useStudio.getState().jobs[jobId])) return;
    const unsubscribe = useStudio.subscribe((s) => {
      if (settle(s.jobs[jobId])) unsubscribe();
    });
  });
}

/** Asks the host to stop a job; it then ends as cancelled (or as it was about to). A failed ask shows in the banner. */
export async function cancelJob(jobId: string): Promise<void> {
  try {
    await getApi().call('job.cancel', { jobId });
  } catch (e) {
    useStudio.getState().reportError(toErrorData(e));
  }
}

/** A piece of one job's state; `select` gets undefined for no job (null id) or one not followed. */
export function useJob<R>(jobId: string | null | undefined, select: (job: JobInfo | undefined) => R): R {
  return useStudio((s) => select(jobId ? s.jobs[jobId] : undefined));
}

export interface JobProgress {
  done: number;
  total: number | null;
  /** '' until the job's first progress event. */
  label: string;
  status: JobInfo['status'] | null;
}

const NO_PROGRESS: JobProgress = { done: 0, total: null, label: '', status: null };

/** A job's progress for a bar or a status line (re-renders on progress only, not on log lines). */
export function useJobProgress(jobId: string | null | undefined): JobProgress {
  return useStudio(
    useShallow((s) => {
      const job = jobId ? s.jobs[jobId] : undefined;
      return job ? { done: job.done, total: job.total, label: job.label, status: job.status } : NO_PROGRESS;
    }),
  );
}

function cancelledBeforeStart(): AppError {
  return new AppError('CANCELLED', 'Cancelled before the job started.');
}
