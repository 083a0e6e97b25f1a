// Push to a real registry on loopback with htpasswd auth (docs/machines.md §Loopback registry),
// then pull the pushed image back (local tags removed first) and run it through the parity gate
// again: what was pushed is what was verified. Wrong credentials → PUSH_UNAUTHORIZED. Skips without
// Docker, except under CI=true.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerClient } from '../../core/docker/client';
import { buildImage } from '../../core/image/build-image';
import { checkParity } from '../../core/image/parity';
import { parseReference, pushImage } from '../../core/image/push-image';
import { readManifest } from '../../core/bundle/bundle-files';
import { AppError } from '../../shared/errors';
import { cleanupDocker, dockerAvailable, ensureBaseImage, testLabels } from '../fixtures/docker-base';
import { packTestBundle } from '../fixtures/docker-bundle';
import { startRegistry, type Registry } from '../fixtures/docker-registry';
import { mlp } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';

const docker = dockerAvailable();
const TEST_LABEL = testLabels('docker-push');
const ORT_VERSION = (
  JSON.parse(readFileSync(new URL('../../node_modules/onnxruntime-node/package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe('parseReference', () => {
  it('splits registry, repo and tag', () => {
    expect(parseReference('127.0.0.1:5055/team/mlp:1.2.3')).toEqual({
      repo: '127.0.0.1:5055/team/mlp',
      tag: '1.2.3',
      registry: '127.0.0.1:5055',
    });
    expect(parseReference('mlp')).toEqual({ repo: 'mlp', tag: 'latest', registry: 'docker.io' });
    expect(parseReference('localhost:5000/mlp')).toEqual({ repo: 'localhost:5000/mlp', tag: 'latest', registry: 'localhost:5000' });
    expect(() => parseReference('Bad Name:1')).toThrow(AppError);
  });
});

describe.skipIf(!docker)(
  'push to a loopback registry (real engine and docker-registry; skipped: Docker not reachable)',
  { timeout: 240_000 },
  () => {
    const dir = suiteDir('docker-push');
    let registry: Registry;
    let bundle: string;
    let image: string;
    beforeAll(async () => {
      registry = await startRegistry('ada', 's3cret-pass');
      bundle = await packTestBundle(mlp(dir), dir);
      image = (
        await buildImage({
          bundlePath: bundle,
          tag: 'modelcrate-test/push-src:1',
          baseImage: ensureBaseImage(),
          labels: TEST_LABEL,
          verify: false,
          reportPath: false,
        })
      ).imageId;
    });
    afterAll(async () => {
      cleanupDocker('docker-push', [`${registry.address}/mlp:1.2.3`, `${registry.address}/mlp:nope`]);
      await registry?.stop();
    });

    it('wrong credentials → PUSH_UNAUTHORIZED', async () => {
      const err = await pushImage({ image, reference: `${registry.address}/mlp:nope`, username: 'ada', password: 'wrong' }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('PUSH_UNAUTHORIZED');
      expect((err as AppError).hint).toMatch(/password/);
    });

    it('pushes with credentials; the registry lists it; pulled back (local tags gone) it runs and reproduces the samples', async () => {
      const ref = `${registry.address}/mlp:1.2.3`;
      const lines: string[] = [];
      const r = await pushImage({ image, reference: ref, username: 'ada', password: 's3cret-pass', log: (l) => lines.push(l) });
      expect(r.reference).toBe(ref);
      expect(r.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      const auth = `Basic ${Buffer.from('ada:s3cret-pass').toString('base64')}`;
      const catalog = (await (await fetch(`http://${registry.address}/v2/_catalog`, { headers: { authorization: auth } })).json()) as {
        repositories: string[];
      };
      expect(catalog.repositories).toContain('mlp');

      execFileSync('docker', ['rmi', '-f', ref, 'modelcrate-test/push-src:1'], { stdio: 'ignore' });
      expect(execFileSync('docker', ['images', '-q', ref], { encoding: 'utf8' }).trim()).toBe('');
      const client = await DockerClient.connect();
      await client.pull(ref, { username: 'ada', password: 's3cret-pass', serveraddress: registry.address });
      const pulled = await client.inspectImage(ref);
      expect(pulled.RepoDigests.some((d) => d.endsWith(r.digest!))).toBe(true);
      const parity = await checkParity(client, ref, {
        bundleRoot: bundle,
        manifest: await readManifest(bundle, 'bundle'),
        imageOrtVersion: ORT_VERSION,
        labels: TEST_LABEL,
      });
      expect(parity.verified).toBe(true);
      expect(parity.coldStartMs).toBeGreaterThan(0);
    });
  },
);
