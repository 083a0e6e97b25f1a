// Whether a golden sample's outputs are reproduced. Floats are compared with a tolerance per dtype
// (the same model on another CPU, thread count or onnxruntime build may round differently);
// integers, bools and strings must match exactly. Both sides are in the JSON form, so 64-bit
// integers compare as decimal text and non-finite floats as their names ("NaN" equals "NaN").
import type { JsonScalar, JsonTensor, TensorType } from '../tensors';

/** |actual − expected| ≤ atol + rtol·|expected|, element-wise (numpy.isclose). */
export const TOLERANCES: Partial<Record<TensorType, { rtol: number; atol: number }>> = {
  float32: { rtol: 1e-4, atol: 1e-5 },
  float16: { rtol: 1e-2, atol: 1e-5 },
  float64: { rtol: 1e-7, atol: 1e-12 },
};

export interface OutputDifference {
  output: string;
  /** Flat, row-major element index; -1 when the outputs differ as a whole (type, shape, missing). */
  index: number;
  expected: JsonScalar | null;
  actual: JsonScalar | null;
  /** |actual − expected| for floats (Infinity for NaN against a number); null otherwise. */
  diff: number | null;
  /** What went wrong, for messages: "0.25 vs 0.26 (|diff| 0.01 > 2.5e-5)". */
  why: string;
}

export interface Comparison {
  ok: boolean;
  /** The first mismatch when not ok. */
  mismatch?: OutputDifference;
  /** The largest float difference seen (also when ok), to show how close the reproduction was. */
  worst?: OutputDifference;
}

/** A JSON-form element as a number: the non-finite floats travel as the strings "NaN", "Infinity", "-Infinity". */
export const toNumber = (v: JsonScalar): number =>
  typeof v === 'number'
    ? v
    : v === 'NaN'
      ? Number.NaN
      : v === 'Infinity' || v === '+Infinity'
        ? Infinity
        : v === '-Infinity'
          ? -Infinity
          : Number(v);

export function compareOutputs(expected: Record<string, Required<JsonTensor>>, actual: Record<string, Required<JsonTensor>>): Comparison {
  let worst: OutputDifference | undefined;
  for (const [name, e] of Object.entries(expected)) {
    const a = actual[name];
    const whole = (why: string): Comparison => ({
      ok: false,
      mismatch: { output: name, index: -1, expected: null, actual: null, diff: null, why },
      worst,
    });
    if (!a) return whole('the model no longer gives this output');
    if (a.type !== e.type) return whole(`expected type ${e.type}, got ${a.type}`);
    if (a.shape.length !== e.shape.length || a.shape.some((d, i) => d !== e.shape[i]))
      return whole(`expected shape [${e.shape.join(',')}], got [${a.shape.join(',')}]`);
    if (a.data.length !== e.data.length) return whole(`expected ${e.data.length} values, got ${a.data.length}`);
    const tol = TOLERANCES[e.type];
    for (let i = 0; i < e.data.length; i++) {
      const ev = e.data[i]!;
      const av = a.data[i]!;
      if (!tol) {
        if (String(ev) !== String(av))
          return {
            ok: false,
            mismatch: {
              output: name,
              index: i,
              expected: ev,
              actual: av,
              diff: null,
              why: `expected ${show(ev)}, got ${show(av)} (${e.type} must match exactly)`,
            },
            worst,
          };
        continue;
      }
      const x = toNumber(ev);
      const y = toNumber(av);
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      if (x === y) continue; // equal infinities too
      const finite = Number.isFinite(x) && Number.isFinite(y);
      const diff = finite ? Math.abs(y - x) : Infinity;
      // A non-finite value on either side only matches itself (the tolerance of an infinity would be infinite).
      const allowed = finite ? tol.atol + tol.rtol * Math.abs(x) : 0;
      const d: OutputDifference = {
        output: name,
        index: i,
        expected: ev,
        actual: av,
        diff,
        why: `expected ${show(ev)}, got ${show(av)} (|diff| ${fmt(diff)} > ${fmt(allowed)}, ${e.type} rtol ${tol.rtol} atol ${tol.atol})`,
      };
      if (!worst || diff > (worst.diff ?? 0)) worst = { ...d, why: `|diff| ${fmt(diff)}` };
      if (!(diff <= allowed)) return { ok: false, mismatch: d, worst };
    }
  }
  for (const name of Object.keys(actual)) {
    if (!(name in expected))
      return {
        ok: false,
        mismatch: {
          output: name,
          index: -1,
          expected: null,
          actual: null,
          diff: null,
          why: 'the model gives an output the sample does not have',
        },
        worst,
      };
  }
  return worst ? { ok: true, worst } : { ok: true };
}

function show(v: JsonScalar): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function fmt(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(3))) : String(x);
}
