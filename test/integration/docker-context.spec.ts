// The build context without an engine: which files go in (minimal runtime, server, bundle), the
// Dockerfile (no RUN step, numeric non-root user, labels from the metadata), a reproducible tar
// stream, a .tar.gz bundle opened first, and the same files written as a folder.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'tar';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareContext, contextStream, writeContextDir } from '../../core/image/context';
import { needsSharp, runtimeEntries } from '../../core/image/context-files';
import { healthStartPeriodSeconds } from '../../core/image/dockerfile';
import { PreprocessingSchema } from '../../shared/preprocessing';
import { packTestBundle } from '../fixtures/docker-bundle';
import { mlp } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';

async function tarList(
  ctxEntries: Parameters<typeof contextStream>[0],
): Promise<{ sha: string; names: string[]; mtimes: Set<number>; owners: Set<string> }> {
  const hash = createHash('sha256');
  const names: string[] = [];
  const mtimes = new Set<number>();
  const owners = new Set<string>();
  const parser = new Parser({
    onReadEntry: (e) => (names.push(e.path), mtimes.add(e.mtime!.getTime()), owners.add(`${e.uid}:${e.gid}`), e.resume()),
  });
  for await (const chunk of contextStream(ctxEntries) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    parser.write(chunk);
  }
  parser.end();
  return { sha: hash.digest('hex'), names, mtimes, owners };
}

describe('image build context', () => {
  const dir = suiteDir('docker-context');
  const serverDir = join(dir, 'dist');
  let bundle: string;
  beforeAll(async () => {
    mkdirSync(serverDir);
    writeFileSync(join(serverDir, 'server.mjs'), '// server\n');
    writeFileSync(join(serverDir, 'runtime-worker.mjs'), '// worker\n');
    writeFileSync(join(serverDir, 'server-codec.mjs'), '// codec\n');
    bundle = await packTestBundle(mlp(dir), dir);
  });

  it('holds the Dockerfile, the minimal linux-x64 runtime, the server and the bundle — no sharp for a tensor model', async () => {
    const ctx = await prepareContext(bundle, { runtime: { serverDir } });
    const names = ctx.entries.map((e) => e.name);
    expect(names[0]).toBe('Dockerfile');
    expect(names).toContain('server/server.mjs');
    expect(names).toContain('server/runtime-worker.mjs');
    expect(names).toContain('server/server-codec.mjs');
    expect(names).toContain('runtime/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1');
    expect(names).toContain('runtime/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node');
    expect(names).toContain('runtime/node_modules/onnxruntime-node/dist/index.js');
    expect(names).toContain('runtime/node_modules/onnxruntime-common/dist/cjs/index.js');
    expect(names.filter((n) => n.includes('/bin/napi-v6/') && !n.includes('/linux/x64/'))).toEqual([]);
    expect(names.some((n) => n.includes('sharp'))).toBe(false);
    expect(names).toContain('bundle/modelcrate.json');
    expect(names).toContain(`bundle/${ctx.manifest.model.path}`);
    expect(names).toContain('bundle/samples/ones.json');
    // docs/reference.md §onnxruntime-node: the runtime is ≈46 MB, not the package's every platform.
    expect(ctx.bytes.runtime).toBeGreaterThan(20e6);
    expect(ctx.bytes.runtime).toBeLessThan(60e6);
    await ctx.dispose();
  });

  it('an image input with preprocessing brings sharp with its libvips and the small packages its loader needs', async () => {
    const ctx = await prepareContext(bundle, { runtime: { serverDir } });
    const m = structuredClone(ctx.manifest);
    m.metadata.inputs = { x: { description: '', kind: 'image', preprocessing: PreprocessingSchema.parse({}) } };
    expect(needsSharp(ctx.manifest)).toBe(false);
    expect(needsSharp(m)).toBe(true);
    const names = (await runtimeEntries(m, { serverDir })).map((e) => e.name);
    for (const p of [
      'sharp/package.json',
      'sharp/dist/index.cjs',
      '@img/sharp-linux-x64/package.json',
      '@img/sharp-libvips-linux-x64/package.json',
      '@img/colour/package.json',
      'detect-libc/package.json',
      'semver/package.json',
    ]) {
      expect(names, p).toContain(`runtime/node_modules/${p}`);
    }
    expect(names.some((n) => /^runtime\/node_modules\/@img\/sharp-libvips-linux-x64\/lib\/libvips-cpp\.so/.test(n))).toBe(true);
    await ctx.dispose();
  });

  it('sharp follows the kind the metadata stores, not the shape: a picture-shaped input kept as tensor or features brings none', async () => {
    const ctx = await prepareContext(bundle, { runtime: { serverDir } });
    const m = structuredClone(ctx.manifest);
    m.signature.inputs = [
      { name: 'frames', type: 'float32', shape: [1, 25, 96] },
      { name: 'pic', type: 'float32', shape: ['N', 3, 224, 224] },
    ];
    // An old record's image left on an input now set to features: ignored, as is the GRAY [1,25,96] shape.
    m.metadata.inputs = {
      frames: { description: '', kind: 'features', preprocessing: PreprocessingSchema.parse({ channelOrder: 'GRAY' }) },
      pic: { description: '', kind: 'tensor' },
    };
    expect(needsSharp(m)).toBe(false);
    expect((await runtimeEntries(m, { serverDir })).some((e) => e.name.includes('sharp'))).toBe(false);
    // An input the record leaves out goes by its inferred kind: [N,3,224,224] is an image.
    delete m.metadata.inputs.pic;
    expect(needsSharp(m)).toBe(true);
    await ctx.dispose();
  });

  it('Dockerfile: ARG BASE_IMAGE, no RUN, numeric non-root user, telemetry off, HEALTHCHECK by node, OCI + model labels', async () => {
    const ctx = await prepareContext(bundle, { runtime: { serverDir } });
    const df = (ctx.entries[0]!.source as Buffer).toString();
    expect(df).toMatch(/^ARG BASE_IMAGE=node:22-bookworm-slim$/m);
    expect(df).toMatch(/^FROM \$\{BASE_IMAGE\}$/m);
    expect(df).not.toMatch(/^RUN /m);
    expect(df).toMatch(/^USER 10001:10001$/m);
    expect(df).toMatch(/^ENV .*ORT_DISABLE_TELEMETRY=1.*NODE_ENV=production/m);
    expect(df).toMatch(/^EXPOSE 8080$/m);
    expect(df).toMatch(/^HEALTHCHECK .*CMD \["node","-e",".*\/v2\/health\/ready/m);
    // A small bundle gets the floor; the start period grows with the model and the samples (0.5 s per MiB, at most 900 s).
    expect(df).toMatch(/^HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 /m);
    const heavy = {
      ...ctx.manifest,
      files: ctx.manifest.files.map((f) => (f.path === ctx.manifest.model.path ? { ...f, size: 400 * 2 ** 20 } : f)),
    };
    expect(healthStartPeriodSeconds(heavy)).toBe(
      Math.ceil(
        ((400 * 2 ** 20 + ctx.manifest.files.filter((f) => f.path.startsWith('samples/')).reduce((n, f) => n + f.size, 0)) / 2 ** 20) * 0.5,
      ),
    );
    expect(
      healthStartPeriodSeconds({
        ...heavy,
        files: heavy.files.map((f) => (f.path === ctx.manifest.model.path ? { ...f, size: 2 ** 40 } : f)),
      }),
    ).toBe(900);
    expect(df).toMatch(/^ENTRYPOINT \["node", "\/app\/server.mjs"\]$/m);
    const sha = ctx.manifest.files.find((f) => f.path === ctx.manifest.model.path)!.sha256;
    for (const l of [
      'org.opencontainers.image.title="Test MLP"',
      'org.opencontainers.image.version="1.2.3"',
      'org.opencontainers.image.licenses="Apache-2.0"',
      'org.opencontainers.image.authors="Ada Lovelace"',
      'org.opencontainers.image.revision="abc123"',
      `org.opencontainers.image.created="${ctx.manifest.createdAt}"`,
      'org.opencontainers.image.description="A tiny model for the image tests."',
      `io.modelcrate.model.name="${ctx.manifest.metadata.name}"`,
      'io.modelcrate.model.version="1.2.3"',
      `io.modelcrate.model.sha256="${sha}"`,
    ])
      expect(df).toContain(l);
    await ctx.dispose();
  });

  it('streams a reproducible tar (same bytes twice, fixed mtime, root owner) in the listed order', async () => {
    const ctx = await prepareContext(bundle, { runtime: { serverDir } });
    const a = await tarList(ctx.entries);
    const b = await tarList(ctx.entries);
    expect(a.sha).toBe(b.sha);
    expect(a.names).toEqual(ctx.entries.map((e) => e.name));
    expect([...a.mtimes]).toEqual([Date.UTC(2000, 0, 1)]);
    expect([...a.owners]).toEqual(['0:0']);
    await ctx.dispose();
  });

  it('a .tar.gz bundle is opened first (and its extraction removed); the folder form has the same files and a README', async () => {
    const tgz = await packTestBundle(mlp(dir), dir, { out: join(dir, 'b.tar.gz') });
    const ctx = await prepareContext(tgz, { runtime: { serverDir }, tempParent: dir });
    const out = join(dir, 'ctx-out');
    await writeContextDir(ctx, out);
    for (const e of ctx.entries) expect(existsSync(join(out, e.name)), e.name).toBe(true);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/docker build -t \S+ \./);
    expect(readFileSync(join(out, 'Dockerfile'))).toEqual(ctx.entries[0]!.source);
    await ctx.dispose();
    expect(existsSync(ctx.entries.find((e) => e.name === 'bundle/modelcrate.json')!.source as string)).toBe(false);
  });
});
