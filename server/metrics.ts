// Prometheus metrics in the text exposition format (0.0.4), kept by hand: a handful of counters,
// one histogram and two gauges do not justify a client library in the image.
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

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
  inFlight = 0;
  /** Read at scrape time (the admission queue's waiting count). */
  constructor(private readonly queueLength: () => number = () => 0) {}

  /** One finished request: `route` is the route's template (bounded label values), never the raw path. */
  observe(route: string, method: string, status: number, seconds: number): void {
    bump(this.requests, labels({ route, method, status: String(status) }));
    if (status >= 400) bump(this.errors, labels({ route, status: String(status) }));
    const key = labels({ route });
    let h = this.latency.get(key);
    if (!h) this.latency.set(key, (h = emptyHistogram()));
    add(h, seconds);
  }

  /** Time spent in the runtime for one inference (excludes HTTP and JSON work). */
  observeInference(seconds: number): void {
    add(this.inference, seconds);
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
    gauge(out, 'modelcrate_requests_in_flight', 'HTTP requests being handled.', this.inFlight);
    gauge(out, 'modelcrate_queue_length', 'Inferences waiting for the runtime.', this.queueLength());
    return `${out.join('\n')}\n`;
  }
}

function emptyHistogram(): Histogram {
  return { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
}

function add(h: Histogram, v: number): void {
  for (let i = 0; i < BUCKETS.length; i++) if (v <= BUCKETS[i]!) h.counts[i]!++;
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

function histogramLines(out: string[], name: string, key: string, h: Histogram): void {
  const sep = key ? ',' : '';
  BUCKETS.forEach((b, i) => out.push(`${name}_bucket{${key}${sep}le="${b}"} ${h.counts[i]}`));
  out.push(`${name}_bucket{${key}${sep}le="+Inf"} ${h.count}`);
  const braces = key ? `{${key}}` : '';
  out.push(`${name}_sum${braces} ${h.sum}`, `${name}_count${braces} ${h.count}`);
}
