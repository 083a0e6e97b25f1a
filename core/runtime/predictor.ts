// One prediction, the same for the studio's handler and the CLI: check the inputs against the
// signature (before anything reaches the runtime process), run, and describe the outputs.
import { performance } from 'node:perf_hooks';
import { AppError } from '../../shared/errors';
import { labelsFromMetadata } from '../../shared/labels';
import type { ModelSummary } from '../../shared/model-summary';
import { tensorStats, topK, type TensorStats, type TopK } from '../../shared/output-summary';
import type { PredictResult, SessionOptions } from '../../shared/predictions';
import { wireMapToTensorMap } from '../../shared/tensor-json';
import { tensorToWire } from '../../shared/tensor-wire';
import { isTensorType, type TensorMap, type TensorType, type WireTensorMap } from '../../shared/tensors';
import { checkInputNames, expectedTensorType, validateInputs } from '../../shared/validate-inputs';
import type { RuntimeService } from './runtime-service';

/**
 * A model as the runtime runs it: the id its session is loaded under (the registry's modelId for a
 * model the studio has open, a fresh one for a bundled or served copy), its file and its summary.
 */
export interface ModelHandle {
  modelId: string;
  filePath: string;
  summary: ModelSummary;
}

export interface PredictOptions {
  outputNames?: string[];
  /** Reloads the session when they differ from the open one; omitted keeps whatever is open. */
  session?: SessionOptions;
  signal?: AbortSignal;
  /** False skips stats and top-k (the server answers with the tensors alone). Default true. */
  summary?: boolean;
}

export interface PredictorLimits {
  /** Cap on the inputs' total bytes (validateInputs' default when omitted). */
  maxInputBytes?: number;
  /** Session options for a model opened without explicit ones (the studio's settings). */
  defaultSession?: () => Promise<SessionOptions>;
}

export class Predictor {
  constructor(
    readonly runtime: RuntimeService,
    private readonly limits: PredictorLimits = {},
  ) {}

  /** Inputs in the JSON or wire form → tensors, typed by the signature where the type is left out. */
  decode(model: ModelHandle, json: WireTensorMap): TensorMap {
    const { inputs, overridableInitializers, initializers } = model.summary.graph;
    checkInputNames(Object.keys(json), inputs, overridableInitializers);
    const types = new Map<string, TensorType>(inputs.map((i) => [i.name, expectedTensorType(i)]));
    // Only names actually given: a big model has thousands of initializers, and this runs per call.
    for (const name of Object.keys(json)) {
      if (types.has(name) || !overridableInitializers.includes(name)) continue;
      const init = initializers.find((i) => i.name === name);
      if (init && isTensorType(init.dataType)) types.set(name, init.dataType);
    }
    return wireMapToTensorMap(json, (name) => types.get(name));
  }

  async predictJson(model: ModelHandle, json: WireTensorMap, opts: PredictOptions = {}): Promise<PredictResult> {
    return this.predict(model, this.decode(model, json), opts);
  }

  async predict(model: ModelHandle, inputs: TensorMap, opts: PredictOptions = {}): Promise<PredictResult> {
    const started = performance.now();
    this.check(model, inputs, opts.outputNames);
    const validatedMs = performance.now() - started;
    // Loading happens after validation (a bad input must not cost a load) and is not counted in ms.
    await this.ensureOpen(model, opts.session);
    const sent = performance.now();
    const { outputs, runMs } = await this.runtime.run(model.modelId, inputs, { outputNames: opts.outputNames, signal: opts.signal });
    const ms = validatedMs + (performance.now() - sent);
    const described =
      opts.summary === false ? { outputs: wireOutputs(outputs), stats: {}, topk: {} } : describeOutputs(outputs, model.summary.metadata);
    return { ...described, ms, runMs };
  }

  /** The inputs against the signature and the output names against the outputs: the studio's codes and messages. */
  check(model: ModelHandle, inputs: TensorMap, outputNames?: string[]): void {
    const graph = model.summary.graph;
    validateInputs(inputs, graph.inputs, { maxBytes: this.limits.maxInputBytes, optional: graph.overridableInitializers });
    const known = graph.outputs.map((o) => o.name);
    for (const name of outputNames ?? []) {
      if (!known.includes(name))
        throw new AppError(
          'INVALID_REQUEST',
          `The model has no output named "${name}"; its outputs are ${known.map((n) => `"${n}"`).join(', ')}.`,
        );
    }
  }

  async ensureOpen(model: ModelHandle, session?: SessionOptions): Promise<void> {
    if (session || !this.runtime.isOpen(model.modelId))
      await this.runtime.open(model.modelId, model.filePath, session ?? (await this.limits.defaultSession?.()) ?? {});
  }
}

// Labels parsed once per model rather than per prediction: a label list is often tens of KB of
// JSON (1000 ImageNet labels: ~40 µs to parse). Keyed by the summary's metadata, never mutated.
const labelCache = new WeakMap<object, ReturnType<typeof labelsFromMetadata>>();
function labelsOf(metadata: Record<string, string>): ReturnType<typeof labelsFromMetadata> {
  if (!labelCache.has(metadata)) labelCache.set(metadata, labelsFromMetadata(metadata));
  return labelCache.get(metadata);
}

function wireOutputs(outputs: TensorMap): PredictResult['outputs'] {
  const wire: PredictResult['outputs'] = {};
  for (const [name, t] of Object.entries(outputs)) wire[name] = tensorToWire(t);
  return wire;
}

/**
 * Outputs in the wire form (float32 and the like as their typed arrays: no per-value work here or
 * in any transport), with stats for numeric ones and top-k (labelled from metadata) for class scores.
 */
export function describeOutputs(outputs: TensorMap, metadata: Record<string, string>): Omit<PredictResult, 'ms' | 'runMs'> {
  const labels = labelsOf(metadata);
  const stats: Record<string, TensorStats> = {};
  const topk: Record<string, TopK> = {};
  for (const [name, t] of Object.entries(outputs)) {
    const s = tensorStats(t);
    if (s) stats[name] = s;
    const k = topK(t, 5, labels);
    if (k) topk[name] = k;
  }
  return { outputs: wireOutputs(outputs), stats, topk };
}
