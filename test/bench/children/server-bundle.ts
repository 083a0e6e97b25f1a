// Packs the `mlp` fixture as a bundle with golden samples, for the server's tests and bench.
// Also a child script: `node server-bundle.mjs <dir>` prints the bundle's path.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { packBundle } from '../../../core/bundle/pack';
import { readModelSummary } from '../../../core/onnx/reader';
import { forkRuntime } from '../../../core/runtime/fork-runtime';
import { RuntimeService } from '../../../core/runtime/runtime-service';
import type { Metadata } from '../../../shared/metadata/schema';
import { metadataOfModel } from '../../../shared/metadata/defaults';
import type { WireTensorMap } from '../../../shared/tensors';
import { mlp, type Builder } from '../../fixtures/models';

export const MLP_SAMPLES: Array<{ name: string; inputs: WireTensorMap }> = [
  { name: 'first', inputs: { x: { shape: [2, 4], data: [1, 2, 3, 4, -1, 0.5, 0, 2] } } },
  { name: 'second', inputs: { x: { shape: [1, 4], data: [0.25, -3, 7, 0.125] } } },
];

export interface PackedMlp {
  bundle: string;
  modelPath: string;
}

export interface PackOpts {
  name?: string;
  workerPath?: string;
  metadata?: Partial<Metadata>;
  build?: Builder;
  samples?: Array<{ name: string; inputs: WireTensorMap }>;
}

/** The mlp model (or `build`'s) in `dir`, packed into `<dir>/<name>` (a folder, or .tar.gz by the name). */
export async function packMlpBundle(dir: string, opts: PackOpts = {}): Promise<PackedMlp> {
  mkdirSync(dir, { recursive: true });
  const modelPath = (opts.build ?? mlp)(dir);
  const summary = await readModelSummary(modelPath);
  const runtime = new RuntimeService(forkRuntime(opts.workerPath));
  try {
    const out = path.join(dir, opts.name ?? 'mlp-bundle');
    await packBundle({
      modelPath,
      summary,
      metadata: { ...metadataOfModel(summary).metadata, ...opts.metadata },
      out,
      runtime,
      samples: opts.samples ?? MLP_SAMPLES,
      createdAt: new Date('2025-01-01T00:00:00Z'),
    });
    return { bundle: out, modelPath };
  } finally {
    await runtime.dispose();
  }
}

if (process.argv[1] && /server-bundle\.m?[jt]s$/.test(process.argv[1])) {
  const r = await packMlpBundle(process.argv[2]!, { workerPath: process.argv[3] });
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
