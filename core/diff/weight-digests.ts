// A digest per initializer, from the bytes where the summary says they are (raw_data, packed typed
// fields, or an external file). Weights that changed value but not shape leave the summary the same;
// their digests do not. Read in chunks with one buffer: memory stays flat for big models.
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ModelSummary, TensorInfo } from '../../shared/model-summary';
import { throwIfCancelled } from '../bundle/hash-file';

const CHUNK = 4 << 20;

export interface DigestOptions {
  signal?: AbortSignal;
  onBytes?: (done: number, total: number) => void;
}

/** Initializer name → sha256 (hex) of its stored bytes, main graph only. */
export async function weightDigests(modelPath: string, summary: ModelSummary, opts: DigestOptions = {}): Promise<Record<string, string>> {
  const inits = summary.graph.initializers;
  const total = inits.reduce((n, t) => n + ('length' in t.location ? t.location.length : 0), 0);
  const files = new Map<string, FileHandle>();
  const buf = Buffer.allocUnsafe(CHUNK);
  let done = 0;
  const out: Record<string, string> = {};
  try {
    for (const t of inits) {
      throwIfCancelled(opts.signal, 'Comparing the models');
      out[t.name] = await digestOf(t);
    }
    return out;
  } finally {
    for (const fh of files.values()) await fh.close();
  }

  async function digestOf(t: TensorInfo): Promise<string> {
    const h = createHash('sha256').update(`${t.dataType}[${t.dims.join(',')}]`);
    const loc = t.location;
    if (loc.kind === 'empty') return h.digest('hex');
    // External locations are relative to the model's folder; the reader has already refused unsafe ones.
    const file = loc.kind === 'external' ? path.resolve(path.dirname(modelPath), loc.location) : modelPath;
    let fh = files.get(file);
    if (!fh) files.set(file, (fh = await open(file, 'r')));
    for (let pos = 0; pos < loc.length; ) {
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
