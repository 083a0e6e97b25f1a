// readTorchZip on archives torch would never write: not a PyTorch archive, a cut data.pkl, a
// storage stored compressed. Each is an answer (an error with a hint, a finding, a note), never a crash.
// The archives are written by Python's zipfile (stdlib only); real torch archives are in
// test/integration/pickle-scan.spec.ts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { openFileSource } from '../../onnx/file-source';
import { readTorchZip } from './torch-zip';

const dir = mkdtempSync(join(tmpdir(), 'mc-torch-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A state_dict data.pkl as torch.save writes it (protocol 2): {'w': _rebuild_tensor_v2(storage '0' of 6 floats, 0, (2, 3), (3, 1), False, OrderedDict())}.
const DATA_PKL =
  "b'\\x80\\x02ccollections\\nOrderedDict\\nq\\x00)Rq\\x01X\\x01\\x00\\x00\\x00wq\\x02ctorch._utils\\n_rebuild_tensor_v2\\nq\\x03((X\\x07\\x00\\x00\\x00storageq\\x04ctorch\\nFloatStorage\\nq\\x05X\\x01\\x00\\x00\\x000q\\x06X\\x03\\x00\\x00\\x00cpuq\\x07K\\x06tq\\x08QK\\x00K\\x02K\\x03\\x86q\\tK\\x03K\\x01\\x86q\\n\\x89h\\x00)Rq\\x0btq\\x0cRq\\rs.'";

function zip(name: string, entries: Record<string, string>, deflate: string[] = []): string {
  const path = join(dir, name);
  const py = [
    'import sys, zipfile',
    `z = zipfile.ZipFile(sys.argv[1], "w")`,
    ...Object.entries(entries).map(
      ([n, data]) => `z.writestr(${JSON.stringify(n)}, ${data}, ${deflate.includes(n) ? 'zipfile.ZIP_DEFLATED' : 'zipfile.ZIP_STORED'})`,
    ),
    'z.close()',
  ].join('\n');
  execFileSync('/usr/bin/python3', ['-c', py, path]);
  return path;
}

async function open(path: string) {
  const src = openFileSource(path);
  try {
    return await readTorchZip(src);
  } finally {
    src.close();
  }
}

describe('readTorchZip', () => {
  it('reads a minimal checkpoint: the tensor, its dtype, shape and offset', async () => {
    const m = await open(zip('ok.pt', { 'archive/data.pkl': DATA_PKL, 'archive/data/0': "b'\\x00' * 24", 'archive/version': "b'3\\n'" }));
    expect(m.scan!.verdict).toBe('safe');
    expect(m.tensors).toEqual([
      { name: 'w', dtype: 'float32', shape: [2, 3], bytes: 24, offset: expect.any(Number), file: 'archive/data/0' },
    ]);
    expect(m.metadata).toEqual({ archive: 'archive', version: '3' });
  });

  it('refuses a zip that is no PyTorch archive, with a hint', async () => {
    const err = await open(zip('other.zip', { 'readme.txt': "b'hi'" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('MALFORMED');
    expect((err as AppError).hint).toBeTruthy();
  });

  it('reports a cut data.pkl as unknown at its offset', async () => {
    const m = await open(zip('cut.pt', { 'archive/data.pkl': `${DATA_PKL}[:60]`, 'archive/data/0': "b'\\x00' * 24" }));
    expect(m.scan!.verdict).toBe('unknown');
    expect(m.scan!.findings[0]).toMatchObject({ opcode: 'TRUNCATED', pickle: 'archive/data.pkl' });
    expect(m.scan!.summary).toMatch(/^Unknown: 1 pickle cannot be read to the end/);
  });

  it('lists a tensor whose storage is compressed without an offset, and says why', async () => {
    const m = await open(zip('deflated.pt', { 'archive/data.pkl': DATA_PKL, 'archive/data/0': "b'\\x00' * 24" }, ['archive/data/0']));
    expect(m.tensors[0]!.offset).toBeUndefined();
    expect(m.notes.join(' ')).toMatch(/compressed entries/);
  });
});
