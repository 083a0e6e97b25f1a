import { describe, expect, it, vi } from 'vitest';
import type { JobEvent } from '../../shared/jobs';
import { AppError } from '../../shared/errors';
import { Jobs } from './jobs';

function collect() {
  const events: JobEvent[] = [];
  const jobs = new Jobs({ emit: (_name, payload) => void events.push(payload as JobEvent) });
  const end = (jobId: string) =>
    vi.waitFor(
      () => events.find((e) => e.jobId === jobId && (e.kind === 'done' || e.kind === 'failed')) ?? Promise.reject(new Error('running')),
    );
  return { jobs, events, end };
}

describe('Jobs', () => {
  it('answers { jobId } before the first event, then progress, log and done', async () => {
    const { jobs, events, end } = collect();
    const { jobId } = jobs.start(async (ctx) => {
      ctx.progress(1, 2, 'half');
      ctx.log('a line');
      return { answer: 42 };
    });
    expect(events).toEqual([]); // nothing yet: the caller must learn the id first
    await end(jobId);
    expect(events).toEqual([
      { jobId, kind: 'progress', done: 1, total: 2, label: 'half' },
      { jobId, kind: 'log', line: 'a line' },
      { jobId, kind: 'done', result: { answer: 42 } },
    ]);
    expect(jobs.activeCount).toBe(0);
  });

  it('reports failures as data with the error code', async () => {
    const { jobs, end } = collect();
    const { jobId } = jobs.start(async () => {
      throw new AppError('RUNTIME_ERROR', 'boom');
    });
    expect(await end(jobId)).toEqual({ jobId, kind: 'failed', error: { code: 'RUNTIME_ERROR', message: 'boom' } });
  });

  it('cancel aborts the signal; the job fails with CANCELLED; unknown ids answer false', async () => {
    const { jobs, end } = collect();
    const { jobId } = jobs.start(
      (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')))),
    );
    await new Promise((r) => setImmediate(r));
    expect(jobs.cancel(jobId)).toBe(true);
    expect(await end(jobId)).toMatchObject({ kind: 'failed', error: { code: 'CANCELLED' } });
    expect(jobs.cancel(jobId)).toBe(false);
    const early = jobs.start(async () => 'never runs');
    jobs.cancel(early.jobId);
    expect(await end(early.jobId)).toMatchObject({ kind: 'failed', error: { code: 'CANCELLED' } });
  });
});
