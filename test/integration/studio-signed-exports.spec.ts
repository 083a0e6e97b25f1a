// The studio's Docker image and Model artifact exports with "Sign with <key>" (as the CLI's
// `build --public-key` and `pack --sign` + `artifact push`), through the real contract handlers, a
// real engine, the offline base image and the loopback registry: the artifact carries modelcrate.sig
// and `artifact pull --public-key` accepts it; the image bakes the key in, verifies its samples, and
// refuses to serve an unsigned bundle; an unknown key fails at the call. Tags: modelcrate-test-review8/.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactPushResult } from '../../shared/artifact';
import type { OpenedModel } from '../../shared/contract';
import type { ImageBuildResult } from '../../shared/image/types';
import type { ModelMetadata } from '../../shared/metadata/defaults';
import { KeyStore } from '../../core/signing/key-store';
import { runCli } from '../fixtures/cli-run';
import { cleanupDocker, dockerAvailable, ensureBaseImage } from '../fixtures/docker-base';
import { startRegistry, type Registry } from '../fixtures/docker-registry';
import { mlp } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';
import { ipcAdapter, type Connected } from './contract-adapters';

const docker = dockerAvailable();
const TAG = 'modelcrate-test-review8/signed-mlp:0.1.0';
const SAMPLES = [{ name: 'first', inputs: { x: { type: 'float32', shape: [1, 4], data: [1, 0, -1, 2] } } }];

describe.skipIf(!docker)('studio exports signed: Model artifact and Docker image (real engine and registry)', { timeout: 300_000 }, () => {
  const dir = suiteDir('studio-signed-exports');
  const dataDir = join(dir, 'data');
  let registry: Registry;
  let api: Connected;
  let modelId: string;
  let metadata: ModelMetadata['metadata'];
  let keyId: string;
  let pem: string;

  beforeAll(async () => {
    const key = await new KeyStore(dataDir).create('release');
    keyId = key.keyId;
    pem = join(dir, 'release.pub.pem');
    writeFileSync(pem, key.publicKeyPem);
    registry = await startRegistry('ci', 'sign-it');
    api = await ipcAdapter.connect({ dataDir });
    const opened = await api.value<OpenedModel>('model.openPath', { path: mlp(dir) });
    modelId = opened.modelId;
    metadata = (await api.value<ModelMetadata>('model.metadata', { modelId })).metadata;
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await registry?.stop();
    cleanupDocker('studio-signed-exports', [TAG]);
  });

  it('artifact.push with sign: the result names the key, and `artifact pull --public-key` accepts the artifact', async () => {
    const reference = `${registry.address}/studio/mlp:0.1.0`;
    const { jobId } = await api.value<{ jobId: string }>('artifact.push', {
      modelId,
      metadata,
      samples: SAMPLES,
      reference,
      username: 'ci',
      password: 'sign-it',
      sign: true,
      keyName: 'release',
    });
    const end = await api.jobEnd(jobId);
    expect(end.kind, JSON.stringify(end.error)).toBe('done');
    const r = end.result as ArtifactPushResult;
    expect(r.signedBy).toEqual({ keyId, keyName: 'release' });
    expect(r.layers.map((l) => l.filepath)).toContain('modelcrate.sig');
    const out = join(dir, 'pulled');
    const pull = await runCli(['artifact', 'pull', reference, out, '--public-key', pem], {
      env: { MODELCRATE_REGISTRY_USER: 'ci', MODELCRATE_REGISTRY_PASSWORD: 'sign-it', MODELCRATE_DATA_DIR: join(dir, 'cli-data') },
    });
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stdout).toContain(`signed by trusted key "release.pub.pem" (${keyId})`);
  });

  it('image.build with sign: verified, the key baked into the entrypoint, and the image refuses an unsigned bundle', async () => {
    const baseImage = ensureBaseImage();
    const { jobId } = await api.value<{ jobId: string }>('image.build', {
      modelId,
      metadata,
      samples: SAMPLES,
      tag: TAG,
      baseImage,
      sign: true,
    });
    const end = await api.jobEnd(jobId, 240_000);
    expect(end.kind, JSON.stringify(end.error)).toBe('done');
    const r = end.result as ImageBuildResult;
    expect(r.verified).toBe(true);
    expect(r.signedBy).toEqual({ keyId, keyName: 'release' });
    const entrypoint = JSON.parse(
      execFileSync('docker', ['image', 'inspect', TAG, '--format', '{{json .Config.Entrypoint}}'], { encoding: 'utf8' }),
    ) as string[];
    expect(entrypoint).toContain('--public-key');

    // The same model packed without a signature, mounted over the image's bundle: refused at start.
    const unsigned = join(dir, 'unsigned');
    rmSync(unsigned, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const packed = await runCli(['pack', join(dir, 'mlp.onnx'), '--out', unsigned, '--sample', 'x=random:1']);
    expect(packed.code, packed.stderr).toBe(0);
    const run = spawnSync('docker', ['run', '--rm', '-v', `${unsigned}:/app/bundle:ro`, TAG], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/"code":"SIGNATURE_MISSING"/);
  });

  it('a signing key that does not exist fails at the call, before any packing or building', async () => {
    for (const call of ['image.build', 'artifact.push'] as const) {
      const req =
        call === 'image.build'
          ? { modelId, metadata, samples: SAMPLES, tag: TAG, sign: true, keyName: 'nope' }
          : { modelId, metadata, samples: SAMPLES, reference: `${registry.address}/studio/x:1`, sign: true, keyName: 'nope' };
      expect(await api.call(call, req)).toMatchObject({ ok: false, error: { code: 'KEY_NOT_FOUND' } });
    }
  });
});
