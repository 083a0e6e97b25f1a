// Failure and safety paths: cancel and broken sources leave no temp file and an untouched
// destination; in-place writes keep a backup; big files go through both copy paths with progress.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModelSummary } from '../onnx/reader';
import { bigInitializers, mlp, withMetadata } from '../../test/fixtures/models';
import { suiteDir } from '../../test/fixtures/tmp';
import { writeError } from './atomic-file';
import { stringRecord } from './proto-encode';
import { scanTopLevel } from './top-level-scan';
import { backupPath, writeModelMetadata, writeModelMetadataInPlace } from './write-metadata';

const root = suiteDir('meta-safety');
let n = 0;
/** A fresh folder per test, so "no temp file left" is checked on a clean listing. */
const folder = () => {
  const d = join(root, `t${n++}`);
  mkdirSync(d);
  return d;
};
const EDIT = { set: { model_author: 'Ada' }, docString: 'edited' };

describe('cancel', () => {
  it('before starting: CANCELLED, nothing written', async () => {
    const d = folder();
    const src = mlp(d);
    const ac = new AbortController();
    ac.abort();
    await expect(writeModelMetadata(src, join(d, 'out.onnx'), EDIT, { signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(readdirSync(d)).toEqual(['mlp.onnx']);
  });

  it('midway through a streamed copy: the old destination is untouched and the temp file is gone', async () => {
    const d = folder();
    const big = bigInitializers(d, 20 << 20);
    // A doc_string before the graph makes the first piece an encoded record: the streaming path.
    const src = join(d, 'doc-first.onnx');
    writeFileSync(src, Buffer.concat([stringRecord(6, 'old'), readFileSync(big)]));
    const dest = join(d, 'dest.onnx');
    writeFileSync(dest, 'previous content');
    const ac = new AbortController();
    let calls = 0;
    const onProgress = (done: number) => {
      if (done > 0 && ++calls === 2) ac.abort();
    };
    await expect(writeModelMetadata(src, dest, EDIT, { signal: ac.signal, onProgress })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(readFileSync(dest, 'utf8')).toBe('previous content');
    expect(readdirSync(d).sort()).toEqual(['big-20971520.onnx', 'dest.onnx', 'doc-first.onnx']);
  });
});

describe('sources that are not a valid ModelProto', () => {
  const cases: Array<[string, (d: string) => string, string]> = [
    [
      'truncated in the graph',
      (d) => {
        const p = mlp(d);
        truncateSync(p, 100);
        return p;
      },
      'TRUNCATED',
    ],
    ['random bytes', (d) => write(d, Buffer.from([0x97, 0x13, 0xfe, 0x00, 0x44, 0x9a, 0xc3, 0x01, 0xff, 0x80])), 'NOT_ONNX'],
    ['a text file', (d) => write(d, Buffer.from('hello world\n')), 'NOT_ONNX'],
    ['protobuf with no graph', (d) => write(d, Buffer.from([0x08, 0x08])), 'NOT_ONNX'],
    ['an empty file', (d) => write(d, Buffer.alloc(0)), 'EMPTY_FILE'],
    ['a missing file', (d) => join(d, 'nope.onnx'), 'FILE_NOT_FOUND'],
  ];
  const write = (d: string, b: Buffer) => {
    const p = join(d, 'bad.onnx');
    writeFileSync(p, b);
    return p;
  };
  it.each(cases)('%s: a typed error and no file', async (_, make, code) => {
    const d = folder();
    const src = make(d);
    const before = readdirSync(d);
    await expect(writeModelMetadata(src, join(d, 'out.onnx'), EDIT)).rejects.toMatchObject({ code });
    expect(readdirSync(d)).toEqual(before);
  });

  it('a destination folder that does not exist: FILE_NOT_FOUND naming the folder', async () => {
    const d = folder();
    const err = await writeModelMetadata(mlp(d), join(d, 'missing', 'out.onnx'), EDIT).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FILE_NOT_FOUND', message: expect.stringContaining(join(d, 'missing')) });
  });
});

describe('write failures', () => {
  it.each([
    ['ENOSPC', 'DISK_FULL', 'Free some disk space'],
    ['EROFS', 'PERMISSION_DENIED', 'Choose a folder you can write to'],
    ['EIO', 'IO_ERROR', 'Check the disk'],
  ])('%s is %s with a hint', (errno, code, hint) => {
    const err = writeError(Object.assign(new Error(errno), { code: errno }), '/models/out.onnx');
    expect(err).toMatchObject({ code, hint: expect.stringContaining(hint) });
  });
});

describe('in place', () => {
  it('src === dest without a backup rewrites the file atomically', async () => {
    const d = folder();
    const src = withMetadata(d);
    await writeModelMetadata(src, src, EDIT);
    expect((await readModelSummary(src)).metadata.model_author).toBe('Ada');
    expect(readdirSync(d)).toEqual(['metadata.onnx']);
  });

  it('with a backup: the original is kept as .bak, then .bak2', async () => {
    const d = folder();
    const file = withMetadata(d);
    const original = readFileSync(file);
    const first = await writeModelMetadataInPlace(file, EDIT);
    expect(first.backup).toBe(`${file}.bak`);
    expect(readFileSync(first.backup).equals(original)).toBe(true);
    const s = await readModelSummary(file);
    expect([s.metadata.model_author, s.docString]).toEqual(['Ada', 'edited']);
    const second = await writeModelMetadataInPlace(file, { set: { model_author: 'Grace' } });
    expect(second.backup).toBe(`${file}.bak2`);
    expect((await readModelSummary(second.backup)).metadata.model_author).toBe('Ada');
    expect(await backupPath(file)).toBe(`${file}.bak3`);
    expect(readdirSync(d).sort()).toEqual(['metadata.onnx', 'metadata.onnx.bak', 'metadata.onnx.bak2']);
  });

  it('a broken file gets no backup', async () => {
    const d = folder();
    const file = join(d, 'bad.onnx');
    writeFileSync(file, 'not a model');
    await expect(writeModelMetadataInPlace(file, EDIT)).rejects.toMatchObject({ code: 'NOT_ONNX' });
    expect(existsSync(`${file}.bak`)).toBe(false);
  });
});

describe('big files', () => {
  it.each([
    ['metadata after the graph: the prefix copied (or cloned) by the OS', false],
    ['a doc_string before the graph: every byte streamed', true],
  ])('%s; progress ends at the byte count', async (_, docFirst) => {
    const d = folder();
    let src = bigInitializers(d, 40 << 20);
    if (docFirst) {
      const p = join(d, 'doc-first.onnx');
      writeFileSync(p, Buffer.concat([stringRecord(6, 'old'), readFileSync(src)]));
      src = p;
    }
    const dest = join(d, 'out.onnx');
    const seen: Array<[number, number]> = [];
    const { bytes } = await writeModelMetadata(src, dest, EDIT, { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen.at(-1)).toEqual([bytes, bytes]);
    expect(seen.every(([done], i) => i === 0 || done >= seen[i - 1]![0])).toBe(true);
    const s = await readModelSummary(dest);
    expect([s.metadata.model_author, s.docString, s.stats.weights.bytes]).toEqual(['Ada', 'edited', 40 << 20]);
    const graph = (path: string) => {
      const r = scanTopLevel(path).records.find((x) => x.field === 7)!;
      return readFileSync(path).subarray(r.start, r.end);
    };
    expect(graph(dest).equals(graph(src))).toBe(true);
    expect(statSync(dest).size).toBe(bytes);
  });

  it('in place: the backup is the original; progress covers backup and write', async () => {
    const d = folder();
    const file = bigInitializers(d, 40 << 20);
    const original = readFileSync(file);
    const seen: Array<[number, number]> = [];
    const { bytes, backup } = await writeModelMetadataInPlace(file, EDIT, { onProgress: (done, total) => seen.push([done, total]) });
    expect(readFileSync(backup).equals(original)).toBe(true);
    expect(seen.at(-1)).toEqual([original.length + bytes, original.length + bytes]);
    expect((await readModelSummary(file)).metadata.model_author).toBe('Ada');
  });
});
