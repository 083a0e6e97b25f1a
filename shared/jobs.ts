// Long work (builds, pushes, profiles) runs as a job: the call returns { jobId } at once and
// progress streams as events; every job can be cancelled.
import type { ErrorData } from './errors';

export type JobEvent =
  | { jobId: string; kind: 'progress'; done: number; total?: number; label: string }
  | { jobId: string; kind: 'log'; line: string }
  | { jobId: string; kind: 'done'; result: unknown }
  | { jobId: string; kind: 'failed'; error: ErrorData };
