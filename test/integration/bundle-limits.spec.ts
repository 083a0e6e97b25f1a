// A bundle tarball cannot write more than its leading modelcrate.json declares: an entry bigger
// than listed (a decompression bomb hiding behind a small archive), an unlisted entry, or a
// manifest declaring more than the disk holds are refused before the data lands, leaving nothing.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';
import { beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../../core/bundle/open';
import { packBundle } from '../../core/bundle/pack';
import { readModelSummary } from '../../core/onnx/reader';
import type { Manifest } from '../../shared/bundle/manifest';
import type { AppError } from '../../shared/errors';
import { metadataOfModel } from '../../shared/metadata/defaults';
import { mlp } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';

/** A .tar.gz of (path, bytes) entries in this order; `size` may lie about the first ones' length only in our own tests' favour. */
function tarball(entries: Array<[string, Buffer]>): Buffer {
  const blocks: Buffer[] = [];
  for (const [path, data] of entries) {
    const h = new Header({ path, type: 'File', size: data.length, mode: 0o644, uid: 0, gid: 0, mtime: new Date(0) });
    h.encode();
    blocks.push(h.block!, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

describe('bundle tarball limits', () => {
  const dir = suiteDir('bundle-limits');
  const folder = join(dir, 'b');
  let manifest: Manifest;
  const files = () => manifest.files.map((f): [string, Buffer] => [f.path, readFileSync(join(folder, f.path))]);
  beforeAll(async () => {
    const model = mlp(dir);
    const summary = await readModelSummary(model);
    manifest = (await packBundle({ modelPath: model, summary, metadata: metadataOfModel(summary).metadata, out: folder })).manifest;
  });

  async function refused(name: string, entries: Array<[string, Buffer]>): Promise<AppError> {
    const where = join(dir, name);
    mkdirSync(where);
    writeFileSync(join(where, 'b.tar.gz'), tarball(entries));
    const err = (await openBundle(join(where, 'b.tar.gz'), join(where, 'data')).catch((e: unknown) => e)) as AppError;
    expect(readdirSync(join(where, 'data', 'bundles'))).toEqual([]);
    return err;
  }

  it('opens the same entries when they match the manifest', async () => {
    const where = join(dir, 'ok');
    mkdirSync(where);
    writeFileSync(join(where, 'b.tar.gz'), tarball([['modelcrate.json', readFileSync(join(folder, 'modelcrate.json'))], ...files()]));
    expect((await openBundle(join(where, 'b.tar.gz'), join(where, 'data'))).manifest.metadata.name).toBe('mlp');
  });

  it('refuses an entry bigger than listed before writing it', async () => {
    const entries = files();
    entries[0] = [entries[0]![0], Buffer.alloc(8 << 20)]; // 8 MiB of zeros: ~8 KB compressed
    const err = await refused('bigger', [['modelcrate.json', readFileSync(join(folder, 'modelcrate.json'))], ...entries]);
    expect(err).toMatchObject({
      code: 'BUNDLE_TAMPERED',
      message: `The bundle's "${entries[0]![0]}" is ${8 << 20} bytes; modelcrate.json says ${manifest.files[0]!.size}.`,
    });
  });

  it('refuses an entry the manifest does not list', async () => {
    const err = await refused('unlisted', [
      ['modelcrate.json', readFileSync(join(folder, 'modelcrate.json'))],
      ['extra.bin', Buffer.from('x')],
      ...files(),
    ]);
    expect(err).toMatchObject({ code: 'BUNDLE_TAMPERED', message: 'The bundle holds "extra.bin", which modelcrate.json does not list.' });
  });

  it('refuses a bundle that declares more than the disk holds (DISK_FULL, before its files land)', async () => {
    const huge = { ...manifest, files: manifest.files.map((f, i) => (i === 0 ? { ...f, size: 2 ** 52 } : f)) };
    const err = await refused('huge', [['modelcrate.json', Buffer.from(JSON.stringify(huge))], ...files()]);
    expect(err).toMatchObject({
      code: 'DISK_FULL',
      message: expect.stringMatching(/^The bundle needs .* to extract; only .* is free there\.$/),
    });
  });
});
