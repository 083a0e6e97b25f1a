// A bundle's golden-sample files, written and read (docs/architecture.md §Bundle format; the
// formats in shared/bundle/sample.ts). Writing keeps every input in full and each output in full
// or as a summary, within the bundle's sample budget; reading checks that the index, the manifest's
// entry and the .npy files agree before anything runs. Every file is also listed with its sha256 in
// modelcrate.json, checked before these readers are reached.
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sampleDataPath, samplePath, type SampleDataFile, type SampleEntry } from '../../shared/bundle/manifest';
import {
  INLINE_JSON_BYTES,
  isSummary,
  parseSampleFile,
  parseSampleIndex,
  SUMMARY_SLICE_ELEMENTS,
  type ExpectedOutput,
  type SampleIndex,
} from '../../shared/bundle/sample';
import { summarizeTensor, type Digest as DigestFn } from '../../shared/bundle/sample-summary';
import { AppError } from '../../shared/errors';
import { formatBytes } from '../../shared/format';
import { parseNpy, writeNpy } from '../../shared/npy';
import { ELEM_BYTES } from '../../shared/tensor-buffers';
import { tensorToJson, wireToTensor } from '../../shared/tensor-json';
import type { JsonTensor, Tensor, TensorMap, WireTensorMap } from '../../shared/tensors';
import { writeHashed, type Digest } from './hash-file';

export const sha256Hex: DigestFn = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** What a summary may take in the index, reserved for each output still to come. */
const SUMMARY_RESERVE = 8 << 10;
/** A .npy header (numpy pads it to 64 bytes; 128 covers any rank we allow in practice). */
const NPY_HEADER = 128;

const invalid = (message: string) =>
  new AppError('BUNDLE_INVALID', message, 'The bundle was edited or damaged; pack it again from the model.');

/** The tensor's JSON text when it is at most INLINE_JSON_BYTES, else undefined (without building a big string). */
function inlineJson(t: Tensor): Required<JsonTensor> | undefined {
  // Every element takes at least 2 characters ("0,"): past this many, the JSON cannot be small.
  if (t.data.length > INLINE_JSON_BYTES / 2) return undefined;
  const json = tensorToJson(t);
  return JSON.stringify(json).length <= INLINE_JSON_BYTES ? json : undefined;
}

/** A tensor's bytes in a .npy file, or undefined for strings (kept inline: .npy's fixed-width strings lose trailing NULs). */
function npyBytes(t: Tensor): number | undefined {
  return t.type === 'string' ? undefined : NPY_HEADER + t.data.length * ELEM_BYTES[t.type];
}

/** A sample's inputs' bytes as they will be kept, estimated before it runs (for the budget's reserve). */
export function estimateInputBytes(inputs: WireTensorMap): number {
  let n = 0;
  // The type may be left out (the model's is taken): then 8 bytes an element, the widest.
  for (const t of Object.values(inputs)) n += NPY_HEADER + t.data.length * (t.type && t.type !== 'string' ? ELEM_BYTES[t.type] : 8);
  return n;
}

export interface SampleBudget {
  /** Bytes every sample file together may take. */
  budgetBytes: number;
  /** Outputs to keep in full (all others are summarized); undefined: as many as the budget holds. */
  keepOutputs?: ReadonlySet<string>;
  /** Bytes still to come after this sample (later samples' inputs and summaries), so earlier outputs leave room. */
  reserveBytes: number;
}

/** Writes one sample's files into the bundle folder `dir`; `add` lists each in the manifest. */
export class SampleWriter {
  /** Bytes of every sample file written so far. */
  used = 0;
  /** Bytes of outputs kept in full because keepOutputs named them. */
  private keptByRequest = 0;

  constructor(
    private readonly dir: string,
    private readonly budget: SampleBudget,
    private readonly add: (rel: string, d: Digest) => void,
  ) {}

  /** Reserves room for a sample still to come (its inputs and its outputs' summaries). */
  reserve(bytes: number): void {
    this.budget.reserveBytes += bytes;
  }

  async write(name: string, inputs: TensorMap, outputs: TensorMap, outputOrder: readonly string[]): Promise<SampleEntry> {
    const index: SampleIndex = { inputs: {}, outputs: {} };
    const files: SampleDataFile[] = [];
    const summarized: string[] = [];
    let folder = false;
    const writeNpyFile = async (role: 'input' | 'output', i: number, tensor: string, t: Tensor): Promise<string> => {
      const rel = sampleDataPath(name, role, i);
      if (!folder) await mkdir(path.join(this.dir, path.dirname(rel)), { recursive: true });
      folder = true;
      const d = await writeHashed(path.join(this.dir, rel), writeNpy(t));
      this.add(rel, d);
      this.used += d.size;
      files.push({ path: rel, format: 'npy', role, tensor });
      return rel;
    };
    // Bytes the index file will take so far (inline tensors, summaries); it is written last.
    let indexBytes = 0;
    for (const [i, [k, t]] of Object.entries(inputs).entries()) {
      // Strings stay inline whatever their size (.npy's fixed-width strings lose trailing NULs).
      const json = inlineJson(t) ?? (t.type === 'string' ? tensorToJson(t) : undefined);
      if (json) {
        index.inputs[k] = json;
        indexBytes += JSON.stringify(json).length;
      } else {
        index.inputs[k] = { type: t.type, shape: [...t.shape], file: await writeNpyFile('input', i, k, t) };
      }
    }
    const names = [...outputOrder.filter((n) => n in outputs), ...Object.keys(outputs).filter((n) => !outputOrder.includes(n))];
    for (const [i, k] of names.entries()) {
      const t = outputs[k]!;
      this.budget.reserveBytes = Math.max(0, this.budget.reserveBytes - SUMMARY_RESERVE);
      const json = inlineJson(t) ?? (t.type === 'string' ? tensorToJson(t) : undefined);
      const fullBytes = json ? JSON.stringify(json).length : npyBytes(t)!;
      const small = t.data.length <= SUMMARY_SLICE_ELEMENTS;
      const requested = this.budget.keepOutputs?.has(k) ?? false;
      const fits = this.used + indexBytes + fullBytes + this.budget.reserveBytes <= this.budget.budgetBytes;
      if (!(small || (this.budget.keepOutputs ? requested : fits))) {
        const summary = summarizeTensor(t, sha256Hex);
        index.outputs[k] = { type: t.type, shape: [...t.shape], summary };
        indexBytes += JSON.stringify(summary).length;
        summarized.push(k);
        continue;
      }
      if (requested && !small) this.keptByRequest += fullBytes;
      if (json) {
        index.outputs[k] = json;
        indexBytes += fullBytes;
      } else {
        index.outputs[k] = { type: t.type, shape: [...t.shape], file: await writeNpyFile('output', i, k, t) };
      }
    }
    const text = `${JSON.stringify(index)}\n`;
    const d = await writeHashed(path.join(this.dir, samplePath(name)), text);
    this.add(samplePath(name), d);
    this.used += d.size;
    if (this.keptByRequest > 0 && this.used > this.budget.budgetBytes) {
      throw new AppError(
        'INVALID_REQUEST',
        `The golden samples take ${formatBytes(this.used)} with the outputs kept in full (${[...this.budget.keepOutputs!].join(', ')}), over the bundle's sample budget of ${formatBytes(this.budget.budgetBytes)}.`,
        'Keep fewer outputs in full (--keep-outputs), or raise the budget (--sample-budget, e.g. 64MiB).',
      );
    }
    return { name, path: samplePath(name), format: 'json-index', files, summarized };
  }
}

/** A sample read back: its inputs and its recorded outputs, in full (JSON form) or as summaries. */
export interface LoadedSample {
  inputs: TensorMap;
  outputs: Record<string, ExpectedOutput>;
}

/**
 * Reads a sample of either format. For 'json-index', every .npy file the index names must be one
 * the manifest's entry lists for that tensor (and so one whose sha256 was checked), every listed
 * file must be used, `summarized` must name exactly the summarized outputs, and each .npy file must
 * hold the type and shape the index says. `outputs: false` skips the outputs (a diff needs inputs only).
 */
export async function readSample(root: string, entry: SampleEntry, opts: { outputs?: boolean } = {}): Promise<LoadedSample> {
  const text = await readFile(path.join(root, entry.path), 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid(`${entry.path} is not valid JSON.`);
  }
  const withOutputs = opts.outputs !== false;
  if ((entry.format ?? 'json') === 'json') {
    const f = parseSampleFile(json, entry.path);
    const inputs: TensorMap = {};
    for (const [k, t] of Object.entries(f.inputs)) inputs[k] = wireToTensor(t, `${entry.path}: input "${k}"`);
    return { inputs, outputs: withOutputs ? (f.outputs as Record<string, Required<JsonTensor>>) : {} };
  }
  const index = parseSampleIndex(json, entry.path);
  const listed = new Map((entry.files ?? []).map((f) => [f.path, f]));
  const used = new Set<string>();
  const load = async (role: 'input' | 'output', k: string, t: { type: Tensor['type']; shape: number[]; file: string }): Promise<Tensor> => {
    const f = listed.get(t.file);
    if (!f || f.role !== role || f.tensor !== k)
      throw invalid(
        `${entry.path}: ${role} "${k}" names "${t.file}", which modelcrate.json does not list as that ${role}'s file of sample "${entry.name}".`,
      );
    if (used.has(t.file)) throw invalid(`${entry.path}: "${t.file}" is named twice.`);
    used.add(t.file);
    const tensor = parseNpy(await readFile(path.join(root, t.file)), t.file);
    if (tensor.type !== t.type || tensor.shape.length !== t.shape.length || tensor.shape.some((d, i) => d !== t.shape[i])) {
      throw invalid(`${t.file} holds ${tensor.type}[${tensor.shape.join(',')}]; ${entry.path} says ${t.type}[${t.shape.join(',')}].`);
    }
    return tensor;
  };
  const inputs: TensorMap = {};
  for (const [k, t] of Object.entries(index.inputs))
    inputs[k] = 'file' in t ? await load('input', k, t) : wireToTensor(t, `${entry.path}: input "${k}"`);
  const outputs: Record<string, ExpectedOutput> = {};
  const summaries: string[] = [];
  for (const [k, t] of Object.entries(index.outputs)) {
    if ('summary' in t) summaries.push(k);
    if (!withOutputs) {
      if ('file' in t) used.add(t.file);
      continue;
    }
    outputs[k] = 'file' in t ? tensorToJson(await load('output', k, t)) : t;
  }
  const unused = [...listed.keys()].filter((p) => !used.has(p));
  if (unused.length)
    throw invalid(
      `${entry.path} does not use ${unused.map((p) => `"${p}"`).join(', ')}, which modelcrate.json lists for sample "${entry.name}".`,
    );
  const declared = [...(entry.summarized ?? [])].sort();
  if (JSON.stringify(declared) !== JSON.stringify([...summaries].sort())) {
    throw invalid(
      `${entry.path} summarizes ${summaries.length ? summaries.map((s) => `"${s}"`).join(', ') : 'no output'}; modelcrate.json says ${declared.length ? declared.map((s) => `"${s}"`).join(', ') : 'none'}.`,
    );
  }
  return { inputs, outputs };
}

/** The outputs a loaded sample keeps in full, in the JSON form (what the Test step shows). */
export function fullOutputs(s: LoadedSample): Record<string, Required<JsonTensor>> {
  return Object.fromEntries(Object.entries(s.outputs).filter(([, o]) => !isSummary(o))) as Record<string, Required<JsonTensor>>;
}
