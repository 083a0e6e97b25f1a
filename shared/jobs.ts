// Long work (builds, pushes, profiles) runs as a job: the call returns { jobId } at once and
// progress streams as events; every job can be cancelled. Which call starts which job, and what
// its `done` event brings, is JobResults in shared/contract.ts.
//
// A job's id carries its result's type (types only: on the wire the id is a string and the events
// are as below), so whoever starts a job and matches its events with isEventOf gets the result
// typed, without a cast.
import type { ErrorData } from './errors';

declare const RESULT: unique symbol;

/** A job's id, typed with the result its `done` event brings. A plain string at run time. */
export type JobId<R = unknown> = string & { readonly [RESULT]?: R };

/** What a call that starts a job answers at once. */
export interface Job<R = unknown> {
  jobId: JobId<R>;
}

/** One event of a job; `R` is its result (the event stream carries every job's, so `unknown` there). */
export type JobEvent<R = unknown> =
  | { jobId: string; kind: 'progress'; done: number; total?: number; label: string }
  | { jobId: string; kind: 'log'; line: string }
  | { jobId: string; kind: 'done'; result: R }
  | { jobId: string; kind: 'failed'; error: ErrorData };

/** Whether `e` is an event of the job `jobId` (ids are unique), and then its result's type. */
export function isEventOf<R>(jobId: JobId<R>, e: JobEvent): e is JobEvent<R> {
  return e.jobId === jobId;
}
