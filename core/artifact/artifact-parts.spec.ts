// The pure parts of the ModelPack push: reference parsing, the challenge parser, the config's
// paramSize and precision, and the tar layers (byte-for-byte the same on every read, readable by
// node-tar, long paths through a pax record with no timestamp).
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser, type ReadEntry } from 'tar';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { ModelSummary } from '../../shared/model-summary';
import { paramSize, precisionOf } from './modelpack';
import { weightStats, type Weight } from '../../shared/model-weights';
import { isLoopbackHost, parseArtifactReference } from './reference';
import { parseChallenge } from './registry-client';
import { TarLayer } from './tar-layer';

describe('parseArtifactReference', () => {
  it.each([
    [
      '127.0.0.1:5055/models/mlp:1.2.3',
      { registry: '127.0.0.1:5055', apiHost: '127.0.0.1:5055', repository: 'models/mlp', reference: '1.2.3' },
    ],
    ['ghcr.io/team/mlp', { registry: 'ghcr.io', repository: 'team/mlp', reference: 'latest' }],
    ['localhost/mlp:v1', { registry: 'localhost', repository: 'mlp', reference: 'v1' }],
    ['mlp:1', { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/mlp', reference: '1' }],
    [`r.example.com/a/b@sha256:${'a'.repeat(64)}`, { registry: 'r.example.com', repository: 'a/b', reference: `sha256:${'a'.repeat(64)}` }],
  ])('%s', (ref, expected) => {
    expect(parseArtifactReference(ref)).toMatchObject(expected);
  });

  it.each(['', 'Reg/Upper:1', 'r.io/a b:1', 'r.io/a:bad tag', 'r.io/a@sha256:xyz', 'r.io/a//b:1', 'r.io/-a:1'])(
    'refuses %j with INVALID_REQUEST',
    (ref) => {
      expect(() => parseArtifactReference(ref)).toThrow(AppError);
      try {
        parseArtifactReference(ref);
      } catch (e) {
        expect((e as AppError).code).toBe('INVALID_REQUEST');
        expect((e as AppError).hint).toMatch(/registry\/repository:tag/);
      }
    },
  );

  it('loopback hosts are spoken to over plain HTTP', () => {
    expect(['localhost:5000', '127.0.0.1:5055', '127.1.2.3', '[::1]:5000'].map(isLoopbackHost)).toEqual([true, true, true, true]);
    expect(['ghcr.io', '10.0.0.1:5000', 'localhost.example.com'].map(isLoopbackHost)).toEqual([false, false, false]);
  });
});

describe('parseChallenge', () => {
  it('reads quoted values with commas and escapes', () => {
    expect(parseChallenge('realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull,push"')).toEqual({
      realm: 'https://auth.docker.io/token',
      service: 'registry.docker.io',
      scope: 'repository:a/b:pull,push',
    });
    expect(parseChallenge('realm="x\\"y", error=insufficient_scope')).toEqual({ realm: 'x"y', error: 'insufficient_scope' });
  });
});

describe('config values', () => {
  it("paramSize: one decimal with the spec's scale letters; small models the plain count", () => {
    expect([0, 10, 999, 1000, 1234, 25_557_032, 6_700_000_000, 1e12].map(paramSize)).toEqual([
      undefined,
      '10',
      '999',
      '1K',
      '1.2K',
      '25.6M',
      '6.7B',
      '1T',
    ]);
  });

  it('precision: the type of ≥ 95 % of the weight bytes, else mixed', () => {
    const summary = (inits: Array<[string, number]>) =>
      ({
        stats: {
          weights: weightStats(
            inits.map(
              ([dataType, byteLength], i) =>
                ({ id: `w${i}`, source: 'constant', dataType, dims: [], elementCount: 1, byteLength }) as Weight,
            ),
          ),
        },
      }) as unknown as ModelSummary;
    expect(
      precisionOf(
        summary([
          ['float32', 1000],
          ['int64', 16],
        ]),
      ),
    ).toBe('fp32');
    expect(
      precisionOf(
        summary([
          ['float16', 1000],
          ['float32', 10],
        ]),
      ),
    ).toBe('fp16');
    expect(
      precisionOf(
        summary([
          ['int8', 600],
          ['float32', 400],
        ]),
      ),
    ).toBe('mixed');
    expect(precisionOf(summary([]))).toBeUndefined();
  });
});

describe('TarLayer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc-tar-layer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const long = `model/${'d'.repeat(90)}/${'w'.repeat(120)}.bin`; // the name alone is past ustar's 100
  mkdirSync(join(dir, 'model', 'd'.repeat(90)), { recursive: true });
  writeFileSync(join(dir, 'model', 'a.onnx'), Buffer.alloc(1000, 7));
  writeFileSync(join(dir, long), Buffer.from('external data'));

  const read = async (layer: TarLayer, start = 0, end = layer.size) => {
    const parts: Buffer[] = [];
    for await (const c of layer.range(start, end)) parts.push(c);
    return Buffer.concat(parts);
  };

  it('gives the same bytes on every read and from any split into ranges, of the size it announces', async () => {
    const layer = new TarLayer(dir, [
      { path: 'model/a.onnx', size: 1000 },
      { path: long, size: 13 },
    ]);
    const a = await read(layer);
    const parts = [];
    for (let o = 0; o < layer.size; o += 333) parts.push(await read(layer, o, Math.min(layer.size, o + 333)));
    const b = Buffer.concat(parts);
    expect(a.equals(b)).toBe(true);
    expect(a.length).toBe(layer.size);
    const digest = await layer.computeDigest();
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(
      await new TarLayer(dir, [
        { path: 'model/a.onnx', size: 1000 },
        { path: long, size: 13 },
      ]).computeDigest(),
    ).toBe(digest);
  });

  it("computing the digest also gives each file's sha256, as the manifest records it", async () => {
    const layer = new TarLayer(dir, [
      { path: 'model/a.onnx', size: 1000 },
      { path: long, size: 13 },
    ]);
    await layer.computeDigest();
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(Object.fromEntries(layer.fileDigests)).toEqual({
      'model/a.onnx': { size: 1000, sha256: sha(Buffer.alloc(1000, 7)) },
      [long]: { size: 13, sha256: sha(Buffer.from('external data')) },
    });
  });

  it('node-tar reads it back: both files with fixed owner, mode and mtime; the long path via a pax record holding no time', async () => {
    const bytes = await read(
      new TarLayer(dir, [
        { path: 'model/a.onnx', size: 1000 },
        { path: long, size: 13 },
      ]),
    );
    const entries: Array<{ path: string; size: number; mode?: number; uid?: number; mtime?: string }> = [];
    const parser = new Parser({ strict: true });
    parser.on('entry', (e: ReadEntry) => {
      entries.push({ path: e.path, size: e.size ?? -1, mode: e.mode, uid: e.uid, mtime: e.mtime?.toISOString() });
      e.resume();
    });
    await new Promise<void>((resolve, reject) => {
      parser.on('end', () => resolve());
      parser.on('error', reject);
      parser.end(bytes);
    });
    expect(entries).toEqual([
      { path: 'model/a.onnx', size: 1000, mode: 0o644, uid: 0, mtime: '2000-01-01T00:00:00.000Z' },
      { path: long, size: 13, mode: 0o644, uid: 0, mtime: '2000-01-01T00:00:00.000Z' },
    ]);
    const pax = bytes.toString('latin1');
    expect(pax).toContain(` path=${long}\n`);
    expect(pax).not.toMatch(/ (atime|ctime)=/);
  });

  it('a file that grew since it was listed is BUNDLE_TAMPERED, not a corrupt layer', async () => {
    const layer = new TarLayer(dir, [{ path: 'model/a.onnx', size: 999 }]);
    await expect(read(layer)).rejects.toMatchObject({ code: 'BUNDLE_TAMPERED' });
  });
});
