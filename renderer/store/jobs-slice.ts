import type { StateCreator } from 'zustand';
import type { JobEvent } from '../../shared/jobs';
import type { JobInfo, JobsSlice } from './jobs-types';
import type { StudioState } from './types';

/** Events of unknown jobs kept for a caller still waiting for its { jobId }; a handful is plenty. */
export const EARLY_EVENTS_MAX = 64;
/** Lines of a job's log kept in the page; a build's report file has the rest. */
export const JOB_LOG_MAX = 400;
/** Finished jobs kept (a card may still show one's log); older ones are forgotten. */
export const FINISHED_JOBS_MAX = 32;

const STARTED: JobInfo = { status: 'running', done: 0, total: null, label: '', log: [], result: null, error: null };

export const createJobsSlice: StateCreator<StudioState, [], [], JobsSlice> = (set, get) => ({
  jobs: {},
  earlyJobEvents: [],
  trackJob(jobId) {
    if (get().jobs[jobId]) return;
    const early = get().earlyJobEvents.filter((e) => e.jobId === jobId);
    const job = early.reduce(nextJob, STARTED);
    set((s) => ({ jobs: forgetOldest({ ...s.jobs, [jobId]: job }), earlyJobEvents: s.earlyJobEvents.filter((e) => e.jobId !== jobId) }));
  },
  applyJobEvent(e) {
    const job = get().jobs[e.jobId];
    if (!job) {
      set((s) => ({ earlyJobEvents: [...s.earlyJobEvents, e].slice(-EARLY_EVENTS_MAX) }));
      return;
    }
    const next = nextJob(job, e);
    if (next === job) return;
    if (next.status === 'running') return set((s) => ({ jobs: { ...s.jobs, [e.jobId]: next } }));
    // A job that ends moves last: finished jobs are then in the order they ended, oldest first.
    set((s) => {
      const { [e.jobId]: _ended, ...others } = s.jobs;
      return { jobs: forgetOldest({ ...others, [e.jobId]: next }) };
    });
  },
});

/** A job after one more event; nothing changes once it has ended. */
function nextJob(job: JobInfo, e: JobEvent): JobInfo {
  if (job.status !== 'running') return job;
  switch (e.kind) {
    case 'progress':
      return { ...job, done: e.done, total: e.total ?? job.total, label: e.label };
    case 'log':
      return { ...job, log: [...job.log, e.line].slice(-JOB_LOG_MAX) };
    case 'done':
      return { ...job, status: 'done', done: job.total ?? job.done, result: e.result };
    case 'failed':
      return { ...job, status: e.error.code === 'CANCELLED' ? 'cancelled' : 'failed', error: e.error };
  }
}

/** Drops the finished jobs that ended first beyond FINISHED_JOBS_MAX (running ones always stay). */
function forgetOldest(jobs: Record<string, JobInfo>): Record<string, JobInfo> {
  const finished = Object.keys(jobs).filter((id) => jobs[id]!.status !== 'running');
  if (finished.length <= FINISHED_JOBS_MAX) return jobs;
  const kept = { ...jobs };
  for (const id of finished.slice(0, finished.length - FINISHED_JOBS_MAX)) delete kept[id];
  return kept;
}
