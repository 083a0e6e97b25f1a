// A sharded checkpoint read through model.safetensors.index.json: shards merged into one model,
// missing ones reported, and every shard name that would read outside the index's folder refused.
import { closeSync, ftruncateSync, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { safetensorsBytes, writeSafetensors } from '../../../test/fixtures/safetensors-writer';
import { suiteDir } from '../../../test/fixtures/tmp';
import { openFileSource } from '../../onnx/file-source';
import { previewForeignTensor } from '../tensor-preview';
import { isSafetensorsIndex, MAX_INDEX_BYTES, readSafetensorsIndex, resolveShardPath } from './shards';

const root = suiteDir('shards');
let n = 0;

/** A folder with an index over `weightMap`; shards are written by the caller. */
function folder(): string {
  const d = join(root, `m${n++}`);
  mkdirSync(d);
  return d;
}

function writeIndex(dir: string, weightMap: Record<string, unknown>, metadata?: Record<string, unknown>): string {
  const p = join(dir, 'model.safetensors.index.json');
  writeFileSync(p, JSON.stringify({ ...(metadata ? { metadata } : {}), weight_map: weightMap }, null, 2));
  return p;
}

async function read(index: string) {
  const src = openFileSource(index);
  try {
    return await readSafetensorsIndex(src);
  } finally {
    src.close();
  }
}

async function refusal(index: string): Promise<AppError> {
  const err = await read(index).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

/** Three shards of a two-layer model, as save_pretrained names them. */
function threeShards(dir: string): { index: string; total: number } {
  const names = ['model-00001-of-00003.safetensors', 'model-00002-of-00003.safetensors', 'model-00003-of-00003.safetensors'];
  writeSafetensors(
    join(dir, names[0]!),
    [{ name: 'embed.weight', dtype: 'BF16', shape: [8, 4], data: Array.from({ length: 32 }, (_, i) => i) }],
    {
      format: 'pt',
    },
  );
  writeSafetensors(
    join(dir, names[1]!),
    [
      { name: 'layers.0.weight', dtype: 'F32', shape: [4, 4], data: Array.from({ length: 16 }, (_, i) => i / 2) },
      { name: 'layers.0.bias', dtype: 'F32', shape: [4], data: [1, 2, 3, 4] },
    ],
    { format: 'pt' },
  );
  writeSafetensors(join(dir, names[2]!), [{ name: 'layers.1.weight', dtype: 'F16', shape: [4, 4] }], { format: 'pt' });
  const total = 64 + 64 + 16 + 32;
  const index = writeIndex(
    dir,
    { 'embed.weight': names[0], 'layers.0.weight': names[1], 'layers.0.bias': names[1], 'layers.1.weight': names[2] },
    { total_size: total },
  );
  return { index, total };
}

describe('a sharded checkpoint', () => {
  it('merges the shards into one model, each tensor naming its shard', async () => {
    const dir = folder();
    const { index, total } = threeShards(dir);
    const m = await read(index);
    expect(m.format).toBe('safetensors-index');
    expect(m.tensorCount).toBe(4);
    expect(m.tensorBytes).toBe(total);
    expect(m.parameters).toBe(32 + 16 + 4 + 16);
    expect(m.notes).toEqual([]);
    expect(m.metadata).toEqual({ total_size: String(total), format: 'pt' });
    expect(m.tensors.map((t) => [t.name, t.file])).toEqual([
      ['embed.weight', 'model-00001-of-00003.safetensors'],
      ['layers.0.bias', 'model-00002-of-00003.safetensors'],
      ['layers.0.weight', 'model-00002-of-00003.safetensors'],
      ['layers.1.weight', 'model-00003-of-00003.safetensors'],
    ]);
    expect(m.what).toBe('safetensors weights (no graph) in 3 shards: 4 tensors, 176 B, 68 parameters, F32 + BF16 + F16');
    expect(m.sections.find((s) => s.title === 'Shards')!.rows).toEqual([
      ['model-00001-of-00003.safetensors', '1', '64 B', 'ok'],
      ['model-00002-of-00003.safetensors', '2', '80 B', 'ok'],
      ['model-00003-of-00003.safetensors', '1', '32 B', 'ok'],
    ]);
  });

  it('previews a tensor from its shard, opened through the same guard', async () => {
    const dir = folder();
    const { index } = threeShards(dir);
    const m = await read(index);
    const bias = m.tensors.find((t) => t.name === 'layers.0.bias')!;
    const src = openFileSource(resolveShardPath(index, bias.file!));
    try {
      expect(previewForeignTensor(src, bias, 10).values).toEqual([1, 2, 3, 4]);
    } finally {
      src.close();
    }
  });

  it('lists a missing shard in the notes and keeps its tensors as unknown rows', async () => {
    const dir = folder();
    const { index } = threeShards(dir);
    writeIndex(
      dir,
      {
        'embed.weight': 'model-00001-of-00003.safetensors',
        'layers.0.weight': 'model-00002-of-00003.safetensors',
        'layers.0.bias': 'model-00002-of-00003.safetensors',
        'layers.1.weight': 'model-00003-of-00003.safetensors',
        'lm_head.weight': 'model-00004-of-00004.safetensors',
      },
      { total_size: 1 },
    );
    const m = await read(index);
    expect(m.notes).toContain("Shard model-00004-of-00004.safetensors is missing (1 tensors): download it into the index's folder.");
    expect(m.tensors.at(-1)).toEqual({
      name: 'lm_head.weight',
      dtype: '?',
      shape: null,
      bytes: null,
      file: 'model-00004-of-00004.safetensors',
    });
    expect(m.tensorBytes).toBeNull();
    expect(m.what).toMatch(/in 4 shards: 5 tensors, .*; 1 shard missing or unreadable$/);
  });

  it('notes a shard that is not safetensors, and tensors the weight_map and the headers disagree on', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'a.safetensors'), 'not a safetensors file at all');
    writeSafetensors(join(dir, 'b.safetensors'), [{ name: 'x', dtype: 'U8', shape: [1] }]);
    const m = await read(writeIndex(dir, { p: 'a.safetensors', q: 'b.safetensors' }, { total_size: 5 }));
    expect(m.notes.find((s) => s.startsWith('Shard a.safetensors is unreadable'))).toBeDefined();
    expect(m.notes).toContain("1 tensor(s) named in weight_map are not in their shard's header.");
    expect(m.notes).toContain('1 tensor(s) in the shards are not named in weight_map.');
  });

  it('notes a total_size that differs from the shards', async () => {
    const dir = folder();
    writeSafetensors(join(dir, 'a.safetensors'), [{ name: 'x', dtype: 'U8', shape: [3] }]);
    const m = await read(writeIndex(dir, { x: 'a.safetensors' }, { total_size: 4 }));
    expect(m.notes).toEqual(['metadata.total_size says 4 bytes but the shards hold 3.']);
  });
});

describe('shard names that would leave the folder', () => {
  const names = [
    '../etc/passwd',
    '/etc/passwd',
    'sub/model.safetensors',
    '..',
    '.',
    '',
    '..\\..\\secret',
    'C:\\Windows\\x.safetensors',
    'C:x',
    'a\0b',
  ];
  for (const name of names) {
    it(`refuses ${JSON.stringify(name)} before opening any shard`, async () => {
      const dir = folder();
      writeSafetensors(join(dir, 'ok.safetensors'), [{ name: 'x', dtype: 'U8', shape: [1] }]);
      const e = await refusal(writeIndex(dir, { x: 'ok.safetensors', evil: name }));
      expect(e.code).toBe('EXTERNAL_DATA_UNSAFE');
      expect(e.message).toContain(JSON.stringify(name));
    });
  }

  it('refuses a symlink in the folder that leads outside it', async () => {
    const outside = folder();
    const secret = writeSafetensors(join(outside, 'secret.safetensors'), [{ name: 'key', dtype: 'U8', shape: [1] }]);
    const dir = folder();
    symlinkSync(secret, join(dir, 'model.safetensors'));
    const e = await refusal(writeIndex(dir, { x: 'model.safetensors' }));
    expect(e.code).toBe('EXTERNAL_DATA_UNSAFE');
    expect(e.message).toMatch(/is a link to .*secret\.safetensors, outside the index's folder/);
  });

  it('refuses a symlink to a folder outside (reached by name) and follows links that stay inside', async () => {
    const dir = folder();
    writeSafetensors(join(dir, 'real.safetensors'), [{ name: 'x', dtype: 'U8', shape: [2] }]);
    symlinkSync('real.safetensors', join(dir, 'alias.safetensors'));
    const m = await read(writeIndex(dir, { x: 'alias.safetensors' }));
    expect(m.tensors[0]).toMatchObject({ name: 'x', bytes: 2, file: 'alias.safetensors' });
    symlinkSync('/etc/passwd', join(dir, 'passwd.safetensors'));
    expect((await refusal(writeIndex(dir, { x: 'passwd.safetensors' }))).code).toBe('EXTERNAL_DATA_UNSAFE');
  });

  it('accepts the Hugging Face cache layout: snapshot files linking into the repository blobs', async () => {
    const repo = join(folder(), 'models--org--tiny');
    mkdirSync(join(repo, 'blobs'), { recursive: true });
    mkdirSync(join(repo, 'snapshots', 'abc123'), { recursive: true });
    writeFileSync(join(repo, 'blobs', 'f00d'), safetensorsBytes([{ name: 'w', dtype: 'F32', shape: [2], data: [1, 2] }]));
    symlinkSync('../../blobs/f00d', join(repo, 'snapshots', 'abc123', 'model-00001-of-00001.safetensors'));
    const m = await read(writeIndex(join(repo, 'snapshots', 'abc123'), { w: 'model-00001-of-00001.safetensors' }));
    expect(m.notes).toEqual([]);
    expect(m.tensors[0]).toMatchObject({ name: 'w', bytes: 8 });
  });
});

describe('broken index files', () => {
  it('refuses invalid JSON, a missing weight_map and a non-string shard', async () => {
    const dir = folder();
    const p = join(dir, 'model.safetensors.index.json');
    writeFileSync(p, '{"weight_map": {"a": ');
    expect((await refusal(p)).code).toBe('MALFORMED');
    writeFileSync(p, '{"metadata": {}}');
    expect((await refusal(p)).message).toMatch(/no "weight_map" object/);
    writeFileSync(p, '{"weight_map": {"a": 3}}');
    expect((await refusal(p)).message).toMatch(/maps tensor a to 3/);
    writeFileSync(p, '{"weight_map": ["a"]}');
    expect((await refusal(p)).code).toBe('MALFORMED');
  });

  it('refuses an index over the size cap without reading it', async () => {
    const p = join(folder(), 'model.safetensors.index.json');
    const fd = openSync(p, 'w');
    ftruncateSync(fd, MAX_INDEX_BYTES + 1);
    closeSync(fd);
    expect((await refusal(p)).code).toBe('TOO_LARGE');
  });
});

describe('isSafetensorsIndex', () => {
  it('recognises a safetensors index by content, and nothing else', () => {
    const index = JSON.stringify({ metadata: { total_size: 10 }, weight_map: { a: 'model-00001-of-00002.safetensors' } }, null, 2);
    expect(isSafetensorsIndex(Buffer.from(index))).toBe(true);
    expect(isSafetensorsIndex(Buffer.from(`\uFEFF  ${index}`))).toBe(true);
    expect(isSafetensorsIndex(Buffer.from('{"weight_map": {"a": "pytorch_model-00001-of-00002.bin"}}'))).toBe(false);
    expect(isSafetensorsIndex(Buffer.from('{"architectures": ["LlamaForCausalLM"]}'))).toBe(false);
    expect(isSafetensorsIndex(safetensorsBytes([{ name: 'weight_map', dtype: 'U8', shape: [1] }]))).toBe(false);
    expect(isSafetensorsIndex(Buffer.alloc(0))).toBe(false);
  });
});
