// External data: accepted only as plain files inside the model's folder; every refusal names the
// tensor and the file and says what to do.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../shared/errors';
import { EXTERNAL_VARIANTS, externalData } from '../../test/fixtures/external-models';
import type { ExternalVariant } from '../../test/fixtures/external-models';
import { writeModel, vi } from '../../test/fixtures/onnx-writer';
import { suiteDir } from '../../test/fixtures/tmp';
import { readModelSummary } from './reader';

const dir = suiteDir('external');

const EXPECTED: Record<Exclude<ExternalVariant, 'ok'>, [ErrorCode, RegExp]> = {
  absolute: ['EXTERNAL_DATA_UNSAFE', /absolute path/],
  parent: ['EXTERNAL_DATA_UNSAFE', /'\.\.'/],
  symlink: ['EXTERNAL_DATA_UNSAFE', /symbolic link/],
  symlinkDir: ['EXTERNAL_DATA_UNSAFE', /symbolic link that leads outside/],
  hardlink: ['EXTERNAL_DATA_UNSAFE', /hard links/],
  missing: ['EXTERNAL_DATA_MISSING', /not in the model's folder/],
  outOfRange: ['EXTERNAL_DATA_OUT_OF_RANGE', /needs bytes 32–40 of 'weights\.bin', but that file has only 36 bytes/],
};

/** A one-initializer model whose tensor points at `external`. */
function modelWith(name: string, external: Record<string, string>, files: Record<string, number> = {}): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  for (const [f, n] of Object.entries(files)) writeFileSync(join(folder, f), Buffer.alloc(n));
  return writeModel(join(folder, 'model.onnx'), {
    graph: {
      name: 'g',
      inputs: [vi('x', 'float32', [2])],
      outputs: [vi('y', 'float32', [2])],
      initializers: [{ name: 'w', dataType: 'float32', dims: [2], external }],
      nodes: [{ opType: 'Add', inputs: ['x', 'w'], outputs: ['y'] }],
    },
  });
}

describe('external data', () => {
  it('ok: tensors located in the side file, per-file totals reported', async () => {
    const s = await readModelSummary(externalData(dir, 'ok'));
    expect(s.graph.initializers.map((t) => t.location)).toEqual([
      { kind: 'external', location: 'weights.bin', offset: 0, length: 32 },
      { kind: 'external', location: 'weights.bin', offset: 32, length: 8 },
    ]);
    expect(s.graph.initializers[0]!.values).toBeUndefined();
    expect(s.externalData).toEqual([{ location: 'weights.bin', bytes: 40, fileBytes: 40 }]);
    expect(s.stats.weights.parameterCount).toBe(10);
  });

  for (const variant of EXTERNAL_VARIANTS.filter((v) => v !== 'ok')) {
    it(`${variant} → ${EXPECTED[variant][0]}`, async () => {
      const err = await readModelSummary(externalData(dir, variant)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: EXPECTED[variant][0], message: expect.stringMatching(EXPECTED[variant][1]) });
      const e = err as { message: string; hint?: string };
      expect(e.message).toMatch(/Tensor '(W|B)'/); // names the tensor…
      expect(e.message).toMatch(/weights\.bin|missing\.bin/); // …and the file
      expect(e.hint).toBeTruthy();
    });
  }

  it('Windows-style absolute paths and backslash `..` are unsafe too', async () => {
    for (const [i, location] of ['C:\\models\\w.bin', '\\\\server\\share\\w.bin', 'sub\\..\\..\\w.bin'].entries()) {
      await expect(readModelSummary(modelWith(`win${i}`, { location, offset: '0', length: '8' }))).rejects.toMatchObject({
        code: 'EXTERNAL_DATA_UNSAFE',
      });
    }
  });

  it('length defaults to the tensor size; a file in a real subfolder is fine', async () => {
    const folder = join(dir, 'sub-ok');
    mkdirSync(join(folder, 'data'), { recursive: true });
    writeFileSync(join(folder, 'data', 'w.bin'), Buffer.alloc(8));
    const path = writeModel(join(folder, 'model.onnx'), {
      graph: {
        name: 'g',
        inputs: [vi('x', 'float32', [2])],
        outputs: [vi('y', 'float32', [2])],
        initializers: [{ name: 'w', dataType: 'float32', dims: [2], external: { location: 'data/w.bin' } }],
        nodes: [{ opType: 'Add', inputs: ['x', 'w'], outputs: ['y'] }],
      },
    });
    const s = await readModelSummary(path);
    expect(s.graph.initializers[0]!.location).toEqual({ kind: 'external', location: 'data/w.bin', offset: 0, length: 8 });
    expect(s.externalData).toEqual([{ location: 'data/w.bin', bytes: 8, fileBytes: 8 }]);
  });

  it('no location, or offset/length that are not numbers → MALFORMED', async () => {
    await expect(readModelSummary(modelWith('noloc', { offset: '0' }))).rejects.toMatchObject({
      code: 'MALFORMED',
      message: expect.stringMatching(/names no file/),
    });
    await expect(readModelSummary(modelWith('badoff', { location: 'w.bin', offset: '-4' }, { 'w.bin': 8 }))).rejects.toMatchObject({
      code: 'MALFORMED',
      message: expect.stringMatching(/offset '-4'/),
    });
  });

  it('a folder as location is unsafe; offset + length past the end is out of range', async () => {
    const p = modelWith('folderloc', { location: 'sub' });
    mkdirSync(join(dir, 'folderloc', 'sub'));
    await expect(readModelSummary(p)).rejects.toMatchObject({
      code: 'EXTERNAL_DATA_UNSAFE',
      message: expect.stringMatching(/not a regular file/),
    });
    await expect(
      readModelSummary(modelWith('range', { location: 'w.bin', offset: '4', length: '8' }, { 'w.bin': 8 })),
    ).rejects.toMatchObject({ code: 'EXTERNAL_DATA_OUT_OF_RANGE' });
  });
});
