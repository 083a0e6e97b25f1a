// Admission before bytes (docs/architecture.md §Serving under load). An infer request is admitted
// from its headers, before one byte of its body is read: it counts against a cap on requests in
// flight and a budget of body bytes in flight (its Content-Length, or for a chunked body the bytes
// as they stream). Over either, the server answers 503 with Retry-After at once and drains the body
// unread, so memory stays bounded by the budget whatever the clients send. A ticket is held from
// admission until the response is written: reading, decoding, waiting, running and encoding all
// hold memory proportional to the body.
import { AppError } from '../shared/errors';

export interface AdmissionLimits {
  /** Requests in flight at most (reading, waiting, running or answering). */
  maxRequests: number;
  /** Request-body bytes in flight at most; one request alone is always admitted (up to the body limit). */
  maxBytes: number;
}

export class Admission {
  private requests = 0;
  private bytes = 0;

  constructor(private limits: AdmissionLimits) {}

  get budget(): AdmissionLimits {
    return this.limits;
  }

  /** The byte budget changes once the model's working set is measured (memory-budget.ts). */
  setMaxBytes(maxBytes: number): void {
    this.limits = { ...this.limits, maxBytes };
  }

  get inFlight(): number {
    return this.requests;
  }

  get bytesInFlight(): number {
    return this.bytes;
  }

  /** A ticket for a request declaring `bytes` (0 when chunked), or the reason it is refused. */
  admit(bytes: number): Ticket | BusyError {
    if (this.requests >= this.limits.maxRequests)
      return new BusyError(`${this.requests} requests are already in flight (the limit is ${this.limits.maxRequests})`);
    if (!this.fits(bytes)) return this.overBudget();
    this.requests++;
    this.bytes += bytes;
    return new Ticket(this, bytes);
  }

  /** @internal Ticket.grow: more bytes of a chunked body. */
  take(n: number): BusyError | null {
    // The caller is already counted: "alone" means no other request in flight.
    if (this.requests > 1 && this.bytes + n > this.limits.maxBytes) return this.overBudget();
    this.bytes += n;
    return null;
  }

  /** @internal Ticket.release. */
  give(requests: number, bytes: number): void {
    this.requests -= requests;
    this.bytes -= bytes;
  }

  private fits(bytes: number): boolean {
    return this.requests === 0 || this.bytes + bytes <= this.limits.maxBytes;
  }

  private overBudget(): BusyError {
    const mib = (n: number) => `${Math.round((n / 2 ** 20) * 10) / 10} MiB`;
    return new BusyError(`${mib(this.bytes)} of request bodies are in flight (the memory budget is ${mib(this.limits.maxBytes)})`);
  }
}

export class Ticket {
  private released = false;

  constructor(
    private readonly admission: Admission,
    private held: number,
  ) {}

  /** Counts `n` more body bytes; a BusyError when they would pass the budget (nothing counted then). */
  grow(n: number): BusyError | null {
    if (this.released) return null;
    const busy = this.admission.take(n);
    if (!busy) this.held += n;
    return busy;
  }

  /** Idempotent: the response was written (or the request failed). */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.admission.give(1, this.held);
  }
}

/** 503 with Retry-After: the server is full now, not broken. */
export class BusyError extends AppError {
  /** Seconds a client should wait before retrying. */
  readonly retryAfter = 1;

  constructor(why: string) {
    super('SERVER_BUSY', `The server is busy: ${why}.`, 'Retry after a second, or run more replicas.');
  }
}
