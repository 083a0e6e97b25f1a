// Long work as jobs: start() returns { jobId } at once; progress, done and failed arrive as
// `job.event` events; cancel() aborts the job's signal. Every kind of job (profile, pack, verify,
// image build and push, artifact push, diff, metadata save) goes through here, so the renderer handles them all one way.
import { AppError, toErrorData } from '../../shared/errors';
import type { Job, JobEvent, JobId } from '../../shared/jobs';
import type { EventSink } from '../events';
import { newId } from '../ids';

export interface JobContext {
  signal: AbortSignal;
  progress(done: number, total: number | undefined, label: string): void;
  log(line: string): void;
}

export class Jobs {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly events: EventSink) {}

  /** The id answered is typed with the work's result: the contract checks it against the call's (JobResults). */
  start<R>(work: (ctx: JobContext) => Promise<R>): Job<R> {
    const jobId = newId() as JobId<R>;
    const controller = new AbortController();
    this.running.set(jobId, controller);
    const emit = (e: JobEvent<R>) => this.events.emit('job.event', e);
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (done, total, label) =>
        emit(total === undefined ? { jobId, kind: 'progress', done, label } : { jobId, kind: 'progress', done, total, label }),
      log: (line) => emit({ jobId, kind: 'log', line }),
    };
    // Start on the next turn, after the caller has answered { jobId }: clients learn the id first.
    setImmediate(() => {
      const work$ = controller.signal.aborted ? Promise.reject(cancelledError()) : Promise.resolve().then(() => work(ctx));
      work$
        .then(
          (result) => emit({ jobId, kind: 'done', result }),
          (err: unknown) =>
            emit({ jobId, kind: 'failed', error: controller.signal.aborted ? cancelledError().toData() : toErrorData(err) }),
        )
        .finally(() => this.running.delete(jobId));
    });
    return { jobId };
  }

  /** False when the job is unknown or already finished. */
  cancel(jobId: string): boolean {
    const controller = this.running.get(jobId);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }

  get activeCount(): number {
    return this.running.size;
  }
}

function cancelledError(): AppError {
  return new AppError('CANCELLED', 'The job was cancelled.');
}
