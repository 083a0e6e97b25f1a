// The image job: bundle → build context streamed to the engine → image (id, size, layer breakdown)
// → parity gate → report saved beside the bundle. Progress follows the Dockerfile's steps, then
// the samples. A parity failure is a result (verified: false, per-sample reasons), not a throw:
// the studio shows which sample drifted; the CLI turns it into PARITY_FAILED.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { APP_VERSION } from '../app-version';
import type { ImageBuildResult, LayerBreakdown } from '../../shared/image/types';
import { DockerClient } from '../docker/client';
import { writeFileAtomic } from '../fs/atomic-write';
import type { JobContext } from '../jobs/jobs';
import { contextStream, prepareContext, type BuildContext, type RuntimeLocation } from './context';
import { defaultNodeModules } from './context-files';
import { DEFAULT_BASE_IMAGE, modelSha256 } from './dockerfile';
import { checkParity } from './parity';

export interface BuildImageOptions extends Partial<JobContext> {
  /** A bundle folder or .tar.gz. */
  bundlePath: string;
  tag: string;
  baseImage?: string;
  runtime?: RuntimeLocation;
  /** Run the parity gate (default true). */
  verify?: boolean;
  /** Extra labels on the image and the parity container (tests mark theirs). */
  labels?: Record<string, string>;
  docker?: DockerClient;
  /** Where the JSON report goes (default: defaultReportPath); false: none. */
  reportPath?: string | false;
  readyTimeoutMs?: number;
  /** Bake this PEM public key in: the image serves only a bundle signed by it (the bundle must be). */
  publicKeyPem?: string;
}

export async function buildImage(opts: BuildImageOptions): Promise<ImageBuildResult> {
  const docker = opts.docker ?? (await DockerClient.connect());
  const baseImage = opts.baseImage || DEFAULT_BASE_IMAGE;
  const ctx = await prepareContext(opts.bundlePath, { runtime: opts.runtime, signal: opts.signal, publicKeyPem: opts.publicKeyPem });
  try {
    const m = ctx.manifest;
    const t0 = performance.now();
    opts.progress?.(0, undefined, 'Sending the build context');
    const imageId = await docker.build(contextStream(ctx.entries, { signal: opts.signal }), {
      tag: opts.tag,
      buildArgs: { BASE_IMAGE: baseImage },
      labels: opts.labels,
      signal: opts.signal,
      onLine: (l) => opts.log?.(l),
      onStep: (n, total, text) => opts.progress?.(n - 1, total, `Step ${n}/${total}: ${text}`),
    });
    const buildMs = Math.round(performance.now() - t0);
    const info = await docker.inspectImage(imageId);
    const layers = await layerBreakdown(docker, opts.tag, baseImage, info.Size);
    const result: ImageBuildResult = {
      tag: opts.tag,
      imageId,
      baseImage,
      sizeBytes: info.Size,
      baseSizeBytes: layers.baseBytes,
      layers,
      buildMs,
      verified: false,
      model: { name: m.metadata.name, version: m.metadata.version, sha256: modelSha256(m) },
    };
    if (opts.verify !== false) {
      result.parity = await checkParity(docker, imageId, {
        bundleRoot: bundleRootOf(ctx),
        manifest: m,
        imageOrtVersion: ortVersion(opts.runtime),
        labels: opts.labels,
        readyTimeoutMs: opts.readyTimeoutMs,
        signal: opts.signal,
        log: opts.log,
        onSample: (i, n, name) => opts.progress?.(i, n, `Parity: sample ${name}`),
      });
      result.verified = result.parity.verified;
    }
    const report = opts.reportPath === undefined ? defaultReportPath(opts.bundlePath) : opts.reportPath;
    if (report) {
      result.reportPath = report;
      await writeFileAtomic(
        report,
        `${JSON.stringify({ tool: { name: 'modelcrate', version: APP_VERSION }, builtAt: new Date().toISOString(), ...result }, null, 2)}\n`,
      );
    }
    return result;
  } finally {
    await ctx.dispose();
  }
}

/** The bundle's folder as the context holds it (the extraction folder for a .tar.gz). */
function bundleRootOf(ctx: BuildContext): string {
  const e = ctx.entries.find((x) => x.name === 'bundle/modelcrate.json')!;
  return path.dirname(e.source as string);
}

function ortVersion(loc?: RuntimeLocation): string {
  const nm = loc?.nodeModules ?? defaultNodeModules();
  return (JSON.parse(readFileSync(path.join(nm, 'onnxruntime-node', 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Our three COPY layers are the newest three COPY rows of the history (oldest first: runtime,
 * server, model — the Dockerfile's order); the base is the base image's own size.
 */
async function layerBreakdown(docker: DockerClient, tag: string, baseImage: string, total: number): Promise<LayerBreakdown> {
  const copies = (await docker.history(tag))
    .filter((h) => /\bCOPY\b/.test(h.CreatedBy))
    .slice(0, 3)
    .reverse();
  const [runtimeBytes = 0, serverBytes = 0, modelBytes = 0] = copies.map((h) => h.Size);
  const baseBytes = await docker.inspectImage(baseImage).then(
    (b) => b.Size,
    () => Math.max(0, total - runtimeBytes - serverBytes - modelBytes),
  );
  return { baseBytes, runtimeBytes, serverBytes, modelBytes };
}

/**
 * Beside the bundle, named like it without the archive extension: `mlp-1.2.0/` and `mlp-1.2.0.tar.gz`
 * both give `mlp-1.2.0.image-report.json` (what `k8s --report` is then pointed at).
 */
export function defaultReportPath(bundlePath: string): string {
  return `${path
    .resolve(bundlePath)
    .replace(/[\\/]+$/, '')
    .replace(/\.(tar\.gz|tgz)$/i, '')}.image-report.json`;
}
