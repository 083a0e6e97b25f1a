// The input/output contract a bundle records (modelcrate.json `signature`), taken from the model's
// graph the way `inspect --json` shows it, so servers and the Docker build can read it without
// parsing the model.
import type { ValueInfo } from '../model-summary';
import type { SignatureEntry } from './manifest';

export interface Signature {
  inputs: SignatureEntry[];
  outputs: SignatureEntry[];
}

function entry(v: ValueInfo): SignatureEntry {
  const tensor = v.type.kind === 'tensor';
  return { name: v.name, type: tensor ? (v.type.elemType ?? 'undefined') : v.type.text, shape: tensor ? (v.type.shape ?? null) : null };
}

export function signatureOf(graph: { inputs: ValueInfo[]; outputs: ValueInfo[] }): Signature {
  return { inputs: graph.inputs.map(entry), outputs: graph.outputs.map(entry) };
}

/** The first difference between two signatures, in words, or null when they are the same. */
export function signatureDifference(recorded: Signature, actual: Signature): string | null {
  for (const side of ['inputs', 'outputs'] as const) {
    const a = recorded[side];
    const b = actual[side];
    if (a.length !== b.length) return `the manifest lists ${a.length} ${side}, the model has ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const x = JSON.stringify(a[i]);
      const y = JSON.stringify(b[i]);
      if (x !== y) return `${side.slice(0, -1)} ${i}: the manifest says ${x}, the model has ${y}`;
    }
  }
  return null;
}
