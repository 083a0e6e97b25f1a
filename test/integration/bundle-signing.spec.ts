// Signed bundles (issue 8, item 2), with real Ed25519 keys, real files and real processes: keys
// made by the studio's KeyStore and by `modelcrate keys`; pack --sign and `sign` of an existing
// bundle; verify accepts a good signature and refuses (with its own code and a clear message) a
// one-byte change in the model (hash), in modelcrate.json (signature), another key, an unsigned
// bundle where a key is required, and a malformed modelcrate.sig; dist/server.mjs with
// MODELCRATE_PUBLIC_KEY refuses to start on a bad bundle and serves a good one; the studio's open
// reports the signature state over both transports.
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, verify as edVerify } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_FILE, SignatureFileSchema, type KeyInfo } from '../../shared/bundle/manifest-signature';
import type { OpenedModel, PackedBundle } from '../../shared/contract';
import type { VerifyReport } from '../../shared/bundle/verify-report';
import type { ModelMetadata } from '../../shared/metadata/defaults';
import { metadataOfModel } from '../../shared/metadata/defaults';
import { packBundle } from '../../core/bundle/pack';
import { verifyBundle } from '../../core/bundle/verify';
import { readModelSummary } from '../../core/onnx/reader';
import { forkRuntime } from '../../core/runtime/fork-runtime';
import { RuntimeService } from '../../core/runtime/runtime-service';
import { parsePublicKeyPem } from '../../core/signing/ed25519';
import { KeyStore } from '../../core/signing/key-store';
import { signBundle } from '../../core/signing/sign-bundle';
import { mlp } from '../fixtures/models';
import { runCli } from '../fixtures/cli-run';
import { serverProcesses } from '../fixtures/server-process';
import { suiteDir } from '../fixtures/tmp';
import { startRegistry } from '../fixtures/docker-registry';
import { ipcAdapter, webAdapter } from './contract-adapters';

const SAMPLE = { name: 'first', inputs: { x: { shape: [2, 4], data: [1, 2, 3, 4, -1, 0.5, 0, 2] } } };

function flipByte(file: string, at?: number): void {
  const b = readFileSync(file);
  const i = at ?? b.length >> 1;
  b[i] = b[i]! ^ 1;
  writeFileSync(file, b);
}

describe('signed bundles', () => {
  const dir = suiteDir('bundle-signing');
  const dataDir = join(dir, 'data'); // the studio's (and the CLI's) key store
  const otherData = join(dir, 'other-data'); // someone else's
  const store = new KeyStore(dataDir);
  const runtime = new RuntimeService(forkRuntime());
  let release: KeyInfo;
  let model: string;
  let signedDir: string;
  let unsigned: string;
  let n = 0;
  const cli = (args: string[], data = dataDir) => runCli(args, { env: { MODELCRATE_DATA_DIR: data } });
  const verify = (bundle: string, require = false): Promise<VerifyReport> =>
    store.trustedKeys().then((trusted) => verifyBundle(bundle, { runtime, signature: { trusted, require } }));
  function copy(src: string, edit: (root: string) => void): string {
    const root = join(dir, `case-${n++}`);
    cpSync(src, root, { recursive: true });
    edit(root);
    return root;
  }

  beforeAll(async () => {
    model = mlp(dir);
    release = await store.create('release');
    const summary = await readModelSummary(model);
    const metadata = metadataOfModel(summary).metadata;
    const key = await store.signingKey();
    signedDir = join(dir, 'signed');
    const r = await packBundle({
      modelPath: model,
      summary,
      metadata,
      out: signedDir,
      runtime,
      samples: [SAMPLE],
      signWith: key.privateKey,
    });
    expect(r.signedBy).toBe(release.keyId);
    unsigned = join(dir, 'unsigned');
    await packBundle({ modelPath: model, summary, metadata, out: unsigned, runtime, samples: [SAMPLE] });
  });
  afterAll(() => runtime.dispose());

  it('the key store: a named Ed25519 key, private key 0600 in a 0700 folder, keyId = first 16 hex of sha256(raw public key)', async () => {
    expect(release).toMatchObject({ name: 'release', kind: 'own', keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(statSync(join(store.ownDir, 'release.key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(store.ownDir).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(store.ownDir, 'release.key.pem'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(release.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(parsePublicKeyPem(release.publicKeyPem, 'pem').keyId).toBe(release.keyId);
    // The same id, recomputed independently from the DER's last 32 bytes (SPKI for Ed25519 is a 12-byte prefix + key).
    const der = Buffer.from(release.publicKeyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(createHash('sha256').update(der.subarray(12)).digest('hex').slice(0, 16)).toBe(release.keyId);
    await expect(store.create('release')).rejects.toMatchObject({ code: 'FILE_EXISTS' });
    await expect(store.create('../evil')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(store.signingKey('nope')).rejects.toMatchObject({ code: 'KEY_NOT_FOUND', message: expect.stringContaining('release') });
    await expect(new KeyStore(join(dir, 'empty')).signingKey()).rejects.toMatchObject({
      code: 'KEY_NOT_FOUND',
      hint: expect.stringContaining('modelcrate keys create'),
    });
    await expect(store.trust('not a key')).rejects.toMatchObject({ code: 'KEY_INVALID' });
  });

  it('pack signed → modelcrate.sig over the exact bytes of modelcrate.json; verify reports a trusted signature and every check holds', async () => {
    const sig = SignatureFileSchema.parse(JSON.parse(readFileSync(join(signedDir, SIGNATURE_FILE), 'utf8')));
    expect(sig).toMatchObject({ format: 'modelcrate-signature/v1', algorithm: 'ed25519', keyId: release.keyId });
    const manifest = readFileSync(join(signedDir, 'modelcrate.json'));
    expect(sig.manifestSha256).toBe(createHash('sha256').update(manifest).digest('hex'));
    // Checked with node:crypto directly against the exported PEM, not through our own code.
    expect(edVerify(null, manifest, createPublicKey(release.publicKeyPem), Buffer.from(sig.signature, 'base64'))).toBe(true);
    const report = await verify(signedDir, true);
    expect(report.ok, JSON.stringify(report.error)).toBe(true);
    expect(report.signature).toEqual({ state: 'trusted', keyId: release.keyId, keyName: 'release' });
    expect(report.checks.map((c) => c.name).slice(0, 2)).toEqual(['manifest', 'manifest signature']);
    expect(report.checks.find((c) => c.name === 'no unlisted files')).toMatchObject({ ok: true });
  });

  it('one byte of the model changed → refused by its hash (the signature still holds)', async () => {
    const root = copy(signedDir, (r) => flipByte(join(r, 'model/mlp.onnx')));
    const report = await verify(root);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'manifest signature')).toMatchObject({ ok: true });
    expect(report.error).toMatchObject({
      code: 'BUNDLE_TAMPERED',
      message: expect.stringContaining('"model/mlp.onnx" does not match its sha256'),
    });
  });

  it('one byte of modelcrate.json changed → refused by the signature, before any file is hashed', async () => {
    // Inside the description: still valid JSON and a valid manifest, the hashes all still match.
    const root = copy(signedDir, (r) => {
      const f = join(r, 'modelcrate.json');
      const text = readFileSync(f, 'utf8');
      writeFileSync(f, text.replace('"version": "0.1.0"', '"version": "0.1.1"'));
    });
    const report = await verify(root);
    expect(report.ok).toBe(false);
    expect(report.error).toMatchObject({
      code: 'SIGNATURE_INVALID',
      message: expect.stringContaining('modelcrate.json was changed after it was signed'),
      hint: expect.stringContaining('Do not use this bundle'),
    });
    expect(report.signature).toMatchObject({ state: 'invalid' });
    expect(report.checks.some((c) => c.name.startsWith('file '))).toBe(false);
    // A forger who also fixes manifestSha256 still fails the Ed25519 check.
    const forged = copy(root, (r) => {
      const f = join(r, SIGNATURE_FILE);
      const sig = JSON.parse(readFileSync(f, 'utf8'));
      sig.manifestSha256 = createHash('sha256')
        .update(readFileSync(join(r, 'modelcrate.json')))
        .digest('hex');
      writeFileSync(f, JSON.stringify(sig));
    });
    expect((await verify(forged)).error).toMatchObject({
      code: 'SIGNATURE_INVALID',
      message: expect.stringContaining('signature does not match modelcrate.json'),
    });
  });

  it('an unlisted file beside a signed manifest is refused; modelcrate.sig is the one file the manifest cannot list', async () => {
    const root = copy(signedDir, (r) => writeFileSync(join(r, 'extra.txt'), 'hi'));
    expect((await verify(root)).error).toMatchObject({ code: 'BUNDLE_TAMPERED', message: expect.stringContaining('"extra.txt"') });
  });

  it('a malformed modelcrate.sig → SIGNATURE_INVALID naming the file and what is wrong', async () => {
    const cases: Array<[string, RegExp]> = [
      ['{ not json', /modelcrate\.sig is not valid JSON/],
      [
        JSON.stringify({ format: 'modelcrate-signature/v1', algorithm: 'rsa' }),
        /modelcrate\.sig is not a modelcrate-signature\/v1 file: field "algorithm"/,
      ],
    ];
    for (const [text, message] of cases) {
      const root = copy(signedDir, (r) => writeFileSync(join(r, SIGNATURE_FILE), text));
      expect((await verify(root)).error).toMatchObject({ code: 'SIGNATURE_INVALID', message: expect.stringMatching(message) });
    }
    const wrongId = copy(signedDir, (r) => {
      const sig = JSON.parse(readFileSync(join(r, SIGNATURE_FILE), 'utf8'));
      writeFileSync(join(r, SIGNATURE_FILE), JSON.stringify({ ...sig, keyId: '0000000000000000' }));
    });
    expect((await verify(wrongId)).error).toMatchObject({
      code: 'SIGNATURE_INVALID',
      message: expect.stringContaining('is not the id of the public key it carries'),
    });
  });

  it('CLI: keys create/export-public/trust, pack --sign, verify --public-key; wrong key, unsigned, tampered → exit 2 with one error line', async () => {
    expect((await cli(['keys', 'create', 'other'], otherData)).code).toBe(0);
    const otherPem = join(dir, 'other.pub.pem');
    const exp = await cli(['keys', 'export-public', 'other', '--out', otherPem], otherData);
    expect(exp.code, exp.stderr).toBe(0);
    const releasePem = join(dir, 'release.pub.pem');
    writeFileSync(releasePem, (await cli(['keys', 'export-public', 'release'])).stdout);
    expect(readFileSync(releasePem, 'utf8')).toBe(release.publicKeyPem);

    const out = join(dir, 'cli-signed.tar.gz');
    const packed = await cli(['pack', model, '--out', out, '--sign', '--json']);
    expect(packed.code, packed.stderr).toBe(0);
    const line = JSON.parse(packed.stdout) as { files: number };
    expect(line).toMatchObject({ format: 'tar.gz', signedBy: release.keyId });
    // Every file of the archive is counted, modelcrate.sig among them.
    const listed = execFileSync('tar', ['-tzf', out], { encoding: 'utf8' }).trim().split('\n');
    expect(listed.slice(0, 2)).toEqual(['modelcrate.json', 'modelcrate.sig']);
    expect(line.files).toBe(listed.length);

    const ok = await cli(['verify', out, '--public-key', releasePem]);
    expect(ok.code, ok.stderr).toBe(0);
    // The key is named for the file it came from, so the output says which key vouched.
    expect(ok.stdout).toContain(`ok    manifest signature: signed by trusted key "release.pub.pem" (${release.keyId})`);

    const errorLine = (r: { code: number | null; stderr: string }, code: string) => {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^error\\[${code}\\]: `));
      return r.stderr;
    };
    expect(errorLine(await cli(['verify', out, '--public-key', otherPem]), 'SIGNATURE_UNTRUSTED')).toContain(
      `signed by key ${release.keyId}, not by the required key ${parsePublicKeyPem(readFileSync(otherPem, 'utf8'), 'o').keyId} ("other.pub.pem")`,
    );
    expect(errorLine(await cli(['verify', unsigned, '--public-key', releasePem]), 'SIGNATURE_MISSING')).toContain(
      'is not signed (no modelcrate.sig)',
    );
    expect(errorLine(await cli(['verify', unsigned, '--require-signature']), 'SIGNATURE_MISSING')).toContain('modelcrate sign');
    const tampered = copy(signedDir, (r) => flipByte(join(r, 'modelcrate.json'), 40));
    errorLine(await cli(['verify', tampered, '--public-key', releasePem]), 'SIGNATURE_INVALID');
    errorLine(await cli(['verify', signedDir, '--public-key', join(dir, 'model.onnx.nope')]), 'FILE_NOT_FOUND');
    // Without a required key an unsigned bundle verifies, and a signed one by an unknown key says so.
    expect((await cli(['verify', unsigned])).code).toBe(0);
    const unknown = await cli(['verify', signedDir], otherData);
    expect(unknown.code, unknown.stderr).toBe(0);
    expect(unknown.stdout).toContain(`signed by an unknown key ${release.keyId}`);
    // Trusting the key turns it into a trusted signature.
    const trusted = await cli(['keys', 'trust', releasePem, '--name', 'release-team'], otherData);
    expect(trusted.stdout).toBe(`trusted "release-team" (keyId ${release.keyId})\n`);
    expect((await cli(['verify', signedDir, '--require-signature'], otherData)).stdout).toContain('signed by trusted key "release-team"');
    expect((await cli(['keys', 'list', '--json'], otherData)).stdout).toBe(
      `${JSON.stringify({
        keys: [
          { name: 'other', keyId: parsePublicKeyPem(readFileSync(otherPem, 'utf8'), 'o').keyId, kind: 'own' },
          { name: 'release-team', keyId: release.keyId, kind: 'trusted' },
        ],
      })}\n`,
    );
    errorLine(await cli(['pack', model, '--out', join(dir, 'x'), '--sign'], join(dir, 'no-keys')), 'KEY_NOT_FOUND');
  });

  it('modelcrate sign: an existing folder in place and a .tar.gz rewritten; a tampered bundle is never signed', async () => {
    const folder = copy(unsigned, () => {});
    const r = await cli(['sign', folder]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`signed ${folder} with key "release" (keyId ${release.keyId})\n`);
    expect((await verify(folder, true)).ok).toBe(true);

    const tgz = join(dir, 'later.tar.gz');
    expect((await cli(['pack', model, '--out', tgz])).code).toBe(0);
    const signed = join(dir, 'later-signed.tar.gz');
    const s = await cli(['sign', tgz, '--out', signed, '--json']);
    expect(s.code, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout)).toEqual({ path: signed, format: 'tar.gz', keyId: release.keyId, keyName: 'release', replaced: false });
    expect(await verify(signed, true)).toMatchObject({ ok: true, signature: { state: 'trusted' } });
    expect((await verify(tgz, true)).error).toMatchObject({ code: 'SIGNATURE_MISSING' });

    const bad = copy(unsigned, (root) => flipByte(join(root, 'model/mlp.onnx')));
    await expect(signBundle(bad, (await store.signingKey()).privateKey)).rejects.toMatchObject({ code: 'BUNDLE_TAMPERED' });
    const refused = await cli(['sign', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error\[BUNDLE_TAMPERED\]/);
  });

  it('a signed bundle round-trips through an OCI registry (ModelPack artifact) with its signature', { timeout: 120_000 }, async () => {
    const registry = await startRegistry('ci', 'pa55word');
    try {
      const env = { MODELCRATE_DATA_DIR: dataDir, MODELCRATE_REGISTRY_USER: 'ci', MODELCRATE_REGISTRY_PASSWORD: 'pa55word' };
      const ref = `${registry.address}/signed/mlp:0.1.0`;
      const push = await runCli(['artifact', 'push', signedDir, ref], { env });
      expect(push.code, push.stderr).toBe(0);
      const out = join(dir, 'pulled-signed');
      const pull = await runCli(['artifact', 'pull', ref, out], { env });
      expect(pull.code, pull.stderr).toBe(0);
      expect(readFileSync(join(out, SIGNATURE_FILE), 'utf8')).toBe(readFileSync(join(signedDir, SIGNATURE_FILE), 'utf8'));
      const pem = join(dir, 'release-for-oci.pem');
      writeFileSync(pem, release.publicKeyPem);
      const v = await cli(['verify', out, '--public-key', pem]);
      expect(v.code, v.stderr).toBe(0);
      expect(v.stdout).toContain('ok    manifest signature: signed by trusted key');
    } finally {
      await registry.stop();
    }
  });

  describe('the server (dist/server.mjs) with MODELCRATE_PUBLIC_KEY', () => {
    const spawnServer = serverProcesses();

    it('refuses to start (exit 1, one log line saying why) on a tampered, unsigned or wrongly signed bundle', async () => {
      const env = { MODELCRATE_PUBLIC_KEY: release.publicKeyPem };
      const manifestEdited = copy(signedDir, (r) => flipByte(join(r, 'modelcrate.json'), 60));
      const modelEdited = copy(signedDir, (r) => flipByte(join(r, 'model/mlp.onnx')));
      const other = (await cli(['keys', 'export-public', 'other'], otherData)).stdout;
      const cases: Array<[string, Record<string, string>, string, string]> = [
        [manifestEdited, env, 'SIGNATURE_INVALID', 'changed after it was signed'],
        [modelEdited, env, 'BUNDLE_TAMPERED', 'model/mlp.onnx'],
        [unsigned, env, 'SIGNATURE_MISSING', 'is not signed'],
        [signedDir, { MODELCRATE_PUBLIC_KEY: other }, 'SIGNATURE_UNTRUSTED', `signed by key ${release.keyId}`],
        [
          signedDir,
          { MODELCRATE_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nhello\n-----END PUBLIC KEY-----\n' },
          'KEY_INVALID',
          'MODELCRATE_PUBLIC_KEY is not a PEM public key',
        ],
        // A path where the PEM text belongs: said so, with the docker run form that works.
        [signedDir, { MODELCRATE_PUBLIC_KEY: '/keys/release.pub.pem' }, 'KEY_INVALID', "takes the key's text, not a path"],
      ];
      const runs = cases.map(([bundle, e]) => spawnServer(bundle, e));
      for (const [i, s] of runs.entries()) {
        const [, , code, why] = cases[i]!;
        expect(await s.exit, code).toBe(1);
        expect(s.lines, code).toHaveLength(1);
        expect(s.lines[0]).toMatchObject({
          level: 'error',
          msg: 'cannot serve the bundle',
          code,
          error: expect.stringContaining(why),
          hint: expect.any(String),
        });
      }
    });

    it('serves the good signed bundle (.tar.gz): ready, and the log names the signer', async () => {
      const tgz = join(dir, 'serve-signed.tar.gz');
      expect((await cli(['pack', model, '--out', tgz, '--sign', '--sample', 'x=random:3'])).code).toBe(0);
      const s = spawnServer(tgz, { MODELCRATE_PUBLIC_KEY: release.publicKeyPem });
      const url = await s.listening;
      await expect.poll(async () => (await fetch(`${url}/v2/health/ready`)).status, { timeout: 30_000 }).toBe(200);
      expect(s.lines[0]).toMatchObject({ msg: 'bundle verified', signedBy: release.keyId, signatureRequired: true });
      s.child.kill('SIGTERM');
      expect(await s.exit).toBe(0);
    });
  });

  for (const adapter of [ipcAdapter, webAdapter]) {
    it(`the studio over ${adapter.name}: keys, pack with sign, open shows trusted / unknown key / unsigned, refuses INVALID`, async () => {
      const api = await adapter.connect({ dataDir });
      const stranger = await adapter.connect({ dataDir: join(dir, `stranger-${adapter.name}`) });
      try {
        const { keys } = await api.value<{ keys: KeyInfo[] }>('keys.list', {});
        expect(keys.find((k) => k.name === 'release')).toMatchObject({
          keyId: release.keyId,
          kind: 'own',
          publicKeyPem: release.publicKeyPem,
        });
        const folder = join(dir, `studio-${adapter.name}`);
        mkdirSync(folder);
        const opened = await api.value<OpenedModel>('model.openPath', { path: mlp(folder) });
        const { metadata } = await api.value<ModelMetadata>('model.metadata', { modelId: opened.modelId });
        const { jobId } = await api.value<{ jobId: string }>('bundle.pack', {
          modelId: opened.modelId,
          metadata,
          fileName: 'signed.tar.gz',
          sign: true,
        });
        const end = (await api.jobEnd(jobId)) as { kind: string; result: PackedBundle };
        expect(end.kind).toBe('done');
        expect(end.result).toMatchObject({ signedBy: { keyId: release.keyId, keyName: 'release' } });
        expect(end.result.files).toBe(
          execFileSync('tar', ['-tzf', join(folder, 'signed.tar.gz')], { encoding: 'utf8' })
            .trim()
            .split('\n').length,
        );
        const v = await api.value<{ jobId: string }>('bundle.verify', { bundleId: end.result.bundleId });
        expect(((await api.jobEnd(v.jobId)) as { result: VerifyReport }).result).toMatchObject({
          ok: true,
          signature: { state: 'trusted', keyName: 'release' },
        });

        const signedPath = join(folder, 'signed.tar.gz');
        expect((await api.value<OpenedModel>('model.openPath', { path: signedPath })).bundle?.signature).toEqual({
          state: 'trusted',
          keyId: release.keyId,
          keyName: 'release',
        });
        expect((await stranger.value<OpenedModel>('model.openPath', { path: signedPath })).bundle?.signature).toEqual({
          state: 'unknown-key',
          keyId: release.keyId,
        });
        expect((await api.value<OpenedModel>('model.openPath', { path: unsigned })).bundle?.signature).toEqual({ state: 'unsigned' });
        const edited = copy(signedDir, (r) => flipByte(join(r, 'modelcrate.json'), 60));
        expect(await api.call('model.openPath', { path: edited })).toMatchObject({
          ok: false,
          error: {
            code: 'SIGNATURE_INVALID',
            message: expect.stringContaining('INVALID'),
            hint: expect.stringContaining('Get it again from its source'),
          },
        });

        // A stranger trusts the key through the contract, and the same bundle opens as trusted.
        expect(await stranger.value<KeyInfo>('keys.trust', { pem: release.publicKeyPem, name: 'release' })).toMatchObject({
          kind: 'trusted',
          keyId: release.keyId,
        });
        expect((await stranger.value<OpenedModel>('model.openPath', { path: signedPath })).bundle?.signature).toMatchObject({
          state: 'trusted',
        });
        // Signing without an own key fails at the call, saying how to make one.
        const o2 = await stranger.value<OpenedModel>('model.openPath', { path: join(folder, 'mlp.onnx') });
        expect(await stranger.call('bundle.pack', { modelId: o2.modelId, metadata, fileName: 'x.tar.gz', sign: true })).toMatchObject({
          ok: false,
          error: { code: 'KEY_NOT_FOUND' },
        });
        expect(await stranger.value<KeyInfo>('keys.create', { name: 'mine' })).toMatchObject({ name: 'mine', kind: 'own' });
        expect(await stranger.call('keys.create', { name: 'bad/name' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      } finally {
        await api.close();
        await stranger.close();
      }
    });
  }
});
