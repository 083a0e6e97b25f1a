// A bundle through the real loopback registry (docker-registry, htpasswd auth) as a CNCF ModelPack
// artifact and back: what the registry holds is inspected over raw HTTP (manifest, config, every
// layer as an uncompressed tar), pushing twice (and from the .tar.gz of the same bundle) gives the
// same digest, a pull verifies and is byte-identical; wrong password, an ordinary image manifest and
// a damaged blob are refused with nothing written. Also the Kitfile every bundle carries.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser, type ReadEntry } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { pullArtifact } from '../../core/artifact/pull-artifact';
import { pushArtifact } from '../../core/artifact/push-artifact';
import { listFiles } from '../../core/bundle/bundle-files';
import { packBundle } from '../../core/bundle/pack';
import { verifyBundle } from '../../core/bundle/verify';
import { readModelSummary } from '../../core/onnx/reader';
import { signBundle } from '../../core/signing/sign-bundle';
import { forkRuntime } from '../../core/runtime/fork-runtime';
import { RuntimeService } from '../../core/runtime/runtime-service';
import type { Manifest } from '../../shared/bundle/manifest';
import { metadataOfModel } from '../../shared/metadata/defaults';
import { freePort, startRegistry, type Registry } from '../fixtures/docker-registry';
import { AppError } from '../../shared/errors';
import { externalData } from '../fixtures/external-models';
import { bigInitializers } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';

const USER = 'ada';
const PASSWORD = 's3cret-artifact';
const CREATED = new Date(Date.UTC(2025, 5, 1, 12, 0, 0));
const AUTH = { authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` };
const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

interface OciDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}
interface OciManifest {
  schemaVersion: number;
  mediaType: string;
  artifactType: string;
  config: OciDescriptor;
  layers: OciDescriptor[];
  annotations: Record<string, string>;
}

describe('ModelPack artifact push / pull (loopback registry)', { timeout: 120_000 }, () => {
  const dir = suiteDir('oci-artifact');
  const runtime = new RuntimeService(forkRuntime());
  let registry: Registry;
  let bundle: string;
  let tarball: string;
  let manifestJson: Manifest;
  const credentials = { username: USER, password: PASSWORD };

  beforeAll(async () => {
    registry = await startRegistry(USER, PASSWORD);
    const model = externalData(dir, 'ok');
    const summary = await readModelSummary(model);
    const metadata = {
      ...metadataOfModel(summary).metadata,
      name: 'ext-mlp',
      version: '1.2.3',
      title: 'External MLP',
      description: 'A MatMul+Add with its weights in weights.bin.',
      license: 'Apache-2.0',
      authors: ['Ada Lovelace'],
    };
    const common = {
      modelPath: model,
      summary,
      metadata,
      samples: [{ name: 'first', inputs: { x: { type: 'float32' as const, shape: [1, 4], data: [1, 0, -1, 2] } } }],
      runtime,
      createdAt: CREATED,
    };
    bundle = join(dir, 'ext-mlp-1.2.3');
    tarball = join(dir, 'ext-mlp-1.2.3.tar.gz');
    manifestJson = (await packBundle({ ...common, out: bundle })).manifest;
    await packBundle({ ...common, out: tarball });
  }, 120_000);
  afterAll(async () => {
    await runtime.dispose();
    await registry?.stop();
  });

  const http = (path: string, headers: Record<string, string> = {}) =>
    fetch(`http://${registry.address}${path}`, { headers: { ...AUTH, ...headers } });
  const blob = async (repo: string, digest: string) => Buffer.from(await (await http(`/v2/${repo}/blobs/${digest}`)).arrayBuffer());

  it('the bundle carries a Kitfile that matches its metadata and lists the model, its external data, docs and samples', () => {
    const kit = parseYaml(readFileSync(join(bundle, 'Kitfile'), 'utf8')) as Record<string, any>;
    expect(kit.manifestVersion).toBe('1.0.0');
    expect(kit.package).toEqual({
      name: 'ext-mlp',
      version: '1.2.3',
      description: 'A MatMul+Add with its weights in weights.bin.',
      license: 'Apache-2.0',
      authors: ['Ada Lovelace'],
    });
    expect(kit.model).toMatchObject({
      name: 'External MLP',
      path: manifestJson.model.path,
      framework: 'onnx',
      format: 'onnx',
      version: '1.2.3',
      license: 'Apache-2.0',
    });
    expect(kit.model.parts).toEqual([{ name: 'weights.bin', path: 'model/weights.bin', type: 'onnx-external-data' }]);
    expect(kit.docs.map((d: { path: string }) => d.path)).toEqual(['README.md', 'sbom.cdx.json', 'modelcrate.json']);
    expect(kit.datasets).toEqual([expect.objectContaining({ name: 'golden-samples', path: 'samples' })]);
    // Every path it names exists in the bundle, and modelcrate.json lists the Kitfile with its sha256.
    for (const p of [
      kit.model.path,
      ...kit.model.parts.map((x: { path: string }) => x.path),
      ...kit.docs.map((d: { path: string }) => d.path),
      'samples',
    ])
      expect(existsSync(join(bundle, p)), p).toBe(true);
    const listed = manifestJson.files.find((f) => f.path === 'Kitfile');
    expect(listed?.sha256).toBe(sha(readFileSync(join(bundle, 'Kitfile'))).slice(7));
  });

  let pushedDigest: string;
  it('push: an OCI manifest with the model artifactType, config and one uncompressed tar layer per model file', async () => {
    const progress: number[] = [];
    const r = await pushArtifact({
      bundlePath: bundle,
      reference: `${registry.address}/models/ext-mlp:1.2.3`,
      credentials,
      onProgress: (d) => progress.push(d),
    });
    pushedDigest = r.digest;
    expect(r.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r.uploadedBytes).toBe(r.bytes);
    expect(progress.length).toBeGreaterThan(2);

    const res = await http('/v2/models/ext-mlp/manifests/1.2.3', { accept: 'application/vnd.oci.image.manifest.v1+json' });
    expect(res.status).toBe(200);
    const raw = Buffer.from(await res.arrayBuffer());
    expect(sha(raw)).toBe(r.digest);
    const m = JSON.parse(raw.toString('utf8')) as OciManifest;
    expect(m.schemaVersion).toBe(2);
    expect(m.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(m.artifactType).toBe('application/vnd.cncf.model.manifest.v1+json');
    expect(m.config.mediaType).toBe('application/vnd.cncf.model.config.v1+json');
    expect(m.annotations).toMatchObject({
      'org.opencontainers.image.version': '1.2.3',
      'org.opencontainers.image.title': 'External MLP',
      'org.opencontainers.image.licenses': 'Apache-2.0',
      'org.opencontainers.image.created': CREATED.toISOString(),
    });

    const weights = m.layers.filter((l) => l.mediaType === 'application/vnd.cncf.model.weight.v1.tar');
    expect(weights.map((l) => l.annotations?.['org.cncf.model.filepath'])).toEqual([manifestJson.model.path, 'model/weights.bin']);
    const byType = Object.fromEntries(
      m.layers.map((l) => [l.annotations!['org.cncf.model.filepath'], l.mediaType.replace('application/vnd.cncf.model.', '')]),
    );
    expect(byType).toEqual({
      [manifestJson.model.path]: 'weight.v1.tar',
      'model/weights.bin': 'weight.v1.tar',
      'modelcrate.json': 'weight.config.v1.tar',
      Kitfile: 'weight.config.v1.tar',
      'README.md': 'doc.v1.tar',
      'sbom.cdx.json': 'doc.v1.tar',
      samples: 'dataset.v1.tar',
    });

    // Every layer is a plain tar (no gzip) holding exactly its files, with fixed owner, mode and mtime.
    for (const layer of m.layers) {
      const bytes = await blob('models/ext-mlp', layer.digest);
      expect(sha(bytes)).toBe(layer.digest);
      expect(bytes.length).toBe(layer.size);
      expect(bytes.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))).toBe(false);
      const entries = await tarEntries(bytes);
      const filepath = layer.annotations!['org.cncf.model.filepath']!;
      if (filepath === 'samples') expect(entries.map((e) => e.path)).toEqual(['samples/first.json']);
      else expect(entries.map((e) => e.path)).toEqual([filepath]);
      for (const e of entries) {
        expect(e).toMatchObject({ type: 'File', mode: 0o644, uid: 0, gid: 0, mtime: '2000-01-01T00:00:00.000Z' });
        expect(`sha256:${e.sha256}`).toBe(sha(readFileSync(join(bundle, e.path))));
      }
    }

    // The config: descriptor from the metadata, ONNX, diffIds = the layers' digests (uncompressed).
    const configBytes = await blob('models/ext-mlp', m.config.digest);
    expect(sha(configBytes)).toBe(m.config.digest);
    const config = JSON.parse(configBytes.toString('utf8')) as {
      descriptor: Record<string, unknown>;
      config: Record<string, unknown>;
      modelfs: { type: string; diffIds: string[] };
    };
    expect(config.descriptor).toMatchObject({
      name: 'ext-mlp',
      version: '1.2.3',
      title: 'External MLP',
      authors: ['Ada Lovelace'],
      licenses: ['Apache-2.0'],
      createdAt: CREATED.toISOString(),
    });
    expect(config.config).toEqual({ format: 'onnx', paramSize: '10', precision: 'fp32' });
    expect(config.modelfs).toEqual({ type: 'layers', diffIds: m.layers.map((l) => l.digest) });
  });

  it('pushing again, or pushing the .tar.gz of the same bundle, gives the same manifest digest and uploads nothing', async () => {
    const again = await pushArtifact({ bundlePath: bundle, reference: `${registry.address}/models/ext-mlp:1.2.3`, credentials });
    expect(again.digest).toBe(pushedDigest);
    expect(again.uploadedBytes).toBe(0);
    const fromTar = await pushArtifact({ bundlePath: tarball, reference: `${registry.address}/models/ext-mlp:from-tar`, credentials });
    expect(fromTar.digest).toBe(pushedDigest);
    expect(fromTar.uploadedBytes).toBe(0);
  });

  it('pull: into a new folder that verifies and holds byte-identical files; by tag and by digest', async () => {
    const out = join(dir, 'pulled');
    const r = await pullArtifact({ reference: `${registry.address}/models/ext-mlp:1.2.3`, out, credentials, runtime });
    expect(r.digest).toBe(pushedDigest);
    expect(r.verify.ok).toBe(true);
    const theirs = await listFiles(bundle);
    const ours = await listFiles(out);
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const p of theirs.keys()) expect(readFileSync(join(out, p)).equals(readFileSync(join(bundle, p))), p).toBe(true);
    expect((await verifyBundle(out, { runtime })).ok).toBe(true);

    const byDigest = join(dir, 'pulled-by-digest');
    const d = await pullArtifact({ reference: `${registry.address}/models/ext-mlp@${pushedDigest}`, out: byDigest, credentials, runtime });
    expect(d.verify.ok).toBe(true);
    // The destination is never merged into.
    await expectAppError(pullArtifact({ reference: `${registry.address}/models/ext-mlp:1.2.3`, out, credentials, runtime }), 'FILE_EXISTS');
  });

  it('a wrong password is REGISTRY_UNAUTHORIZED with a hint; no credentials too', async () => {
    const err = await expectAppError(
      pushArtifact({
        bundlePath: bundle,
        reference: `${registry.address}/models/ext-mlp:bad`,
        credentials: { username: USER, password: 'wrong' },
      }),
      'REGISTRY_UNAUTHORIZED',
    );
    expect(err.message).toContain('"ada"');
    expect(err.hint).toMatch(/password/);
    await expectAppError(
      pullArtifact({ reference: `${registry.address}/models/ext-mlp:1.2.3`, out: join(dir, 'anon'), runtime }),
      'REGISTRY_UNAUTHORIZED',
    );
    expect(existsSync(join(dir, 'anon'))).toBe(false);
  });

  it('an unreachable registry is REGISTRY_UNREACHABLE', async () => {
    const port = await freePort(); // nothing listens there
    const err = await expectAppError(
      pushArtifact({ bundlePath: bundle, reference: `127.0.0.1:${port}/models/x:1`, credentials }),
      'REGISTRY_UNREACHABLE',
    );
    expect(err.message).toBe(`Could not reach the registry 127.0.0.1:${port} (ECONNREFUSED, 3 attempts).`);
  });

  it('pulling an ordinary image manifest is refused as not a model artifact', async () => {
    // A minimal OCI image (config + one gzip layer), pushed over raw HTTP.
    const layer = Buffer.from(await tarOf('hello.txt', 'hi\n'));
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha(layer)] } }));
    for (const b of [layer, config]) await uploadRaw('plain/image', b);
    const manifest = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha(layer), size: layer.length }],
    };
    const put = await fetch(`http://${registry.address}/v2/plain/image/manifests/1.0`, {
      method: 'PUT',
      headers: { ...AUTH, 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
      body: JSON.stringify(manifest),
    });
    expect(put.status).toBe(201);
    const out = join(dir, 'not-a-model');
    const err = await expectAppError(
      pullArtifact({ reference: `${registry.address}/plain/image:1.0`, out, credentials, runtime }),
      'ARTIFACT_INVALID',
    );
    expect(err.message).toMatch(/not a CNCF ModelPack model artifact.*container image/);
    expect(existsSync(out)).toBe(false);
  });

  it('a damaged blob in the registry is DIGEST_MISMATCH and leaves nothing behind', async () => {
    const r = await pushArtifact({ bundlePath: bundle, reference: `${registry.address}/models/damaged:1`, credentials });
    const m = JSON.parse((await blobManifest('models/damaged', '1')).toString('utf8')) as OciManifest;
    const weights = m.layers.find((l) => l.annotations?.['org.cncf.model.filepath'] === 'model/weights.bin')!;
    const hex = weights.digest.slice(7);
    const file = join(registry.storage, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
    const bytes = readFileSync(file);
    bytes[600] = bytes[600]! ^ 0xff; // one byte of the weights, same length
    writeFileSync(file, bytes);
    const out = join(dir, 'damaged');
    const err = await expectAppError(
      pullArtifact({ reference: `${registry.address}/models/damaged@${r.digest}`, out, credentials, runtime }),
      'DIGEST_MISMATCH',
    );
    expect(err.message).toContain(weights.digest);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('damaged'))).toEqual([]);
    // Blobs are shared by every repository of the registry: mend it for the tests after this one.
    bytes[600] = bytes[600]! ^ 0xff;
    writeFileSync(file, bytes);
  });

  it('a 24 MiB model goes up in streamed PATCH parts (5 MiB here) and comes back verified', async () => {
    const model = bigInitializers(dir, 24 << 20);
    const summary = await readModelSummary(model);
    const out = join(dir, 'big-bundle');
    await packBundle({
      modelPath: model,
      summary,
      metadata: { ...metadataOfModel(summary).metadata, name: 'big', version: '0.1.0' },
      out,
      runtime,
      createdAt: CREATED,
    });
    const t0 = performance.now();
    const r = await pushArtifact({ bundlePath: out, reference: `${registry.address}/models/big:0.1.0`, credentials, partBytes: 5 << 20 });
    const pushMs = performance.now() - t0;
    const weight = r.layers.find((l) => l.mediaType.endsWith('weight.v1.tar'))!;
    expect(weight.size).toBeGreaterThan(4 * (5 << 20));
    const t1 = performance.now();
    const pulled = await pullArtifact({
      reference: `${registry.address}/models/big:0.1.0`,
      out: join(dir, 'big-pulled'),
      credentials,
      runtime,
    });
    const pullMs = performance.now() - t1;
    expect(pulled.verify.ok).toBe(true);
    expect(
      readFileSync(join(dir, 'big-pulled', summaryPath(pulled.verify.manifest!))).equals(
        readFileSync(join(out, summaryPath(pulled.verify.manifest!))),
      ),
    ).toBe(true);
    console.log(
      `24 MiB model: push ${pushMs.toFixed(0)} ms (check + hash + upload), pull ${pullMs.toFixed(0)} ms (download + unpack + verify)`,
    );
  });

  it('a signed bundle travels with its modelcrate.sig (a weight.config layer) and still verifies after the pull', async () => {
    const signed = join(dir, 'signed');
    cpSync(bundle, signed, { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    await signBundle(signed, privateKey);
    const r = await pushArtifact({ bundlePath: signed, reference: `${registry.address}/models/signed:1.2.3`, credentials });
    expect(r.layers.find((l) => l.filepath === 'modelcrate.sig')?.mediaType).toBe('application/vnd.cncf.model.weight.config.v1.tar');
    const out = join(dir, 'signed-pulled');
    const pulled = await pullArtifact({ reference: `${registry.address}/models/signed:1.2.3`, out, credentials, runtime });
    expect(pulled.verify.ok).toBe(true);
    expect(pulled.verify.signature?.state).toBe('unknown-key');
    expect(readFileSync(join(out, 'modelcrate.sig')).equals(readFileSync(join(signed, 'modelcrate.sig')))).toBe(true);
  });

  it('a cancelled push is CANCELLED and leaves the tag absent', async () => {
    const controller = new AbortController();
    const push = pushArtifact({
      bundlePath: join(dir, 'big-bundle'),
      reference: `${registry.address}/models/cancelled:1`,
      credentials,
      signal: controller.signal,
      onProgress: (_d, _t, label) => label.startsWith('Uploading') && controller.abort(),
    });
    await expectAppError(push, 'CANCELLED');
    expect((await http('/v2/models/cancelled/manifests/1', { accept: 'application/vnd.oci.image.manifest.v1+json' })).status).toBe(404);
  });

  async function blobManifest(repo: string, tag: string): Promise<Buffer> {
    return Buffer.from(
      await (await http(`/v2/${repo}/manifests/${tag}`, { accept: 'application/vnd.oci.image.manifest.v1+json' })).arrayBuffer(),
    );
  }

  async function uploadRaw(repo: string, bytes: Buffer): Promise<void> {
    const start = await fetch(`http://${registry.address}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers: AUTH });
    const url = new URL(start.headers.get('location')!, `http://${registry.address}`);
    url.searchParams.set('digest', sha(bytes));
    const put = await fetch(url, { method: 'PUT', headers: { ...AUTH, 'content-type': 'application/octet-stream' }, body: bytes });
    expect(put.status).toBe(201);
  }
});

/** Awaits a promise that must reject with an AppError of this code; returns the error. */
async function expectAppError(p: Promise<unknown>, code: string): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected a rejection').toBeInstanceOf(AppError);
  expect((err as AppError).code, (err as AppError).message).toBe(code);
  return err as AppError;
}

const summaryPath = (m: Manifest) => m.model.path;

interface TarEntry {
  path: string;
  type: string;
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: string;
  sha256: string;
}

function tarEntries(bytes: Buffer): Promise<TarEntry[]> {
  return new Promise((resolve, reject) => {
    const out: TarEntry[] = [];
    const parser = new Parser({ strict: true });
    parser.on('entry', (e: ReadEntry) => {
      const hash = createHash('sha256');
      e.on('data', (c: Buffer) => hash.update(c));
      e.on('end', () =>
        out.push({
          path: e.path,
          type: e.type,
          mode: e.mode,
          uid: e.uid,
          gid: e.gid,
          mtime: e.mtime?.toISOString(),
          sha256: hash.digest('hex'),
        }),
      );
    });
    parser.on('error', reject);
    parser.on('end', () => resolve(out));
    parser.end(bytes);
  });
}

/** A one-file tar (uncompressed) for the plain image's layer. */
async function tarOf(name: string, text: string): Promise<Uint8Array> {
  const { Header } = await import('tar');
  const body = Buffer.from(text);
  const header = Buffer.alloc(512);
  new Header({ path: name, mode: 0o644, size: body.length, type: 'File', mtime: new Date(0) }).encode(header, 0);
  return Buffer.concat([header, body, Buffer.alloc(512 - body.length), Buffer.alloc(1024)]);
}
