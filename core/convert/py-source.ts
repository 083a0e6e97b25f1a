// Pieces every conversion script shares: Python literals for the values baked into it, the header
// (what it does, how to run it by hand, its settings), progress lines, seeded random inputs and the
// parity files. The scripts are text the user reads before they run, so they are plain Python
// with the values written out, not a template engine's output.
import path from 'node:path';
import type { ConvertInput } from '../../shared/formats/convert-types';

type PyValue = string | number | boolean | null | undefined | PyValue[] | { [k: string]: PyValue };

/** A Python literal for `v`. JSON's string escapes (\" \\ \n \uXXXX) are all valid in Python strings. */
export function py(v: PyValue): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return String(v);
  }
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(py).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${JSON.stringify(k)}: ${py(x)}`)
    .join(', ')}}`;
}

export interface ScriptSettings {
  src: string;
  out: string;
  what: string;
  converter: string;
  inputs: ConvertInput[] | null;
  outputNames?: string[] | null;
  opset: number;
  dynamicBatch: boolean;
  samples: number;
  seed: number;
  /** Steps the script reports, for the progress bar. */
  total: number;
}

export function header(s: ScriptSettings): string {
  const inputs =
    s.inputs === null
      ? 'None  # read from the model'
      : `[\n${s.inputs.map((i) => `    ${py({ name: i.name, dtype: i.dtype, shape: i.shape })},`).join('\n')}\n]`;
  const lines = [
    `# Converts ${path.basename(s.src)} (${s.what}) to ONNX with ${s.converter}.`,
    '# Written by Modelcrate Studio, which shows it to you before running it. To run it by hand:',
    '#   python3 convert.py [OUT] [PARITY_DIR]',
    '# OUT: where the ONNX file goes (default below). PARITY_DIR: when given, the script also saves',
    "# SAMPLES random inputs (seeded) and the original model's outputs there as .npy files, with",
    '# parity.json naming them, for the studio to check the ONNX model gives the same outputs.',
    'import json',
    'import os',
    'import sys',
    '',
    `SRC = ${py(s.src)}`,
    `OUT = sys.argv[1] if len(sys.argv) > 1 else ${py(s.out)}`,
    'PARITY_DIR = sys.argv[2] if len(sys.argv) > 2 else None',
    `INPUTS = ${inputs}`,
  ];
  if (s.outputNames !== undefined) lines.push(`OUTPUT_NAMES = ${py(s.outputNames)}`);
  lines.push(
    `OPSET = ${s.opset}`,
    `DYNAMIC_BATCH = ${py(s.dynamicBatch)}  # dim 0 of every input and output becomes a symbolic "batch" dim`,
    `SAMPLES = ${s.samples}`,
    `SEED = ${s.seed}`,
    `TOTAL = ${s.total}`,
    '',
    HELPERS,
  );
  return lines.join('\n');
}

const HELPERS = `
def step(label, done):
    """A progress line for the studio: one JSON object on its own line."""
    print(json.dumps({"step": label, "done": done, "total": TOTAL}), flush=True)


def random_inputs(np, rng, specs):
    """One sample: an array per input, reproducible from SEED."""
    arrays = []
    for spec in specs:
        shape, dtype = tuple(spec["shape"]), spec["dtype"]
        if dtype.startswith("float"):
            arrays.append(rng.standard_normal(shape).astype(dtype))
        elif dtype == "bool":
            arrays.append(rng.integers(0, 2, shape).astype(bool))
        elif dtype in ("uint8", "int8"):
            info = np.iinfo(dtype)
            arrays.append(rng.integers(int(info.min), int(info.max) + 1, shape).astype(dtype))
        else:
            # Wider integers are usually ids or indices: small non-negative values stay in range.
            arrays.append(rng.integers(0, 10, shape).astype(dtype))
    return arrays


def save_parity(np, samples, input_names, outputs_of, output_names):
    """Saves each sample's inputs and the original model's outputs, and parity.json naming the files."""
    if not PARITY_DIR:
        return
    index = []
    for k, xs in enumerate(samples):
        ys = outputs_of(xs)
        if len(ys) != len(output_names):
            raise ValueError("the model gave %d outputs, the ONNX model has %d" % (len(ys), len(output_names)))
        entry = {"inputs": {}, "outputs": {}}
        for side, names, arrays in (("inputs", input_names, xs), ("outputs", output_names, ys)):
            for i, (name, a) in enumerate(zip(names, arrays)):
                a = np.ascontiguousarray(a)
                if a.dtype == object:
                    a = a.astype(str)  # never saved as a pickle
                file = "s%d-%s%d.npy" % (k, side[0], i)
                np.save(os.path.join(PARITY_DIR, file), a, allow_pickle=False)
                entry[side][name] = file
        index.append(entry)
    with open(os.path.join(PARITY_DIR, "parity.json"), "w") as f:
        json.dump({"samples": index}, f)

`;
