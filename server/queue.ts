// Bounded admission for inferences. The runtime runs one inference at a time (the
// RuntimeService queues them); this caps how many may wait behind it, so overload answers 503 at
// once instead of piling up requests, memory and latency without bound.
import { AppError } from '../shared/errors';

export class AdmissionQueue {
  private active = 0;

  /** `maxWaiting` requests may wait while `concurrency` run. */
  constructor(
    private readonly maxWaiting: number,
    private readonly concurrency = 1,
  ) {}

  /** Requests admitted and not yet finished (running or waiting). */
  get inFlight(): number {
    return this.active;
  }

  get waiting(): number {
    return Math.max(0, this.active - this.concurrency);
  }

  /** Runs `task` if there is room; else QueueFullError (503). */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency + this.maxWaiting) throw new QueueFullError(this.maxWaiting);
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
    }
  }
}

export class QueueFullError extends AppError {
  constructor(maxWaiting: number) {
    super(
      'CANCELLED',
      `The server is busy: ${maxWaiting} requests are already waiting for the model.`,
      'Retry shortly, or run more replicas.',
    );
  }
}
