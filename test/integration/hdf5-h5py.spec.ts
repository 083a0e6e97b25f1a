// The HDF5 reader against files h5py wrote (test/python/h5_cases.py): superblocks 0, 2 and 3, a user
// block, old-style groups (B-tree v1 + local heap), compact and dense new-style groups (fractal heap
// + version 2 B-trees two levels deep), dense attributes, chunked and compressed datasets, a compact
// one, a hard link looping back up. Every dataset's path, shape, dtype, stored bytes and offset, and
// every group's attributes, must equal h5py's own listing; contiguous offsets must hold the very
// bytes h5py reads. Then hostile variants of those files.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { readHdf5 } from '../../core/formats/hdf5/reader';
import { readHdf5Tree } from '../../core/formats/hdf5/tree';
import type { FileSource } from '../../core/onnx/file-source';
import { openFileSource } from '../../core/onnx/file-source';
import { AppError } from '../../shared/errors';
import { describeWithH5py } from '../fixtures/h5py';
import { runPython } from '../fixtures/python-run';
import { suiteDir } from '../fixtures/tmp';

interface PyDataset {
  path: string;
  shape: number[] | null;
  dtype: string;
  bytes: number;
  layout: string;
  offset?: number;
  sha256?: string | null;
}
interface PyListing {
  file: string;
  superblock: number;
  datasets: PyDataset[];
  attrs: Record<string, unknown>;
  groups: Record<string, Record<string, unknown>>;
}

const dir = suiteDir('hdf5');

function withSource<T>(path: string, f: (src: FileSource) => T): T {
  const src = openFileSource(path);
  try {
    return f(src);
  } finally {
    src.close();
  }
}

async function readError(path: string): Promise<AppError> {
  const err = await withSource(path, (src) => readHdf5(src)).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describeWithH5py('HDF5 reader on files h5py wrote', () => {
  const cases = new Map<string, string>();
  const listings = new Map<string, PyListing>();
  beforeAll(() => {
    for (const c of runPython<{ name: string; file: string }[]>('h5_cases.py', ['write', dir])) cases.set(c.name, c.file);
    for (const l of runPython<PyListing[]>('h5_cases.py', ['list', ...cases.values()])) listings.set(l.file, l);
  }, 120_000);

  const NAMES = ['default', 'userblock', 'v108', 'latest', 'latest_small', 'track_order'];

  it.each(NAMES)('%s.h5: every dataset and every group attribute as h5py lists them', (name) => {
    const file = cases.get(name)!;
    const py = listings.get(file)!;
    const tree = withSource(file, readHdf5Tree);
    expect(tree.superblock).toBe(py.superblock);
    const ours = new Map(tree.datasets.map((d) => [d.path, d]));
    expect([...ours.keys()].sort()).toEqual(py.datasets.map((d) => d.path).sort());
    const file8 = readFileSync(file);
    for (const p of py.datasets) {
      const d = ours.get(p.path)!;
      expect({ path: d.path, shape: d.shape, dtype: d.dtype, layout: d.layout }).toEqual({
        path: p.path,
        shape: p.shape,
        dtype: p.dtype,
        layout: p.layout,
      });
      if (d.bytes === null) {
        // Only the extensible-array chunk index (resizable datasets, libver latest) is left uncounted, and said so.
        expect(tree.notes.join('\n')).toContain('extensible-array');
      } else expect(d.bytes, p.path).toBe(p.bytes);
      expect(d.offset, p.path).toBe(p.offset);
      if (p.sha256) {
        const got = createHash('sha256')
          .update(file8.subarray(d.offset!, d.offset! + d.bytes!))
          .digest('hex');
        expect(got, `${p.path}: the bytes at our offset are h5py's values`).toBe(p.sha256);
      }
    }
    const groups = new Map(tree.groups.map((g) => [g.path, Object.fromEntries(g.attrs)]));
    expect(groups.get('')).toEqual(py.attrs);
    for (const [path, attrs] of Object.entries(py.groups)) expect(groups.get(path), path).toEqual(attrs);
    expect(groups.size).toBe(Object.keys(py.groups).length + 1);
  });

  it('reads the deep dense group (2000 links: a two-level v2 B-tree) of latest.h5 in name order', () => {
    const tree = withSource(cases.get('latest')!, readHdf5Tree);
    const wide = tree.datasets.filter((d) => d.path.startsWith('wide/')).map((d) => d.path);
    expect(wide).toHaveLength(2000);
    expect(wide.slice(0, 2)).toEqual(['wide/d0000', 'wide/d0001']);
    expect(wide.at(-1)).toBe('wide/d1999');
  });

  it('follows the hard link that loops back up (a/b/loop → a) once, like h5py', () => {
    const tree = withSource(cases.get('default')!, readHdf5Tree);
    expect(tree.datasets.some((d) => d.path.startsWith('a/b/loop'))).toBe(false);
    expect(tree.datasets.filter((d) => d.path === 'a/alias' || d.path === 'a/b/c/weights').map((d) => d.path)).toEqual(['a/alias']);
  });

  it('fills a ForeignModel: every dataset a tensor, root attributes as metadata', async () => {
    const m = await withSource(cases.get('default')!, readHdf5);
    expect(m.format).toBe('hdf5');
    expect(m.tensorCount).toBe(36);
    expect(m.tensors.find((t) => t.name === 'a/gz')).toEqual({ name: 'a/gz', dtype: 'int32', shape: [100, 200], bytes: 11_860 });
    expect(m.tensors.find((t) => t.name === 'scalar')).toMatchObject({ dtype: 'float64', shape: [], bytes: 8 });
    expect(m.metadata).toMatchObject({
      title: 'h5 cases',
      fixed: 'fixed-bytes',
      count: '42',
      flag: 'true',
      names: '[alpha, beta, gamma]',
      vector: '[0, 1, 2, 3, 4]',
      'hdf5 superblock': '0',
    });
    expect(m.what).toMatch(/^An HDF5 file with 36 datasets in 6 groups, /); // the root counts
    expect(m.io).toBeUndefined();
  });

  it('reads only metadata: a 64 MB dataset costs no read of its bytes', () => {
    const file = join(dir, 'big.h5');
    runPython('h5_cases.py', ['big', file]);
    const src = openFileSource(file);
    let bytesRead = 0;
    const counting: FileSource = { ...src, read: (b, o, l, p) => ((bytesRead += l), src.read(b, o, l, p)) };
    const tree = readHdf5Tree(counting);
    src.close();
    expect(tree.datasets.find((d) => d.path === 'big')).toMatchObject({ shape: [4096, 4096], dtype: 'float32', bytes: 64 << 20 });
    expect(bytesRead).toBeLessThan(64 << 10);
  });

  // ---- hostile ----

  it('refuses a truncated superblock and a truncated file', async () => {
    const whole = readFileSync(cases.get('default')!);
    const head = join(dir, 'head.h5');
    writeFileSync(head, whole.subarray(0, 40));
    const e1 = await readError(head);
    expect(e1.code).toBe('TRUNCATED');
    expect(e1.message).toContain('ends inside its HDF5 superblock');
    const half = join(dir, 'half.h5');
    writeFileSync(half, whole.subarray(0, whole.length >> 1));
    const e2 = await readError(half);
    expect(e2.code).toBe('TRUNCATED');
    expect(e2.message).toContain(`its superblock says the file is ${whole.length} bytes, but it has ${whole.length >> 1}`);
  });

  it('refuses a file that is not HDF5, and a root object header past the end of the file', async () => {
    const notH5 = join(dir, 'not.h5');
    writeFileSync(notH5, Buffer.alloc(4096, 7));
    expect((await readError(notH5)).message).toContain('is not an HDF5 file');
    const b = readFileSync(cases.get('default')!);
    // Superblock 0 with 8-byte addresses: the root entry's object header address is at byte 64.
    b.writeBigUInt64LE(BigInt(b.length + 4096), 64);
    const bad = join(dir, 'root.h5');
    writeFileSync(bad, b);
    const e = await readError(bad);
    expect(e.code).toBe('MALFORMED');
    expect(e.message).toContain(`is at byte ${b.length + 4096}, past the end of the file`);
  });

  it('refuses a group B-tree node that points back at itself (a cycle)', async () => {
    const b = readFileSync(cases.get('default')!);
    // Every group B-tree node with links becomes an internal node (level 1) whose first child is itself.
    const nodes: number[] = [];
    for (let i = b.indexOf('TREE'); i >= 0; i = b.indexOf('TREE', i + 1)) if (b[i + 4] === 0 && b.readUInt16LE(i + 6) > 0) nodes.push(i);
    expect(nodes.length).toBeGreaterThan(1);
    for (const at of nodes) {
      b[at + 5] = 1; // level
      b.writeBigUInt64LE(BigInt(at), at + 8 + 16 + 8); // child 0, after the header and key 0
    }
    const bad = join(dir, 'cycle.h5');
    writeFileSync(bad, b);
    const e = await readError(bad);
    expect(e.code).toBe('MALFORMED');
    expect(e.message).toMatch(/the B-tree node at byte (\d+) is reached twice \(a cycle\)/);
    expect(nodes).toContain(Number(/byte (\d+)/.exec(e.message)![1]));
  });

  it('refuses an attribute whose dataspace declares 2^40 elements, without allocating them', async () => {
    const b = readFileSync(cases.get('default')!);
    // The root attribute "vector" (float64, 5 elements): its dataspace's one dimension, 5, becomes 2^40.
    const name = b.indexOf('vector\0');
    const dim = b.indexOf(Buffer.from([5, 0, 0, 0, 0, 0, 0, 0]), name);
    expect(dim - name).toBeLessThan(64);
    b.writeBigUInt64LE(1n << 40n, dim);
    const bad = join(dir, 'space.h5');
    writeFileSync(bad, b);
    const e = await readError(bad);
    expect(e.code).toBe('MALFORMED');
    expect(e.message).toMatch(/attribute vector holds 40 bytes of data, 8796093022208 expected/);
  });
});
