// `artifact pull` as a supply-chain gate and over a flaky network, with the real bin, real Ed25519
// keys and the real loopback registry: --public-key / --require-signature refuse an unsigned or
// foreign-signed artifact with nothing written (before the weights are fetched); the summary counts
// the files the folder really holds (modelcrate.sig included) and says who signed. A proxy in front
// of the registry injects the faults a registry cannot be made to produce on demand (503, a reset, a
// blob cut off midway): a pull rides them out with a few retries, and a registry that keeps failing
// is REGISTRY_ERROR after a bounded number of attempts, nothing written.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullArtifact } from '../../core/artifact/pull-artifact';
import { forkRuntime } from '../../core/runtime/fork-runtime';
import { RuntimeService } from '../../core/runtime/runtime-service';
import { AppError } from '../../shared/errors';
import { runCli } from '../fixtures/cli-run';
import { startFlakyProxy } from '../fixtures/flaky-proxy';
import { startRegistry, type Registry } from '../fixtures/docker-registry';
import { mlp } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';

const USER = 'ci';
const PASSWORD = 'trust-me-not';
const AUTH_ENV = { MODELCRATE_REGISTRY_USER: USER, MODELCRATE_REGISTRY_PASSWORD: PASSWORD };

/** Every regular file under `root`, as the pulled folder holds them. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(root, f)).isFile())
    .sort();
}

describe('artifact pull: signatures required, files counted, transient registry faults', { timeout: 180_000 }, () => {
  const dir = suiteDir('artifact-pull-trust');
  const data = join(dir, 'data');
  const strangerData = join(dir, 'stranger-data');
  const env = { ...AUTH_ENV, MODELCRATE_DATA_DIR: data };
  const runtime = new RuntimeService(forkRuntime());
  let registry: Registry;
  let releasePem: string;
  let keyId: string;
  let signedRef: string;
  let unsignedRef: string;
  let strangerRef: string;

  beforeAll(async () => {
    registry = await startRegistry(USER, PASSWORD);
    const model = mlp(dir);
    const ok = (r: { code: number | null; stderr: string; stdout: string }) => {
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    keyId = /keyId ([0-9a-f]{16})/.exec(ok(await runCli(['keys', 'create', 'release'], { env })))![1]!;
    releasePem = join(dir, 'release.pub.pem');
    ok(await runCli(['keys', 'export-public', 'release', '--out', releasePem], { env }));
    ok(await runCli(['keys', 'create', 'stranger'], { env: { MODELCRATE_DATA_DIR: strangerData } }));
    ok(await runCli(['pack', model, '--out', join(dir, 'signed'), '--sample', 'x=random:3', '--sign'], { env }));
    ok(await runCli(['pack', model, '--out', join(dir, 'unsigned'), '--sample', 'x=random:3'], { env }));
    ok(
      await runCli(['pack', model, '--out', join(dir, 'stranger'), '--sample', 'x=random:3', '--sign'], {
        env: { MODELCRATE_DATA_DIR: strangerData },
      }),
    );
    signedRef = `${registry.address}/trust/mlp:signed`;
    unsignedRef = `${registry.address}/trust/mlp:unsigned`;
    strangerRef = `${registry.address}/trust/mlp:stranger`;
    // The push says whether a signature went along.
    expect(ok(await runCli(['artifact', 'push', join(dir, 'signed'), signedRef], { env }))).toMatch(
      /\); signed \(modelcrate\.sig pushed\)\n$/,
    );
    expect(ok(await runCli(['artifact', 'push', join(dir, 'unsigned'), unsignedRef], { env }))).toMatch(
      /\); unsigned: `modelcrate sign <bundle>` first if pullers require a signature\n$/,
    );
    ok(await runCli(['artifact', 'push', join(dir, 'stranger'), strangerRef], { env }));
  }, 180_000);
  afterAll(async () => {
    await runtime.dispose();
    await registry?.stop();
  });

  it('pull --public-key of an artifact signed by that key: the folder verifies and the summary counts its files and names the key', async () => {
    const out = join(dir, 'pulled-signed');
    const r = await runCli(['artifact', 'pull', signedRef, out, '--public-key', releasePem], { env });
    expect(r.code, r.stderr).toBe(0);
    const files = filesUnder(out);
    expect(files).toContain('modelcrate.sig');
    expect(r.stdout).toContain(`(${files.length} files, `);
    expect(r.stdout).toContain(`signed by trusted key "release.pub.pem" (${keyId})`);
    const json = await runCli(['artifact', 'pull', signedRef, join(dir, 'pulled-signed-json'), '--require-signature', '--json'], { env });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      files: files.length,
      verified: true,
      signature: { state: 'trusted', keyId, keyName: 'release' },
    });
    // Without a requirement an unsigned artifact still pulls, and says it is unsigned.
    const plain = await runCli(['artifact', 'pull', unsignedRef, join(dir, 'pulled-unsigned')], { env });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain(`(${filesUnder(join(dir, 'pulled-unsigned')).length} files, `);
    expect(plain.stdout.trim().endsWith('; unsigned')).toBe(true);
  });

  it('an unsigned or foreign-signed artifact is refused where a signature is required, in one line, with nothing written', async () => {
    const cases: Array<[string, string[], string, RegExp]> = [
      [
        unsignedRef,
        ['--public-key', releasePem],
        'SIGNATURE_MISSING',
        /trust\/mlp:unsigned is not signed \(no modelcrate\.sig\), and a signature by key [0-9a-f]{16} \("release\.pub\.pem"\) is required/,
      ],
      [
        strangerRef,
        ['--public-key', releasePem],
        'SIGNATURE_UNTRUSTED',
        /trust\/mlp:stranger is signed by key [0-9a-f]{16}, not by the required key [0-9a-f]{16} \("release\.pub\.pem"\)/,
      ],
      [strangerRef, ['--require-signature'], 'SIGNATURE_UNTRUSTED', /trust\/mlp:stranger is signed by key/],
    ];
    for (const [ref, flags, code, message] of cases) {
      const out = join(dir, `refused-${code}-${flags.length}`);
      const r = await runCli(['artifact', 'pull', ref, out, ...flags], { env });
      expect(r.code, r.stdout).toBe(2);
      const last = r.stderr.trim().split('\n').at(-1)!;
      expect(last).toMatch(new RegExp(`^error\\[${code}\\]: `));
      expect(last).toMatch(message);
      // Refused before any weight layer was downloaded (the small layers come first).
      expect(r.stderr).not.toContain('Downloading model/');
      expect(existsSync(out)).toBe(false);
    }
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
    const missingKey = await runCli(['artifact', 'pull', signedRef, join(dir, 'never'), '--public-key', join(dir, 'nope.pem')], { env });
    expect(missingKey.code).toBe(2);
    expect(missingKey.stderr).toMatch(/^error\[FILE_NOT_FOUND\]: Cannot read the public key file/);
  });

  it('a 503, a reset connection and a blob cut off midway are retried; the pull verifies', async () => {
    let manifest503 = 0;
    let cut = 0;
    let reset = 0;
    const proxy = await startFlakyProxy(registry.address, (req) => {
      if (req.method === 'GET' && req.url!.includes('/manifests/') && manifest503++ === 0) return '503';
      if (req.method === 'GET' && req.url!.includes('/blobs/') && req.headers.authorization && reset++ === 1) return 'reset';
      if (req.method === 'GET' && req.url!.includes('/blobs/') && req.headers.authorization && cut++ === 3) return 'cut-body';
      return 'pass';
    });
    try {
      const out = join(dir, 'through-faults');
      const r = await pullArtifact({
        reference: `${proxy.address}/trust/mlp:signed`,
        out,
        credentials: { username: USER, password: PASSWORD },
        runtime,
      });
      expect(r.verify.ok).toBe(true);
      expect(proxy.seen.map((s) => s.fault).sort()).toEqual(expect.arrayContaining(['503', 'reset', 'cut-body']));
      expect(readFileSync(join(out, 'modelcrate.json')).equals(readFileSync(join(dir, 'signed', 'modelcrate.json')))).toBe(true);
    } finally {
      await proxy.stop();
    }
  });

  it('a registry that keeps answering 503 is REGISTRY_ERROR after 3 attempts, within seconds, nothing written', async () => {
    const proxy = await startFlakyProxy(registry.address, (req) => (req.url!.includes('/manifests/') ? '503' : 'pass'));
    try {
      const out = join(dir, 'never-503');
      const t0 = performance.now();
      const err = await pullArtifact({
        reference: `${proxy.address}/trust/mlp:signed`,
        out,
        credentials: { username: USER, password: PASSWORD },
        runtime,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      const ms = performance.now() - t0;
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('REGISTRY_ERROR');
      expect((err as AppError).message).toMatch(/answered HTTP 503 \(UNAVAILABLE: service unavailable \(injected\)\), 3 attempts\.$/);
      expect((err as AppError).hint).toMatch(/kept failing/);
      expect(proxy.seen.filter((s) => s.url.includes('/manifests/'))).toHaveLength(3);
      expect(ms).toBeLessThan(10_000);
      expect(existsSync(out)).toBe(false);
    } finally {
      await proxy.stop();
    }
  });
});
