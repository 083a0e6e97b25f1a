import { beforeEach, describe, expect, it } from 'vitest';
import type { JobEvent } from '../../shared/jobs';
import { EARLY_EVENTS_MAX, FINISHED_JOBS_MAX, JOB_LOG_MAX } from './jobs-slice';
import { resetStudioStore, useStudio } from './store';

const s = () => useStudio.getState();
const progress = (jobId: string, done: number, total?: number): JobEvent => ({
  jobId,
  kind: 'progress',
  done,
  ...(total === undefined ? {} : { total }),
  label: `step ${done}`,
});

describe('jobs slice', () => {
  beforeEach(resetStudioStore);

  it("events that arrive before the job is followed wait, then apply in order; other jobs' stay waiting", () => {
    s().applyJobEvent(progress('j1', 1, 4));
    s().applyJobEvent({ jobId: 'j1', kind: 'log', line: 'first' });
    s().applyJobEvent(progress('other', 9, 9));
    s().applyJobEvent(progress('j1', 2));
    expect(s().jobs).toEqual({});
    s().trackJob('j1');
    expect(s().jobs.j1).toMatchObject({ status: 'running', done: 2, total: 4, label: 'step 2', log: ['first'] });
    expect(s().earlyJobEvents).toEqual([progress('other', 9, 9)]);
    s().applyJobEvent(progress('j1', 3));
    expect(s().jobs.j1).toMatchObject({ done: 3, total: 4 });
  });

  it('a job that ended before it was followed is followed as ended', () => {
    s().applyJobEvent(progress('j1', 1, 2));
    s().applyJobEvent({ jobId: 'j1', kind: 'done', result: { ok: true } });
    s().trackJob('j1');
    expect(s().jobs.j1).toMatchObject({ status: 'done', done: 2, result: { ok: true }, error: null });
  });

  it('done keeps the result; failed keeps the error; CANCELLED is cancelled; nothing changes after the end', () => {
    for (const id of ['a', 'b', 'c']) s().trackJob(id);
    s().applyJobEvent(progress('a', 1, 3));
    s().applyJobEvent({ jobId: 'a', kind: 'done', result: 42 });
    s().applyJobEvent({ jobId: 'b', kind: 'failed', error: { code: 'RUNTIME_ERROR', message: 'boom' } });
    s().applyJobEvent({ jobId: 'c', kind: 'failed', error: { code: 'CANCELLED', message: 'The job was cancelled.' } });
    expect(s().jobs.a).toMatchObject({ status: 'done', done: 3, total: 3, result: 42 });
    expect(s().jobs.b).toMatchObject({ status: 'failed', error: { code: 'RUNTIME_ERROR' }, result: null });
    expect(s().jobs.c).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    const before = s().jobs;
    s().applyJobEvent(progress('a', 9, 9));
    s().applyJobEvent({ jobId: 'b', kind: 'done', result: 1 });
    s().applyJobEvent({ jobId: 'c', kind: 'log', line: 'late' });
    expect(s().jobs).toBe(before);
  });

  it('keeps the last JOB_LOG_MAX log lines of a job', () => {
    s().trackJob('j1');
    for (let i = 0; i < JOB_LOG_MAX + 5; i++) s().applyJobEvent({ jobId: 'j1', kind: 'log', line: `line ${i}` });
    const log = s().jobs.j1!.log;
    expect(log).toHaveLength(JOB_LOG_MAX);
    expect(log[0]).toBe('line 5');
    expect(log.at(-1)).toBe(`line ${JOB_LOG_MAX + 4}`);
  });

  it('events of jobs nobody follows create no job and keep only the last EARLY_EVENTS_MAX', () => {
    for (let i = 0; i < EARLY_EVENTS_MAX + 10; i++) s().applyJobEvent(progress(`stray${i}`, i));
    s().applyJobEvent({ jobId: 'stray0', kind: 'done', result: null });
    expect(s().jobs).toEqual({});
    expect(s().earlyJobEvents).toHaveLength(EARLY_EVENTS_MAX);
    expect(s().earlyJobEvents[0]).toEqual(progress('stray11', 11));
  });

  it('following a job twice changes nothing', () => {
    s().trackJob('j1');
    s().applyJobEvent(progress('j1', 5, 10));
    s().trackJob('j1');
    expect(s().jobs.j1).toMatchObject({ done: 5, total: 10 });
  });

  it('forgets the jobs that ended first beyond FINISHED_JOBS_MAX; running jobs stay, however old', () => {
    s().trackJob('old-running');
    s().trackJob('long');
    for (let i = 0; i < FINISHED_JOBS_MAX; i++) {
      s().trackJob(`f${i}`);
      s().applyJobEvent({ jobId: `f${i}`, kind: 'done', result: i });
    }
    // Started before all of them, ends after them: it is the newest finished job, not the oldest.
    s().applyJobEvent({ jobId: 'long', kind: 'done', result: 'long' });
    expect(s().jobs.long).toMatchObject({ status: 'done', result: 'long' });
    expect(s().jobs.f0).toBeUndefined();
    expect(s().jobs.f1).toBeDefined();
    expect(s().jobs['old-running']?.status).toBe('running');
    expect(Object.values(s().jobs).filter((j) => j.status !== 'running')).toHaveLength(FINISHED_JOBS_MAX);
  });

  it('a store reset forgets every job and every waiting event', () => {
    s().trackJob('j1');
    s().applyJobEvent(progress('early', 1));
    resetStudioStore();
    expect(s().jobs).toEqual({});
    expect(s().earlyJobEvents).toEqual([]);
  });
});
