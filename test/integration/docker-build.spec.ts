// Real image builds against a real engine and the offline base image
// (docs/machines.md §Offline base image): the mlp bundle with golden samples is built, run as
// non-root, verified bit for bit and timed; the error paths (missing base, failing step, base
// without node, engine unreachable) and a cancel mid-build. Without Docker the suite skips with a
// reason — except under CI=true, where it fails.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DockerClient } from '../../core/docker/client';
import { buildImage } from '../../core/image/build-image';
import type { ContextEntry } from '../../core/image/context';
import { contextStream } from '../../core/image/context';
import { AppError } from '../../shared/errors';
import {
  cleanupDocker,
  dockerAvailable,
  ensureBaseImage,
  ensureNoNodeImage,
  removeWithDescendants,
  suiteContainers,
  testLabels,
} from '../fixtures/docker-base';
import { packTestBundle } from '../fixtures/docker-bundle';
import { tinyImageClassifier } from '../fixtures/image-models';
import { bigInitializers, mlp } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';

const docker = dockerAvailable();
const SUITE = 'docker-build';
const TEST_LABEL = testLabels(SUITE);
const labelled = () => suiteContainers(SUITE);
const imageExists = (ref: string) => execFileSync('docker', ['images', '-q', ref], { encoding: 'utf8' }).trim() !== '';

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe.skipIf(!docker)('Docker image build (real engine; skipped: Docker not reachable)', { timeout: 240_000 }, () => {
  const dir = suiteDir('docker-build');
  let base: string;
  let bundle: string;
  beforeAll(async () => {
    base = ensureBaseImage();
    bundle = await packTestBundle(mlp(dir), dir);
  });
  afterAll(() => cleanupDocker(SUITE));

  it('builds the mlp bundle, runs it as non-root, reproduces every golden sample bit for bit, reports size and cold start', async () => {
    const steps: string[] = [];
    const log: string[] = [];
    const r = await buildImage({
      bundlePath: bundle,
      tag: 'modelcrate-test/mlp:1.2.3',
      baseImage: base,
      labels: TEST_LABEL,
      progress: (_d, _t, l) => steps.push(l),
      log: (l) => log.push(l),
    });
    expect(r.verified).toBe(true);
    expect(r.parity!.samples.map((s) => [s.name, s.ok, s.comparison])).toEqual([
      ['ones', true, 'exact'],
      ['mixed', true, 'exact'],
    ]);
    expect(r.parity!.coldStartMs).toBeGreaterThan(0);
    expect(r.parity!.coldStartMs).toBeLessThan(30_000);
    expect(steps.some((s) => /^Step \d+\/\d+: COPY .*bundle\//.test(s))).toBe(true);
    expect(log.some((l) => l.startsWith('Successfully tagged modelcrate-test/mlp:1.2.3'))).toBe(true);
    // Layers: base as imported, the ~46 MB runtime, the server, the model bundle; they add up.
    expect(r.layers.baseBytes).toBe(r.baseSizeBytes);
    expect(r.layers.runtimeBytes).toBeGreaterThan(20e6);
    expect(r.layers.serverBytes).toBeGreaterThan(1000);
    expect(r.layers.modelBytes).toBeGreaterThan(500);
    expect(Math.abs(r.sizeBytes - (r.layers.baseBytes + r.layers.runtimeBytes + r.layers.serverBytes + r.layers.modelBytes))).toBeLessThan(
      64 * 1024,
    );
    const info = JSON.parse(execFileSync('docker', ['image', 'inspect', r.tag], { encoding: 'utf8' }))[0];
    expect(info.Id).toBe(r.imageId);
    expect(info.Config.User).toBe('10001:10001');
    expect(info.Config.Env).toContain('ORT_DISABLE_TELEMETRY=1');
    expect(info.Config.Healthcheck.Test[0]).toBe('CMD');
    expect(info.Config.Labels).toMatchObject({
      'org.opencontainers.image.version': '1.2.3',
      'io.modelcrate.model.sha256': r.model.sha256,
      'io.modelcrate.test': '1',
    });
    // The report beside the bundle says the same; no container is left behind.
    expect(r.reportPath).toBe(`${bundle}.image-report.json`);
    expect(JSON.parse(readFileSync(r.reportPath!, 'utf8'))).toMatchObject({
      verified: true,
      imageId: r.imageId,
      parity: { coldStartMs: r.parity!.coldStartMs },
    });
    expect(labelled()).toBe('');
  });

  it('a picture model: sharp goes into the image and a PNG sent as BYTES is decoded inside the container', async () => {
    const pixels = Array.from({ length: 3 * 16 * 16 }, (_, i) => (i % 17) / 17);
    const img = await packTestBundle(tinyImageClassifier(dir), dir, {
      name: 'tiny',
      out: join(dir, 'tiny-bundle'),
      samples: [{ name: 'stripes', inputs: { pixel_values: { type: 'float32', shape: [1, 3, 16, 16], data: pixels } } }],
    });
    const r = await buildImage({ bundlePath: img, tag: 'modelcrate-test/tiny:1', baseImage: base, labels: TEST_LABEL, reportPath: false });
    expect(r.verified, JSON.stringify(r.parity)).toBe(true);
    const client = await DockerClient.connect();
    const c = await client.run(r.imageId, { port: 8080, labels: TEST_LABEL });
    onTestFinished(() => client.removeContainer(c.id));
    for (
      let i = 0;
      i < 300 &&
      (await fetch(`http://127.0.0.1:${c.hostPort}/v2/health/ready`).then(
        (x) => x.status,
        () => 0,
      )) !== 200;
      i++
    )
      await new Promise((res) => setTimeout(res, 100));
    const png = await sharp(Buffer.alloc(40 * 30 * 3, 200), { raw: { width: 40, height: 30, channels: 3 } })
      .png()
      .toBuffer();
    const res = await fetch(`http://127.0.0.1:${c.hostPort}/v2/models/tiny/infer`, {
      method: 'POST',
      body: JSON.stringify({ inputs: [{ name: 'pixel_values', shape: [1], datatype: 'BYTES', data: [png.toString('base64')] }] }),
    });
    const body = (await res.json()) as { outputs: Array<{ name: string; data: number[] }> };
    expect(res.status, JSON.stringify(body)).toBe(200);
    const probs = body.outputs.find((o) => o.name === 'probabilities')!.data;
    expect(probs).toHaveLength(3);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('a base image that is neither local nor pullable → BASE_IMAGE_MISSING, saying to set the base image', async () => {
    const err = await failure(
      buildImage({
        bundlePath: bundle,
        tag: 'modelcrate-test/nobase:1',
        baseImage: 'modelcrate-test/does-not-exist:1',
        labels: TEST_LABEL,
        reportPath: false,
      }),
    );
    expect(err.code).toBe('BASE_IMAGE_MISSING');
    expect(err.message).toContain('modelcrate-test/does-not-exist:1');
    expect(err.hint).toMatch(/base image/i);
  });

  it('a failing Dockerfile step (error inside the 200 stream) → BUILD_FAILED naming the step', async () => {
    const client = await DockerClient.connect();
    const df = Buffer.from(`FROM ${base}\nLABEL io.modelcrate.test.suite=${SUITE}\nCOPY missing.txt /app/\n`);
    const entries: ContextEntry[] = [{ name: 'Dockerfile', source: df, size: df.length, mode: 0o644 }];
    const err = await failure(client.build(contextStream(entries), { tag: 'modelcrate-test/broken:1' }));
    expect(err.code).toBe('BUILD_FAILED');
    expect(err.message).toMatch(/at Step 3\/3 : COPY missing\.txt \/app\/: .*missing\.txt/);
  });

  it('a base without node builds, but the parity gate fails with the reason and removes the container', async () => {
    const r = await buildImage({
      bundlePath: bundle,
      tag: 'modelcrate-test/nonode:1',
      baseImage: ensureNoNodeImage(),
      labels: TEST_LABEL,
      reportPath: join(dir, 'nonode.json'),
    });
    expect(r.verified).toBe(false);
    expect(r.parity!.error).toMatch(/did not start|exited/);
    expect(r.parity!.error).toMatch(/node/);
    expect(JSON.parse(readFileSync(join(dir, 'nonode.json'), 'utf8')).verified).toBe(false);
    expect(labelled()).toBe('');
  });

  it('cancel mid-build stops the build: CANCELLED, no image tagged, no container left, nothing finishes later', async () => {
    // A base of its own: the steps the engine committed before it saw the cancel are build cache
    // (as with `docker build` + Ctrl-C); they descend from this base only, so they can be removed.
    const cancelBase = ensureBaseImage('modelcrate-test/node-base-cancel:local', 'cancel');
    onTestFinished(() => removeWithDescendants(cancelBase));
    const big = await packTestBundle(bigInitializers(dir, 24 << 20), dir, { name: 'big', samples: [], out: join(dir, 'big-bundle') });
    const controller = new AbortController();
    const t0 = Date.now();
    const err = await failure(
      buildImage({
        bundlePath: big,
        tag: 'modelcrate-test/cancelled:1',
        baseImage: cancelBase,
        labels: TEST_LABEL,
        signal: controller.signal,
        reportPath: false,
        progress: (_d, _t, l) => /COPY .*runtime\//.test(l) && controller.abort(),
      }),
    );
    expect(err.code).toBe('CANCELLED');
    expect(Date.now() - t0).toBeLessThan(30_000);
    await new Promise((r) => setTimeout(r, 3000)); // a build still running would tag its image by now
    expect(imageExists('modelcrate-test/cancelled:1')).toBe(false);
    expect(labelled()).toBe('');
    expect(existsSync(`${big}.image-report.json`)).toBe(false);
  });

  it('cancel while the parity gate waits for ready: CANCELLED and its container removed', async () => {
    const controller = new AbortController();
    const err = await failure(
      buildImage({
        bundlePath: bundle,
        tag: 'modelcrate-test/mlp-cancel-parity:1',
        baseImage: base,
        labels: TEST_LABEL,
        signal: controller.signal,
        reportPath: false,
        log: (l) => l.startsWith('parity: container') && controller.abort(),
      }),
    );
    expect(err.code).toBe('CANCELLED');
    expect(labelled()).toBe('');
  });

  it('engine unreachable (DOCKER_HOST to a missing socket) → DOCKER_UNAVAILABLE with what to do', async () => {
    const err = await failure(DockerClient.connect('unix:///tmp/nonexistent.sock'));
    expect(err.code).toBe('DOCKER_UNAVAILABLE');
    expect(err.message).toContain('/tmp/nonexistent.sock');
    expect(err.hint).toMatch(/Start Docker/);
  });
});
