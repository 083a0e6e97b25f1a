// Prometheus metrics in the text exposition format (0.0.4), kept by hand: a handful of counters,
// one histogram and two gauges do not justify a client library in the image.
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Rows per runtime run under dynamic batching. */
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128];

/** Read at scrape time. */
export interface LoadGauges {
  /** Requests waiting for the batcher or the runtime. */
  queueLength(): number;
  /** Admitted request-body bytes in flight, and the budget. */
  bodyBytes(): number;
  bodyBudget(): number;
}

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  private readonly inference: Histogram = emptyHistogram();
  private readonly queueTime: Histogram = emptyHistogram();
  private readonly batchRows: Histogram = emptyHistogram(BATCH_BUCKETS);
  inFlight = 0;
  constructor(private readonly gauges: LoadGauges = { queueLength: () => 0, bodyBytes: () => 0, bodyBudget: () => 0 }) {}

  /** One finished request: `route` is the route's template (bounded label values), never the raw path. */
  observe(route: string, method: string, status: number, seconds: number): void {
    bump(this.requests, labels({ route, method, status: String(status) }));
    if (status >= 400) bump(this.errors, labels({ route, status: String(status) }));
    const key = labels({ route });
    let h = this.latency.get(key);
    if (!h) this.latency.set(key, (h = emptyHistogram()));
    add(h, seconds);
  }

  /** One inference: its run's time (excludes HTTP and JSON work), the rows of that run, its wait before it. */
  observeInference(seconds: number, batchRows = 1, queueSeconds = 0): void {
    add(this.inference, seconds);
    add(this.batchRows, batchRows, BATCH_BUCKETS);
    add(this.queueTime, queueSeconds);
  }

  render(): string {
    const out: string[] = [];
    counter(out, 'modelcrate_requests_total', 'HTTP requests by route, method and status.', this.requests);
    counter(out, 'modelcrate_request_errors_total', 'HTTP requests answered with a 4xx or 5xx status.', this.errors);
    out.push(
      '# HELP modelcrate_request_duration_seconds Time from request to response, by route.',
      '# TYPE modelcrate_request_duration_seconds histogram',
    );
    for (const [key, h] of this.latency) histogramLines(out, 'modelcrate_request_duration_seconds', key, h);
    out.push(
      '# HELP modelcrate_inference_duration_seconds Time an inference spent in the runtime.',
      '# TYPE modelcrate_inference_duration_seconds histogram',
    );
    histogramLines(out, 'modelcrate_inference_duration_seconds', '', this.inference);
    out.push(
      '# HELP modelcrate_queue_duration_seconds Time an inference waited for its run (the batcher and the runtime).',
      '# TYPE modelcrate_queue_duration_seconds histogram',
    );
    histogramLines(out, 'modelcrate_queue_duration_seconds', '', this.queueTime);
    out.push(
      '# HELP modelcrate_batch_size Rows of the runtime run each inference was part of (1: it ran alone).',
      '# TYPE modelcrate_batch_size histogram',
    );
    histogramLines(out, 'modelcrate_batch_size', '', this.batchRows, BATCH_BUCKETS);
    gauge(out, 'modelcrate_requests_in_flight', 'HTTP requests being handled.', this.inFlight);
    gauge(out, 'modelcrate_queue_length', 'Inferences waiting for the batcher or the runtime.', this.gauges.queueLength());
    gauge(out, 'modelcrate_body_bytes_in_flight', 'Admitted request-body bytes not yet answered.', this.gauges.bodyBytes());
    gauge(
      out,
      'modelcrate_body_bytes_budget',
      'Request-body bytes that may be in flight; more are answered 503.',
      this.gauges.bodyBudget(),
    );
    return `${out.join('\n')}\n`;
  }
}

function emptyHistogram(buckets = BUCKETS): Histogram {
  return { counts: buckets.map(() => 0), sum: 0, count: 0 };
}

function add(h: Histogram, v: number, buckets = BUCKETS): void {
  for (let i = 0; i < buckets.length; i++) if (v <= buckets[i]!) h.counts[i]!++;
  h.sum += v;
  h.count++;
}

function bump(m: Map<string, number>, key: string): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

function labels(l: Record<string, string>): string {
  return Object.entries(l)
    .map(([k, v]) => `${k}="${v.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`)
    .join(',');
}

function counter(out: string[], name: string, help: string, m: Map<string, number>): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
  for (const [key, v] of m) out.push(`${name}{${key}} ${v}`);
}

function gauge(out: string[], name: string, help: string, v: number): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${v}`);
}

function histogramLines(out: string[], name: string, key: string, h: Histogram, buckets = BUCKETS): void {
  const sep = key ? ',' : '';
  buckets.forEach((b, i) => out.push(`${name}_bucket{${key}${sep}le="${b}"} ${h.counts[i]}`));
  out.push(`${name}_bucket{${key}${sep}le="+Inf"} ${h.count}`);
  const braces = key ? `{${key}}` : '';
  out.push(`${name}_sum${braces} ${h.sum}`, `${name}_count${braces} ${h.count}`);
}
