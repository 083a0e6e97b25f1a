/** Where an upload of one or more files stands, as the whole group (a model and its external data). */
export interface UploadProgress {
  /** The file on the wire now. */
  fileName: string;
  index: number;
  count: number;
  /** Bytes of the whole group sent so far, and their sum. */
  sent: number;
  total: number;
  /** sent / total, 0–1 (1 for an empty group). */
  fraction: number;
  /** Null until enough time has passed to say anything honest. */
  bytesPerSecond: number | null;
  etaSeconds: number | null;
}

/** The rate is measured over the last few seconds, so a stall shows quickly and a burst does not linger. */
const RATE_WINDOW_MS = 3000;
const MIN_RATE_SPAN_MS = 500;

/**
 * Folds per-file byte counts (XHR upload.onprogress reports `loaded` for the current request only)
 * into one progress for the group, with a rate and time left.
 */
export class UploadTracker {
  private readonly starts: number[] = [];
  readonly total: number;
  private sent = 0;
  private samples: { t: number; sent: number }[] = [];

  constructor(
    private readonly files: readonly { name: string; size: number }[],
    private readonly now: () => number = () => performance.now(),
  ) {
    let offset = 0;
    for (const f of files) {
      this.starts.push(offset);
      offset += f.size;
    }
    this.total = offset;
  }

  /** `loaded` bytes of file `index` have been sent (files go one after another). */
  update(index: number, loaded: number): UploadProgress {
    const file = this.files[index];
    if (!file) throw new RangeError(`No file ${index} in an upload of ${this.files.length}.`);
    const within = Math.min(Math.max(loaded, 0), file.size);
    // Never backwards: a retried or reordered event must not make the bar jump back.
    this.sent = Math.max(this.sent, this.starts[index]! + within);
    const t = this.now();
    this.samples.push({ t, sent: this.sent });
    while (this.samples.length > 2 && t - this.samples[1]!.t >= RATE_WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const span = t - first.t;
    const bytesPerSecond = span >= MIN_RATE_SPAN_MS ? ((this.sent - first.sent) * 1000) / span : null;
    const left = this.total - this.sent;
    let etaSeconds: number | null = null;
    if (left === 0) etaSeconds = 0;
    else if (bytesPerSecond) etaSeconds = left / bytesPerSecond;
    return {
      fileName: file.name,
      index,
      count: this.files.length,
      sent: this.sent,
      total: this.total,
      fraction: this.total === 0 ? 1 : this.sent / this.total,
      bytesPerSecond,
      etaSeconds,
    };
  }
}
