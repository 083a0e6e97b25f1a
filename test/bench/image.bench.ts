// Issue 5's image targets, against the offline base (no Docker Hub here):
//   image size − base image size ≤ model size + 60 MB (the runtime, ~46 MB, and the server fit in 60);
//   container start → ready ≤ 1 s for a 64 MB model (ready = the model loaded and its golden sample
//   replayed by the server's self-test).
// Same-run baselines: the base image's own size, and `node -e 0` started in a container of the same
// base (what any Node image costs to start here, before our server does anything).
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { DockerClient } from '../../core/docker/client';
import { readManifest } from '../../core/bundle/bundle-files';
import { buildImage } from '../../core/image/build-image';
import { checkParity } from '../../core/image/parity';
import { cleanupDocker, ensureBaseImage, testLabels } from '../fixtures/docker-base';
import { packTestBundle } from '../fixtures/docker-bundle';
import { bigInitializers } from '../fixtures/models';
import { cached, median, result, type BenchResult } from './harness';

const MB = 1e6;
const SUITE = 'bench-image';

export async function imageBench(work: string, opts: { runs: number; log: (s: string) => void }): Promise<BenchResult[]> {
  const labels = testLabels(SUITE);
  const docker = await DockerClient.connect();
  const base = ensureBaseImage();
  const model = cached(work, 'model-64mib', (d) => bigInitializers(d, 64 << 20), 64 << 20);
  const modelBytes = statSync(model).size;
  const bundle = path.join(work, 'image-64mib-bundle');
  rmSync(bundle, { recursive: true, force: true });
  rmSync(`${bundle}.image-report.json`, { force: true });
  await packTestBundle(model, work, {
    name: 'big64',
    out: bundle,
    samples: [{ name: 'half', inputs: { x: { type: 'float32', shape: [1], data: [0.5] } } }],
  });
  try {
    opts.log(`image: building the 64 MiB model on ${base}`);
    const built = await buildImage({ bundlePath: bundle, tag: 'modelcrate-bench/big64:1', baseImage: base, labels, reportPath: false });
    if (!built.verified) throw new Error(`the bench image is not verified: ${JSON.stringify(built.parity)}`);
    const manifest = await readManifest(bundle, 'bundle');
    const starts: number[] = [built.parity!.coldStartMs!];
    const baseStarts: number[] = [];
    for (let i = 0; i < Math.max(3, opts.runs); i++) {
      baseStarts.push(await nodeStartMs(docker, base, labels));
      const p = await checkParity(docker, built.imageId, { bundleRoot: bundle, manifest, imageOrtVersion: manifestOrt(manifest), labels });
      if (!p.verified || p.coldStartMs === null) throw new Error(`run ${i}: not verified: ${p.error ?? ''}`);
      starts.push(p.coldStartMs);
      opts.log(`image: start → ready ${p.coldStartMs} ms; node -e 0 ${baseStarts.at(-1)!.toFixed(0)} ms`);
    }
    const added = built.sizeBytes - built.baseSizeBytes;
    const l = built.layers;
    opts.log(
      `image: ${(built.sizeBytes / MB).toFixed(1)} MB = base ${(l.baseBytes / MB).toFixed(1)} + runtime ${(l.runtimeBytes / MB).toFixed(1)} + server ${(l.serverBytes / MB).toFixed(2)} + model bundle ${(l.modelBytes / MB).toFixed(1)} MB`,
    );
    const coldStart = median(starts);
    return [
      result(
        'image: size − base size (64 MiB model)',
        added / MB,
        'MB',
        { name: 'model file', value: modelBytes / MB },
        { text: '≤ model + 60 MB', met: added <= modelBytes + 60 * MB },
      ),
      result('image: whole image', built.sizeBytes / MB, 'MB', { name: 'base image', value: built.baseSizeBytes / MB }),
      result(
        'image: container start → ready (64 MiB model, median)',
        coldStart,
        'ms',
        { name: 'node -e 0 in a container', value: median(baseStarts) },
        { text: '≤ 1000 ms', met: coldStart <= 1000 },
      ),
    ];
  } finally {
    cleanupDocker(SUITE, ['modelcrate-bench/big64:1']);
  }
}

function manifestOrt(m: { runtime: { onnxruntime: string } }): string {
  return m.runtime.onnxruntime;
}

/** create + start → exit of `node -e 0` on the same base: the floor any Node container pays. */
async function nodeStartMs(docker: DockerClient, image: string, labels: Record<string, string>): Promise<number> {
  const c = await docker.docker.createContainer({ Image: image, Cmd: ['node', '-e', '0'], Labels: labels });
  try {
    const t0 = performance.now();
    await c.start();
    await c.wait();
    return performance.now() - t0;
  } finally {
    await docker.removeContainer(c.id);
  }
}
