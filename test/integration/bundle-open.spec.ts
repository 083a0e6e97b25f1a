// openBundle: a folder is used in place, a .tar.gz is extracted under the data folder. Hand-made
// tarballs with entries that would escape (../, absolute, backslash parents), links (symbolic,
// hard), devices, FIFOs and duplicates are refused with BUNDLE_UNSAFE naming the entry, by open
// and verify alike, and leave nothing behind, inside the data folder or outside it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../../core/bundle/open';
import { packBundle } from '../../core/bundle/pack';
import { verifyBundle } from '../../core/bundle/verify';
import { readModelSummary } from '../../core/onnx/reader';
import { forkRuntime } from '../../core/runtime/fork-runtime';
import { RuntimeService } from '../../core/runtime/runtime-service';
import { AppError } from '../../shared/errors';
import { metadataOfModel } from '../../shared/metadata/defaults';
import { mlp } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';

type EntryType = 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'CharacterDevice' | 'FIFO';
interface Entry {
  path: string;
  type?: EntryType;
  data?: string;
  linkpath?: string;
}

/** A tarball written header by header, so entries can be anything a hostile archive holds. */
function tarball(entries: Entry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.data ?? '');
    const h = new Header({
      path: e.path,
      type: e.type ?? 'File',
      size: data.length,
      mode: 0o644,
      uid: 0,
      gid: 0,
      mtime: new Date(0),
      linkpath: e.linkpath,
    });
    h.encode();
    blocks.push(h.block!, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

describe('openBundle', () => {
  const dir = suiteDir('bundle-open');
  const runtime = new RuntimeService(forkRuntime());
  afterAll(() => runtime.dispose());
  const folder = join(dir, 'folder-bundle');
  const dataDir = join(dir, 'data');

  beforeAll(async () => {
    const model = mlp(dir);
    const summary = await readModelSummary(model);
    await packBundle({ modelPath: model, summary, metadata: metadataOfModel(summary).metadata, out: folder });
  });

  it('uses a folder in place', async () => {
    const opened = await openBundle(folder, dataDir);
    expect(opened).toMatchObject({ root: folder, format: 'dir', modelPath: join(folder, 'model/mlp.onnx') });
    expect(opened.manifest.metadata.name).toBe('mlp');
  });

  it('extracts a .tar.gz (ours, or made by tar with ./ entries) under the data folder', async () => {
    const tgz = join(dir, 'system-tar.tar.gz');
    execFileSync('tar', ['-czf', tgz, '-C', folder, '.']);
    const opened = await openBundle(tgz, dataDir);
    expect(opened.format).toBe('tar.gz');
    expect(opened.root.startsWith(join(dataDir, 'bundles', 'system-tar-'))).toBe(true);
    expect(existsSync(opened.modelPath)).toBe(true);
    expect((await verifyBundle(opened.root, { runtime })).ok).toBe(true);
  });

  it('refuses a folder whose files do not match its manifest', async () => {
    const copy = join(dir, 'changed');
    execFileSync('cp', ['-r', folder, copy]);
    writeFileSync(join(copy, 'README.md'), 'changed');
    await expect(openBundle(copy, dataDir)).rejects.toMatchObject({
      code: 'BUNDLE_TAMPERED',
      message: expect.stringContaining('"README.md"'),
    });
  });

  const hostile: Array<[string, Entry, RegExp]> = [
    ['a parent path', { path: '../escaped.txt', data: 'x' }, /"\.\.\/escaped\.txt" uses '\.\.'/],
    ['a parent inside the path', { path: 'model/../../escaped.txt', data: 'x' }, /uses '\.\.'/],
    ['a backslash parent', { path: '..\\escaped.txt', data: 'x' }, /uses '\.\.'/],
    ['an absolute path', { path: '/tmp/escaped.txt', data: 'x' }, /"\/tmp\/escaped\.txt" is an absolute path/],
    [
      'a symlink pointing outside',
      { path: 'model/weights.bin', type: 'SymbolicLink', linkpath: '/etc/passwd' },
      /"model\/weights\.bin" is a symbolic link \(to "\/etc\/passwd"\)/,
    ],
    ['a hard link', { path: 'README.md', type: 'Link', linkpath: 'modelcrate.json' }, /"README\.md" is a hard link/],
    ['a character device', { path: 'dev', type: 'CharacterDevice' }, /"dev" is a CharacterDevice/],
    ['a FIFO', { path: 'fifo', type: 'FIFO' }, /"fifo" is a FIFO/],
    ['a duplicate entry', { path: 'modelcrate.json', data: '{}' }, /"modelcrate\.json" appears twice/],
  ];

  for (const [what, entry, message] of hostile) {
    it(`refuses ${what} (BUNDLE_UNSAFE naming the entry) and leaves nothing behind`, async () => {
      const where = join(dir, `hostile-${what.replace(/\W+/g, '-')}`);
      mkdirSync(where);
      const tgz = join(where, 'evil.tar.gz');
      writeFileSync(
        tgz,
        tarball([{ path: 'modelcrate.json', data: '{}' }, { path: 'model/', type: 'Directory' }, entry, { path: 'after.txt', data: 'y' }]),
      );
      const data = join(where, 'data');
      const err = (await openBundle(tgz, data).catch((e: unknown) => e)) as AppError;
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe('BUNDLE_UNSAFE');
      expect(err.message).toMatch(message);
      expect(readdirSync(join(data, 'bundles'))).toEqual([]);
      expect(readdirSync(where).sort()).toEqual(['data', 'evil.tar.gz']);
      expect(existsSync('/tmp/escaped.txt')).toBe(false);

      const temp = join(where, 'verify-temp');
      mkdirSync(temp);
      const report = await verifyBundle(tgz, { runtime, tempParent: temp });
      expect(report).toMatchObject({ ok: false, error: { code: 'BUNDLE_UNSAFE' } });
      expect(report.checks.at(-1)?.name).toBe('archive');
      expect(readdirSync(temp)).toEqual([]);
    });
  }

  it('something that is not a tarball → BUNDLE_INVALID', async () => {
    const junk = join(dir, 'junk.tar.gz');
    writeFileSync(junk, gzipSync(Buffer.from('not a tar at all'.repeat(100))));
    await expect(openBundle(junk, dataDir)).rejects.toMatchObject({ code: 'BUNDLE_INVALID' });
  });
});
