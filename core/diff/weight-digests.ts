// A digest per weight (shared/model-weights.ts: initializers and Constant values, in every graph),
// from the bytes where the summary says they are (raw_data, packed typed fields, or an external
// file), or from the values a value_float(s)/value_int(s) Constant carries inline. Weights that
// changed value but not shape leave the summary the same; their digests do not. Read in chunks with
// one buffer: memory stays flat for big models.
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ModelSummary } from '../../shared/model-summary';
import { modelWeights, type Weight } from '../../shared/model-weights';
import { throwIfCancelled } from '../bundle/hash-file';

const CHUNK = 4 << 20;

export interface DigestOptions {
  signal?: AbortSignal;
  onBytes?: (done: number, total: number) => void;
}

/** Weight id → sha256 (hex) of its type, dims and stored bytes (or inline values). */
export async function weightDigests(modelPath: string, summary: ModelSummary, opts: DigestOptions = {}): Promise<Record<string, string>> {
  const weights = modelWeights(summary.graph);
  const total = weights.reduce((n, w) => n + (w.tensor && 'length' in w.tensor.location ? w.tensor.location.length : 0), 0);
  const files = new Map<string, FileHandle>();
  const buf = Buffer.allocUnsafe(CHUNK);
  let done = 0;
  const out: Record<string, string> = {};
  try {
    for (const w of weights) {
      throwIfCancelled(opts.signal, 'Comparing the models');
      out[w.id] = await digestOf(w);
    }
    return out;
  } finally {
    for (const fh of files.values()) await fh.close();
  }

  async function digestOf(w: Weight): Promise<string> {
    const h = createHash('sha256').update(`${w.dataType}[${w.dims.join(',')}]`);
    if (!w.tensor) return h.update(JSON.stringify(w.inline ?? [])).digest('hex');
    // A packed field split over several records hashes the run from its first value to its last,
    // tags between included: the same values stored the same way give the same digest.
    const loc = w.tensor.location;
    if (loc.kind === 'empty') return h.digest('hex');
    // External locations are relative to the model's folder; the reader has already refused unsafe ones.
    const file = loc.kind === 'external' ? path.resolve(path.dirname(modelPath), loc.location) : modelPath;
    let fh = files.get(file);
    if (!fh) files.set(file, (fh = await open(file, 'r')));
    for (let pos = 0; pos < loc.length;) {
      const want = Math.min(CHUNK, loc.length - pos);
      const { bytesRead } = await fh.read(buf, 0, want, loc.offset + pos);
      if (bytesRead === 0) break; // the reader checked ranges; a file shrunk since only changes the digest
      h.update(buf.subarray(0, bytesRead));
      pos += bytesRead;
      done += bytesRead;
      opts.onBytes?.(done, total);
    }
    return h.digest('hex');
  }
}
