// The renderer's one record of the jobs it follows (renderer/app/jobs.ts starts and cancels them).
import type { ErrorData } from '../../shared/errors';
import type { JobEvent } from '../../shared/jobs';

/** A cancelled job is one the host ended with CANCELLED; any other failure is 'failed'. */
export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobInfo {
  status: JobStatus;
  /** The last progress event's numbers and label ('' until the first one). */
  done: number;
  total: number | null;
  label: string;
  /** The last log lines, oldest first (at most JOB_LOG_MAX). */
  log: string[];
  /** The done event's result; the caller of startJob knows its type. */
  result: unknown;
  error: ErrorData | null;
}

export interface JobsSlice {
  /** Jobs by id: every running one, and the latest finished ones. */
  jobs: Record<string, JobInfo>;
  /**
   * Events of jobs not followed (yet), oldest first and bounded: a job may report before its
   * { jobId } answer reaches the caller (IPC does not order an invoke reply against webContents.send).
   */
  earlyJobEvents: JobEvent[];
  /** Follows a job from now on; the events it sent before are applied first. */
  trackJob(jobId: string): void;
  /** The one way job events reach the state (the subscription in renderer/app/wire.ts). */
  applyJobEvent(event: JobEvent): void;
}
