import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StudioApi } from '../../shared/api';
import { AppError } from '../../shared/errors';
import type { JobEvent } from '../../shared/jobs';
import { resetStudioStore, useStudio } from '../store';
import { setApiForTests } from '../transport';
import { cancelJob, startJob } from './jobs';

const s = () => useStudio.getState();
const emit = (e: JobEvent) => s().applyJobEvent(e);
const calls: Array<{ name: string; input: unknown }> = [];
let cancelFails = false;

const api = {
  transport: 'web',
  call: vi.fn(async (name: string, input: unknown) => {
    calls.push({ name, input });
    if (name === 'job.cancel' && cancelFails) throw new AppError('IO_ERROR', 'The connection to the studio host was lost.');
    return { cancelled: true };
  }),
  on: () => () => {},
} as unknown as StudioApi;

/** A job call whose { jobId } answer comes when the test says so. */
function deferredCall(jobId: string) {
  let answer!: () => void;
  const call = vi.fn(() => new Promise<{ jobId: string }>((resolve) => (answer = () => resolve({ jobId }))));
  return { call, answer: () => answer() };
}

const cancels = () => calls.filter((c) => c.name === 'job.cancel').map((c) => c.input);

describe('startJob', () => {
  beforeEach(() => {
    resetStudioStore();
    calls.length = 0;
    cancelFails = false;
    setApiForTests(api);
  });
  afterEach(() => setApiForTests(null));

  it('resolves with the result even when every event beat the { jobId } answer', async () => {
    const { call, answer } = deferredCall('j1');
    const started = vi.fn();
    const result = startJob<{ n: number }>(call, { onStarted: started });
    emit({ jobId: 'j1', kind: 'progress', done: 1, total: 1, label: 'all' });
    emit({ jobId: 'j1', kind: 'done', result: { n: 7 } });
    answer();
    await expect(result).resolves.toEqual({ n: 7 });
    expect(started).toHaveBeenCalledWith('j1');
    expect(s().jobs.j1).toMatchObject({ status: 'done', done: 1, total: 1 });
    expect(s().earlyJobEvents).toEqual([]);
  });

  it('follows progress in the store while it runs, then resolves on done', async () => {
    const result = startJob<string>(async () => ({ jobId: 'j2' }));
    await vi.waitFor(() => expect(s().jobs.j2).toBeDefined());
    emit({ jobId: 'j2', kind: 'progress', done: 2, total: 5, label: 'packing' });
    expect(s().jobs.j2).toMatchObject({ status: 'running', done: 2, total: 5, label: 'packing' });
    emit({ jobId: 'j3', kind: 'done', result: 'not ours' });
    emit({ jobId: 'j2', kind: 'done', result: 'ours' });
    await expect(result).resolves.toBe('ours');
  });

  it("rejects with the job's error as an AppError, code and hint kept", async () => {
    const result = startJob(async () => ({ jobId: 'j4' }));
    await vi.waitFor(() => expect(s().jobs.j4).toBeDefined());
    emit({ jobId: 'j4', kind: 'failed', error: { code: 'RUNTIME_ERROR', message: 'boom', hint: 'try less' } });
    const err = await result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'RUNTIME_ERROR', message: 'boom', hint: 'try less' });
  });

  it('rejects when the call itself fails, and follows nothing', async () => {
    await expect(startJob(() => Promise.reject(new AppError('MODEL_NOT_OPEN', 'gone')))).rejects.toMatchObject({ code: 'MODEL_NOT_OPEN' });
    expect(s().jobs).toEqual({});
  });

  it('an abort before the id is known cancels the job once it is; the result rejects with CANCELLED', async () => {
    const { call, answer } = deferredCall('j5');
    const abort = new AbortController();
    const result = startJob(call, { signal: abort.signal });
    abort.abort();
    expect(cancels()).toEqual([]);
    answer();
    await vi.waitFor(() => expect(cancels()).toEqual([{ jobId: 'j5' }]));
    emit({ jobId: 'j5', kind: 'failed', error: { code: 'CANCELLED', message: 'The job was cancelled.' } });
    await expect(result).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(s().jobs.j5?.status).toBe('cancelled');
  });

  it('an abort while it runs cancels it at once, once', async () => {
    const abort = new AbortController();
    const result = startJob(async () => ({ jobId: 'j6' }), { signal: abort.signal });
    await vi.waitFor(() => expect(s().jobs.j6).toBeDefined());
    abort.abort();
    abort.abort();
    expect(cancels()).toEqual([{ jobId: 'j6' }]);
    emit({ jobId: 'j6', kind: 'failed', error: { code: 'CANCELLED', message: 'The job was cancelled.' } });
    await expect(result).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('an abort before the start makes no call', async () => {
    const abort = new AbortController();
    abort.abort();
    const call = vi.fn(async () => ({ jobId: 'j7' }));
    await expect(startJob(call, { signal: abort.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(call).not.toHaveBeenCalled();
  });

  it('a job forgotten by a store reset rejects instead of hanging', async () => {
    const result = startJob(async () => ({ jobId: 'j8' }));
    await vi.waitFor(() => expect(s().jobs.j8).toBeDefined());
    resetStudioStore();
    await expect(result).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('cancelJob', () => {
  beforeEach(() => {
    resetStudioStore();
    calls.length = 0;
    setApiForTests(api);
  });
  afterEach(() => setApiForTests(null));

  it('asks the host; a failed ask shows in the banner', async () => {
    cancelFails = false;
    await cancelJob('j1');
    expect(cancels()).toEqual([{ jobId: 'j1' }]);
    expect(s().error).toBeNull();
    cancelFails = true;
    await cancelJob('j1');
    expect(s().error).toMatchObject({ code: 'IO_ERROR' });
  });
});
