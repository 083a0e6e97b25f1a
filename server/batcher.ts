// Dynamic batching, as Triton's dynamic batcher: requests that wait for the runtime while it runs
// are merged along the batch dim (dim 0) into one run, up to `maxBatchSize` rows, and the outputs
// split back per request. onnxruntime runs one call at a time, so under load requests queue anyway;
// one run of 32 rows costs little more than one of 1 row for most models (bench: server).
// `maxQueueDelayMs` > 0 holds a batch that is not full yet for that long after its first request
// arrived, trading latency for fuller batches; 0 takes whatever is waiting when the runtime frees.
// A model is batchable when every input and output has a variable first dim (batchInputsOf); other
// models, and requests that feed initializers or differ in another dim, run alone.
import { performance } from 'node:perf_hooks';
import type { Dim, ModelSummary } from '../shared/model-summary';
import type { Tensor, TensorMap } from '../shared/tensors';
import type { BatchSettings } from './settings';

export interface RunResult {
  outputs: TensorMap;
  /** Rows in the run this request was part of (1 when it ran alone). */
  batchRows: number;
  /** Time from submit to the start of its run. */
  queueMs: number;
}

export type RunFn = (inputs: TensorMap, outputNames: string[] | undefined) => Promise<TensorMap>;

interface Item {
  inputs: TensorMap;
  outputNames: string[] | undefined;
  rows: number;
  key: string;
  arrived: number;
  resolve(r: RunResult): void;
  reject(e: unknown): void;
}

export class Batcher {
  private readonly pending: Item[] = [];
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  /** Cleared when a run's outputs do not split by rows: the model was not batchable after all. */
  private enabled: boolean;

  constructor(
    private readonly run: RunFn,
    private readonly batchInputs: ReadonlySet<string> | null,
    private readonly settings: BatchSettings,
    private readonly onFallback: (why: string) => void = () => {},
  ) {
    this.enabled = batchInputs !== null && settings.maxBatchSize > 1;
  }

  get waiting(): number {
    return this.pending.length;
  }

  get batching(): boolean {
    return this.enabled;
  }

  async submit(inputs: TensorMap, outputNames: string[] | undefined): Promise<RunResult> {
    const shape = this.enabled ? batchShape(inputs, this.batchInputs!) : null;
    if (!shape) {
      // Straight to the runtime's own queue: nothing to merge it with.
      const outputs = await this.run(inputs, outputNames);
      return { outputs, batchRows: 1, queueMs: 0 };
    }
    return new Promise((resolve, reject) => {
      this.pending.push({
        inputs,
        outputNames,
        rows: shape.rows,
        key: `${shape.key}|${outputNames?.join('\u0000') ?? '*'}`,
        arrived: performance.now(),
        resolve,
        reject,
      });
      this.pump();
    });
  }

  private pump(): void {
    if (this.running || this.pending.length === 0) return;
    const head = this.pending[0]!;
    const group = this.takeable(head);
    const rows = group.reduce((n, i) => n + i.rows, 0);
    const wait = this.settings.maxQueueDelayMs - (performance.now() - head.arrived);
    if (rows < this.settings.maxBatchSize && wait > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, wait);
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const item of group) this.pending.splice(this.pending.indexOf(item), 1);
    this.running = true;
    void this.execute(group).finally(() => {
      this.running = false;
      this.pump();
    });
  }

  /** The head and the waiting requests that merge with it, within maxBatchSize rows. */
  private takeable(head: Item): Item[] {
    const group = [head];
    let rows = head.rows;
    for (const item of this.pending) {
      if (item === head || item.key !== head.key) continue;
      if (rows + item.rows > this.settings.maxBatchSize) break;
      group.push(item);
      rows += item.rows;
    }
    return group;
  }

  private async execute(group: Item[]): Promise<void> {
    const started = performance.now();
    const queued = (i: Item) => started - i.arrived;
    if (group.length === 1) {
      const [item] = group as [Item];
      try {
        item.resolve({ outputs: await this.run(item.inputs, item.outputNames), batchRows: item.rows, queueMs: queued(item) });
      } catch (err) {
        item.reject(err);
      }
      return;
    }
    const rows = group.reduce((n, i) => n + i.rows, 0);
    let outputs: TensorMap;
    try {
      outputs = await this.run(concatInputs(group.map((i) => i.inputs)), group[0]!.outputNames);
    } catch {
      // One bad request must not fail the others: each runs alone and gets its own answer or error.
      for (const item of group) await this.execute([item]);
      return;
    }
    const split = splitOutputs(
      outputs,
      group.map((i) => i.rows),
    );
    if (!split) {
      this.enabled = false;
      this.onFallback(`an output's first dim is not the batch's ${rows} rows`);
      for (const item of group) await this.execute([item]);
      return;
    }
    group.forEach((item, i) => item.resolve({ outputs: split[i]!, batchRows: rows, queueMs: queued(item) }));
  }
}

/**
 * The inputs carrying the batch dim, or null when the model is not batchable: every graph input and
 * output must start with a variable dim (symbolic or unknown). Exporters name it "batch" or "N",
 * or, like paddle2onnx, give every dynamic dim a name of its own ("p2o.DynamicDimension.0" in, ".3"
 * out), so names are not compared; a run whose outputs do not have the batch's rows turns batching
 * off for good (Batcher.execute) and its requests run alone.
 */
export function batchInputsOf(summary: ModelSummary): Set<string> | null {
  const { inputs, outputs } = summary.graph;
  const variableFirst = (d: Dim[] | null | undefined) => !!d && d.length > 0 && typeof d[0] !== 'number';
  if (inputs.length === 0 || outputs.length === 0) return null;
  if (![...inputs, ...outputs].every((v) => v.type.kind === 'tensor' && variableFirst(v.type.shape))) return null;
  return new Set(inputs.map((i) => i.name));
}

/** Rows and a key of everything but the rows (names, types, other dims); null when it cannot merge. */
function batchShape(inputs: TensorMap, batchInputs: ReadonlySet<string>): { rows: number; key: string } | null {
  let rows = -1;
  const parts: string[] = [];
  const names = Object.keys(inputs).sort();
  if (names.length !== batchInputs.size || names.some((n) => !batchInputs.has(n))) return null;
  for (const name of names) {
    const t = inputs[name]!;
    if (t.shape.length === 0 || t.shape[0] === 0) return null;
    if (rows === -1) rows = t.shape[0]!;
    else if (t.shape[0] !== rows) return null;
    parts.push(`${name}:${t.type}:${t.shape.slice(1).join('x')}`);
  }
  return { rows, key: parts.join(';') };
}

function concatInputs(maps: TensorMap[]): TensorMap {
  const out: TensorMap = {};
  for (const name of Object.keys(maps[0]!)) {
    const parts = maps.map((m) => m[name]!);
    const rows = parts.reduce((n, t) => n + t.shape[0]!, 0);
    out[name] = concat(parts, rows);
  }
  return out;
}

function concat(parts: Tensor[], rows: number): Tensor {
  const first = parts[0]!;
  const shape = [rows, ...first.shape.slice(1)];
  if (first.type === 'string') return { type: 'string', shape, data: parts.flatMap((p) => p.data as string[]) };
  const total = parts.reduce((n, p) => n + p.data.length, 0);
  const Ctor = first.data.constructor as new (n: number) => Exclude<Tensor['data'], string[]>;
  const data = new Ctor(total);
  let at = 0;
  for (const p of parts) {
    (data as Float32Array).set(p.data as Float32Array, at);
    at += p.data.length;
  }
  return { ...first, shape, data } as Tensor;
}

/** Each output cut back into the requests' rows (copies: each answer owns its buffer), or null. */
function splitOutputs(outputs: TensorMap, rows: number[]): TensorMap[] | null {
  const total = rows.reduce((a, b) => a + b, 0);
  const out: TensorMap[] = rows.map(() => ({}));
  for (const [name, t] of Object.entries(outputs)) {
    if (t.shape[0] !== total) return null;
    const per = t.data.length / total;
    let row = 0;
    rows.forEach((n, i) => {
      const data = t.data.slice(row * per, (row + n) * per);
      out[i]![name] = { ...t, shape: [n, ...t.shape.slice(1)], data } as Tensor;
      row += n;
    });
  }
  return out;
}
