// A signed bundle in a real image (real engine, the offline base): the image carries modelcrate.sig;
// run with MODELCRATE_PUBLIC_KEY it serves a bundle signed by that key and exits 1 naming the
// reason for another key; a key baked in at build time (--public-key) makes the image refuse by
// itself, and an unsigned bundle is refused before anything is built. Tags: modelcrate-test-sign/.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerClient } from '../../core/docker/client';
import { buildImage } from '../../core/image/build-image';
import { packBundle } from '../../core/bundle/pack';
import { readModelSummary } from '../../core/onnx/reader';
import { forkRuntime } from '../../core/runtime/fork-runtime';
import { RuntimeService } from '../../core/runtime/runtime-service';
import { KeyStore } from '../../core/signing/key-store';
import { metadataOfModel } from '../../shared/metadata/defaults';
import { cleanupDocker, dockerAvailable, ensureBaseImage, testLabels } from '../fixtures/docker-base';
import { mlp } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';

const docker = dockerAvailable();
const SUITE = 'docker-signing';
const LABELS = testLabels(SUITE);
// This checkout's dist/ (the test setup builds it): found from the script path, the server could
// come from another checkout sharing node_modules.
const SERVER_DIR = join(import.meta.dirname, '../../dist');

describe.skipIf(!docker)('signed bundles in a Docker image (real engine; skipped: Docker not reachable)', { timeout: 300_000 }, () => {
  const dir = suiteDir('docker-signing');
  const keys = new KeyStore(join(dir, 'data'));
  let base: string;
  let signed: string;
  let unsigned: string;
  let releasePem: string;
  let otherPem: string;
  beforeAll(async () => {
    base = ensureBaseImage();
    releasePem = (await keys.create('release')).publicKeyPem;
    otherPem = (await keys.create('other')).publicKeyPem;
    const model = mlp(dir);
    const summary = await readModelSummary(model);
    const runtime = new RuntimeService(forkRuntime());
    try {
      const common = {
        modelPath: model,
        summary,
        metadata: { ...metadataOfModel(summary).metadata, version: '1.0.0' },
        runtime,
        samples: [{ name: 'ones', inputs: { x: { shape: [1, 4], data: [1, 1, 1, 1] } } }],
      };
      signed = join(dir, 'signed.tar.gz');
      await packBundle({ ...common, out: signed, signWith: (await keys.signingKey('release')).privateKey });
      unsigned = join(dir, 'unsigned');
      await packBundle({ ...common, out: unsigned });
    } finally {
      await runtime.dispose();
    }
  });
  afterAll(() => cleanupDocker(SUITE));

  async function waitExit(client: DockerClient, id: string): Promise<number> {
    for (let i = 0; i < 300; i++) {
      const s = (await client.inspectContainer(id)).State;
      if (!s.Running && s.Status !== 'created') return s.ExitCode;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the container did not exit');
  }

  it('MODELCRATE_PUBLIC_KEY at `docker run`: the right key serves, another key exits 1 with the reason in the log', async () => {
    const r = await buildImage({
      bundlePath: signed,
      tag: 'modelcrate-test-sign/mlp:1.0.0',
      baseImage: base,
      labels: LABELS,
      reportPath: false,
      runtime: { serverDir: SERVER_DIR },
    });
    expect(r.verified, JSON.stringify(r.parity)).toBe(true);
    const client = await DockerClient.connect();
    const good = await client.run(r.imageId, { port: 8080, labels: LABELS, env: [`MODELCRATE_PUBLIC_KEY=${releasePem}`] });
    onTestFinished(() => client.removeContainer(good.id));
    await expect
      .poll(
        () =>
          fetch(`http://127.0.0.1:${good.hostPort}/v2/health/ready`).then(
            (x) => x.status,
            () => 0,
          ),
        { timeout: 30_000, interval: 100 },
      )
      .toBe(200);
    const logs = await client.logs(good.id, 50);
    expect(logs).toContain('"signatureRequired":true');

    const bad = await client.run(r.imageId, { port: 8080, labels: LABELS, env: [`MODELCRATE_PUBLIC_KEY=${otherPem}`] });
    onTestFinished(() => client.removeContainer(bad.id));
    expect(await waitExit(client, bad.id)).toBe(1);
    const line = JSON.parse((await client.logs(bad.id, 5)).trim().split('\n').at(-1)!) as Record<string, string>;
    expect(line).toMatchObject({ level: 'error', msg: 'cannot serve the bundle', code: 'SIGNATURE_UNTRUSTED' });
  });

  it('a key baked in at build: the entrypoint requires it (parity passes on the signed bundle); an unsigned bundle is refused before building', async () => {
    const r = await buildImage({
      bundlePath: signed,
      tag: 'modelcrate-test-sign/mlp:baked',
      baseImage: base,
      labels: LABELS,
      reportPath: false,
      runtime: { serverDir: SERVER_DIR },
      publicKeyPem: releasePem,
    });
    expect(r.verified, JSON.stringify(r.parity)).toBe(true);
    const client = await DockerClient.connect();
    const info = await client.inspectImage(r.imageId);
    expect(info.Config.Entrypoint).toEqual(['node', '/app/server.mjs', '--public-key', '/app/modelcrate-public-key.pem']);
    await expect(
      buildImage({
        bundlePath: unsigned,
        tag: 'modelcrate-test-sign/mlp:never',
        baseImage: base,
        labels: LABELS,
        reportPath: false,
        runtime: { serverDir: SERVER_DIR },
        publicKeyPem: releasePem,
      }),
    ).rejects.toMatchObject({ code: 'SIGNATURE_MISSING' });
    await expect(
      buildImage({
        bundlePath: signed,
        tag: 'modelcrate-test-sign/mlp:never',
        baseImage: base,
        labels: LABELS,
        reportPath: false,
        runtime: { serverDir: SERVER_DIR },
        publicKeyPem: otherPem,
      }),
    ).rejects.toMatchObject({ code: 'SIGNATURE_UNTRUSTED' });
    expect(readFileSync(join(dir, 'data/signing/keys/release.pub.pem'), 'utf8')).toBe(releasePem);
  });
});
