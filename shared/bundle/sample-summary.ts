// An output too big for a bundle's sample budget is kept as a summary: the sha256 of its bytes,
// statistics over its values and an evenly strided slice. Checking against a summary is weaker than
// an element-wise comparison, and used only past the budget (shared/bundle/sample.ts SamplePolicy):
// - the same bytes (sha256) is an exact reproduction, as strong as comparing every element;
// - types without a tolerance (integers, bool, string) must reproduce exactly, so the digest
//   decides, and the slice only names the first element that differs when it can;
// - floats: NaN and ±Infinity counts must be equal, min/max/std within atol + rtol·absMax (no
//   element may move further than that, and none of the three can move more than the largest
//   element move), mean within atol + rtol·absMean, and every slice element within the element
//   tolerance (compare-outputs.ts TOLERANCES). A drift confined to elements off the slice that
//   leaves the statistics within tolerance passes: that is what the summary gives up.
// Pure TS: the caller hashes (node:crypto in core and the server), so the page could check too.
import { halfToNumber } from '../float16';
import { tensorBytes } from '../tensor-buffers';
import { tensorToJson, wireToTensor } from '../tensor-json';
import type { JsonScalar, JsonTensor, Tensor, TensorMap, TensorType } from '../tensors';
import { compareOutputs, toNumber, TOLERANCES, type Comparison, type OutputDifference } from './compare-outputs';
import { isSummary, SUMMARY_SLICE_ELEMENTS, type ExpectedOutput, type OutputSummary } from './sample';

/** sha256 of bytes as 64 lowercase hex digits. */
export type Digest = (bytes: Uint8Array) => string;

/** The bytes a summary's sha256 is of: the little-endian element bytes, or for strings the UTF-8 JSON of the list. */
export function summaryBytes(t: Tensor): Uint8Array {
  return t.type === 'string' ? new TextEncoder().encode(JSON.stringify(t.data)) : tensorBytes(t);
}

function valueAt(t: Tensor): (i: number) => number {
  switch (t.type) {
    case 'string':
      return () => Number.NaN;
    case 'float16':
      return (i) => halfToNumber(t.data[i]!);
    case 'int64':
    case 'uint64':
      return (i) => Number(t.data[i]!);
    default: {
      const d = t.data as ArrayLike<number>;
      return (i) => d[i]!;
    }
  }
}

export function summarizeTensor(t: Tensor, digest: Digest): OutputSummary {
  const count = t.data.length;
  const step = Math.max(1, Math.ceil(count / SUMMARY_SLICE_ELEMENTS));
  const json = tensorToJson(sliceOf(t, step));
  const base = { sha256: digest(summaryBytes(t)), count, nan: 0, posInf: 0, negInf: 0, slice: { step, data: json.data } };
  if (t.type === 'string') return { ...base, min: null, max: null, mean: null, std: null, absMean: null, absMax: null };
  const at = valueAt(t);
  let nan = 0,
    posInf = 0,
    negInf = 0,
    n = 0;
  let min = Infinity,
    max = -Infinity,
    sum = 0,
    absSum = 0,
    absMax = 0;
  for (let i = 0; i < count; i++) {
    const v = at(i);
    if (v - v !== 0) {
      if (Number.isNaN(v)) nan++;
      else if (v > 0) posInf++;
      else negInf++;
      continue;
    }
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    const a = Math.abs(v);
    absSum += a;
    if (a > absMax) absMax = a;
  }
  if (n === 0) return { ...base, nan, posInf, negInf, min: null, max: null, mean: null, std: null, absMean: null, absMax: null };
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < count; i++) {
    const v = at(i);
    if (v - v === 0) sq += (v - mean) * (v - mean);
  }
  return { ...base, nan, posInf, negInf, min, max, mean, std: Math.sqrt(sq / n), absMean: absSum / n, absMax };
}

/** Elements 0, step, 2·step, … of t as a 1-D tensor. */
function sliceOf(t: Tensor, step: number): Tensor {
  const idx: number[] = [];
  for (let i = 0; i < t.data.length; i += step) idx.push(i);
  if (t.type === 'string') return { type: 'string', shape: [idx.length], data: idx.map((i) => t.data[i]!) };
  const Ctor = t.data.constructor as new (n: number) => typeof t.data;
  const out = new Ctor(idx.length) as unknown as { [i: number]: number | bigint };
  idx.forEach((i, k) => {
    out[k] = t.data[i]!;
  });
  return { type: t.type, shape: [idx.length], data: out } as unknown as Tensor;
}

/**
 * The first way `actual` does not match the summary, or null. `worst` (when given) is updated with
 * the largest float difference seen in the slice. Type and shape are checked by the caller.
 */
export function compareSummary(
  name: string,
  type: TensorType,
  expected: OutputSummary,
  actual: Tensor,
  digest: Digest,
  worst?: { d?: OutputDifference },
): OutputDifference | null {
  const whole = (why: string): OutputDifference => ({ output: name, index: -1, expected: null, actual: null, diff: null, why });
  if (actual.data.length !== expected.count) return whole(`expected ${expected.count} values, got ${actual.data.length}`);
  if (digest(summaryBytes(actual)) === expected.sha256) return null;
  const tol = TOLERANCES[type];
  const slice = summarizeSliceOnly(actual, expected.slice.step);
  // The slice first: it names an element, which says more than a statistic.
  for (let k = 0; k < expected.slice.data.length; k++) {
    const ev = expected.slice.data[k]!;
    const av = slice[k];
    const index = k * expected.slice.step;
    if (av === undefined) return whole(`the slice has ${expected.slice.data.length} elements, the output only ${slice.length}`);
    if (!tol) {
      if (String(ev) !== String(av))
        return {
          output: name,
          index,
          expected: ev,
          actual: av,
          diff: null,
          why: `expected ${show(ev)}, got ${show(av)} (${type} must match exactly)`,
        };
      continue;
    }
    const x = toNumber(ev);
    const y = toNumber(av);
    if ((Number.isNaN(x) && Number.isNaN(y)) || x === y) continue;
    const finite = Number.isFinite(x) && Number.isFinite(y);
    const diff = finite ? Math.abs(y - x) : Infinity;
    const allowed = finite ? tol.atol + tol.rtol * Math.abs(x) : 0;
    const d: OutputDifference = {
      output: name,
      index,
      expected: ev,
      actual: av,
      diff,
      why: `expected ${show(ev)}, got ${show(av)} (|diff| ${fmt(diff)} > ${fmt(allowed)}, ${type} rtol ${tol.rtol} atol ${tol.atol}; slice element of a summarized output)`,
    };
    if (worst && (!worst.d || diff > (worst.d.diff ?? 0))) worst.d = { ...d, why: `|diff| ${fmt(diff)}` };
    if (!(diff <= allowed)) return d;
  }
  if (!tol)
    return whole(
      `its sha256 differs from the recorded one (${type} must match exactly; the summary keeps ${expected.slice.data.length} of ${expected.count} elements, and those match)`,
    );
  const got = summarizeTensor(actual, () => expected.sha256);
  for (const k of ['nan', 'posInf', 'negInf'] as const) {
    if (got[k] !== expected[k])
      return whole(
        `expected ${expected[k]} ${k === 'nan' ? 'NaN' : k === 'posInf' ? '+Infinity' : '-Infinity'} values, got ${got[k]} (summarized output)`,
      );
  }
  const spread = tol.atol + tol.rtol * (expected.absMax ?? 0);
  const meanTol = tol.atol + tol.rtol * (expected.absMean ?? 0);
  for (const [k, allowed] of [
    ['min', spread],
    ['max', spread],
    ['mean', meanTol],
    ['std', spread],
  ] as const) {
    const e = expected[k];
    const a = got[k];
    if (e === null || a === null) {
      if (e !== a) return whole(`expected ${k} ${String(e)}, got ${String(a)} (summarized output)`);
      continue;
    }
    const diff = Math.abs(a - e);
    if (!(diff <= allowed))
      return whole(
        `expected ${k} ${e}, got ${a} (|diff| ${fmt(diff)} > ${fmt(allowed)}, ${type} rtol ${tol.rtol} atol ${tol.atol}; summarized output)`,
      );
  }
  return null;
}

export interface SampleComparison extends Comparison {
  /** Outputs compared element by element, and against a summary. */
  full: number;
  summarized: number;
}

/** A run's outputs: in the JSON form (as OIP answers), or typed (as the runtime gives them); each is converted only where needed. */
export type RunOutputs = { json: Record<string, Required<JsonTensor>> } | { tensors: TensorMap };

/**
 * A sample's recorded outputs against a run's (verify, the server's self-test, the parity gate):
 * outputs kept in full element by element (compareOutputs), summarized ones with compareSummary.
 * Every output the model gives must be recorded one way or the other.
 */
export function compareSampleOutputs(expected: Record<string, ExpectedOutput>, actual: RunOutputs, digest: Digest): SampleComparison {
  const names = Object.keys('json' in actual ? actual.json : actual.tensors);
  const jsonOf = (n: string): Required<JsonTensor> => ('json' in actual ? actual.json[n]! : tensorToJson(actual.tensors[n]!));
  const tensorOf = (n: string): Tensor => ('tensors' in actual ? actual.tensors[n]! : wireToTensor(actual.json[n]!, `Output "${n}"`));
  const full: Record<string, Required<JsonTensor>> = {};
  const summaries: Array<[string, Extract<ExpectedOutput, { summary: OutputSummary }>]> = [];
  for (const [name, e] of Object.entries(expected)) {
    if (isSummary(e)) summaries.push([name, e]);
    else full[name] = e;
  }
  const counts = { full: Object.keys(full).length, summarized: summaries.length };
  const summarized = new Set(summaries.map(([n]) => n));
  const rest = Object.fromEntries(names.filter((n) => !summarized.has(n)).map((n) => [n, jsonOf(n)]));
  const c = compareOutputs(full, rest);
  if (!c.ok) return { ...c, ...counts };
  const worst: { d?: OutputDifference } = c.worst ? { d: c.worst } : {};
  const done = (mismatch?: OutputDifference): SampleComparison => ({
    ok: !mismatch,
    ...(mismatch ? { mismatch } : {}),
    ...(worst.d ? { worst: worst.d } : {}),
    ...counts,
  });
  const whole = (output: string, why: string) => done({ output, index: -1, expected: null, actual: null, diff: null, why });
  for (const [name, e] of summaries) {
    if (!names.includes(name)) return whole(name, 'the model no longer gives this output');
    const a = tensorOf(name);
    if (a.type !== e.type) return whole(name, `expected type ${e.type}, got ${a.type}`);
    if (a.shape.length !== e.shape.length || a.shape.some((d, i) => d !== e.shape[i]))
      return whole(name, `expected shape [${e.shape.join(',')}], got [${a.shape.join(',')}]`);
    const m = compareSummary(name, e.type, e.summary, a, digest, worst);
    if (m) return done(m);
  }
  return done();
}

function summarizeSliceOnly(t: Tensor, step: number): JsonScalar[] {
  return tensorToJson(sliceOf(t, step)).data;
}

function show(v: JsonScalar): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function fmt(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(3))) : String(x);
}
