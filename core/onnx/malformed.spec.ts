// Broken and foreign files: each must give a stable code and a message that says what the file
// is and what to do — and nothing (random bytes, cuts, bit flips) may crash or hang the reader.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { MALFORMED_CASES, randomBytes } from '../../test/fixtures/malformed';
import { mlp, subgraphs } from '../../test/fixtures/models';
import { rng } from '../../test/fixtures/onnx-writer';
import { suiteDir } from '../../test/fixtures/tmp';
import { readModelSummary } from './reader';

const dir = suiteDir('malformed');

async function failure(path: string, opts?: { windowBytes?: number }): Promise<AppError> {
  try {
    await readModelSummary(path, opts);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw new Error(`not an AppError: ${String(err)}`, { cause: err });
  }
  throw new Error('expected the read to fail');
}

describe('malformed and foreign files', () => {
  for (const c of MALFORMED_CASES) {
    it(`${c.name} → ${c.code}`, async () => {
      const e = await failure(c.build(dir));
      expect(e.code).toBe(c.code);
      expect(e.message).toMatch(c.mentions);
      expect(e.hint, 'every failure says what to do').toBeTruthy();
    });
  }

  it('pickle: the exact message and a torch.onnx.export hint', async () => {
    const e = await failure(MALFORMED_CASES.find((c) => c.name === 'pickle')!.build(dir));
    expect(e.message).toBe('This file is not an ONNX model (it looks like a Python pickle; pickles can run code and are never opened).');
    expect(e.hint).toMatch(/torch\.onnx\.export/);
  });

  it('truncated: says where the file ends and how much the record needs', async () => {
    const e = await failure(MALFORMED_CASES.find((c) => c.name === 'truncated')!.build(dir));
    expect(e.message).toMatch(
      /^The file ends at byte \d+ but a record at byte \d+ needs \d+ bytes; it may be incompletely downloaded or copied\.$/,
    );
  });

  it('other formats are named: npy, gzip, HTML, JSON, a plain ZIP', async () => {
    const cases: Array<[string, Buffer, RegExp]> = [
      ['a.npy', Buffer.concat([Buffer.from([0x93]), Buffer.from("NUMPY\x01\x00v\x00{'descr': '<f4'}", 'latin1')]), /NumPy/],
      ['a.gz', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0]), /gzip/],
      ['a.html', Buffer.from('<!DOCTYPE html><html><body>Not found</body></html>'), /HTML/],
      ['a.json', Buffer.from('{"model": "resnet"}'), /JSON/],
      [
        'a.zip',
        Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(22), Buffer.from([9, 0, 0, 0]), Buffer.from('model.txt')]),
        /ZIP archive\)/,
      ],
    ];
    for (const [name, bytes, re] of cases) {
      writeFileSync(join(dir, name), bytes);
      const e = await failure(join(dir, name));
      expect([e.code, e.message], name).toEqual(['NOT_ONNX', expect.stringMatching(re)]);
    }
  });

  it('missing file → FILE_NOT_FOUND, folder → NOT_A_FILE', async () => {
    expect((await failure(join(dir, 'nope.onnx'))).code).toBe('FILE_NOT_FOUND');
    const folder = join(dir, 'a-folder.onnx');
    mkdirSync(folder);
    expect((await failure(folder)).code).toBe('NOT_A_FILE');
  });

  it('random bytes of many seeds and sizes are NOT_ONNX', async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const e = await failure(randomBytes(dir, seed, 16 + seed * 97));
      expect(e.code, `seed ${seed}`).toBe('NOT_ONNX');
    }
  });
});

describe('robustness (no crash, no hang, only AppErrors)', () => {
  it('every prefix of a valid model fails cleanly', async () => {
    const full = readFileSync(subgraphs(dir));
    const cut = join(dir, 'cut.onnx');
    for (let n = 1; n < full.length; n += 3) {
      writeFileSync(cut, full.subarray(0, n));
      const e = await failure(cut, { windowBytes: 64 });
      expect(['TRUNCATED', 'MALFORMED', 'NOT_ONNX'], `cut at ${n}`).toContain(e.code);
    }
  });

  it('random byte flips give a summary or an AppError, never another exception', async () => {
    const full = readFileSync(mlp(dir));
    const r = rng(99);
    const path = join(dir, 'flipped.onnx');
    for (let i = 0; i < 400; i++) {
      const b = Buffer.from(full);
      for (let k = 0; k < 1 + (i % 4); k++) b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
      writeFileSync(path, b);
      await readModelSummary(path).catch((err: unknown) => {
        if (!(err instanceof AppError)) throw err;
      });
    }
  });
});
