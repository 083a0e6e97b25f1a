// The safetensors layout checked against numpy, not against ourselves (the safetensors Python package
// is not installed here): numpy writes a file per the format's description (header length, JSON,
// tensor bytes from ndarray.tobytes(), in its own order and without the reference writer's padding)
// and our reader must find every tensor and value; then numpy parses a file from our fixture writer.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileSource } from '../../core/onnx/file-source';
import { readSafetensors } from '../../core/formats/safetensors/reader';
import { previewForeignTensor } from '../../core/formats/tensor-preview';
import { writeSafetensors, type SafetensorsTensor } from '../fixtures/safetensors-writer';
import { suiteDir } from '../fixtures/tmp';

const PYTHON = '/usr/bin/python3';
const hasNumpy = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
const dir = suiteDir('st-numpy');

// bfloat16 has no numpy dtype: values exactly representable in it are taken as the top half of float32.
const WRITE = `
import sys, json, struct, numpy as np
arrays = {
  'z.f32': (np.arange(12, dtype=np.float32).reshape(3, 4) / 7).astype(np.float32),
  'a.f16': (np.arange(6, dtype=np.float16) - np.float16(2.5)),
  'm.f64': np.array([np.pi, -1e-300, 1e300]),
  'b.i64': np.array([-(2**53) + 1, 5, 2**40], dtype=np.int64),
  'c.i32': np.array([[-(2**31), 7], [2**31 - 1, 0]], dtype=np.int32),
  'd.i16': np.array([-32768, 32767], dtype=np.int16),
  'e.i8': np.array([-128, 127, 0], dtype=np.int8),
  'f.u8': np.arange(5, dtype=np.uint8),
  'g.u16': np.array([65535], dtype=np.uint16),
  'h.u32': np.array([4294967295], dtype=np.uint32),
  'k.bool': np.array([True, False, True]),
}
names = {'float32': 'F32', 'float16': 'F16', 'float64': 'F64', 'int64': 'I64', 'int32': 'I32', 'int16': 'I16', 'int8': 'I8',
         'uint8': 'U8', 'uint16': 'U16', 'uint32': 'U32', 'bool': 'BOOL'}
bf16 = np.array([1.5, -2.0, 0.15625, 3.0e38], dtype=np.float32)
bf16 = (bf16.view(np.uint32) & 0xFFFF0000).view(np.float32)
header, blobs, at = {'__metadata__': {'format': 'np', 'by': 'numpy ' + np.__version__}}, [], 0
for name, a in arrays.items():
  b = a.tobytes()
  header[name] = {'dtype': names[str(a.dtype)], 'shape': list(a.shape), 'data_offsets': [at, at + len(b)]}
  blobs.append(b); at += len(b)
b = (bf16.view(np.uint32) >> 16).astype(np.uint16).tobytes()
header['y.bf16'] = {'dtype': 'BF16', 'shape': [2, 2], 'data_offsets': [at, at + len(b)]}
blobs.append(b)
h = json.dumps(header).encode()
with open(sys.argv[1], 'wb') as f:
  f.write(struct.pack('<Q', len(h))); f.write(h); f.write(b''.join(blobs))
out = {n: {'dtype': header[n]['dtype'], 'shape': header[n]['shape'], 'offset': 8 + len(h) + header[n]['data_offsets'][0],
           'values': [float(v) for v in a.reshape(-1)]} for n, a in arrays.items()}
out['y.bf16'] = {'dtype': 'BF16', 'shape': [2, 2], 'offset': 8 + len(h) + header['y.bf16']['data_offsets'][0], 'values': [float(v) for v in bf16]}
print(json.dumps(out))
`;

const READ = `
import sys, json, struct, numpy as np
data = open(sys.argv[1], 'rb').read()
(n,) = struct.unpack('<Q', data[:8])
header = json.loads(data[8:8 + n])
types = {'F32': np.float32, 'F16': np.float16, 'F64': np.float64, 'I64': np.int64, 'I32': np.int32, 'I8': np.int8, 'U8': np.uint8, 'BOOL': np.bool_}
out = {'__metadata__': header.pop('__metadata__', None), 'pad': n % 8}
for name, t in header.items():
  b, e = t['data_offsets']
  raw = data[8 + n + b:8 + n + e]
  if t['dtype'] == 'BF16':
    a = (np.frombuffer(raw, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)
  else:
    a = np.frombuffer(raw, dtype=types[t['dtype']])
  out[name] = {'dtype': t['dtype'], 'shape': t['shape'], 'begin': b, 'values': [float(v) for v in a.reshape(t['shape']).reshape(-1)]}
print(json.dumps(out))
`;

function python<T>(script: string, file: string): T {
  const r = spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

describe.skipIf(!hasNumpy)('safetensors against numpy', () => {
  it('reads a file numpy wrote: every tensor, offset and value', async () => {
    const file = join(dir, 'numpy.safetensors');
    const expected = python<Record<string, { dtype: string; shape: number[]; offset: number; values: number[] }>>(WRITE, file);
    const src = openFileSource(file);
    try {
      const m = await readSafetensors(src);
      expect(m.notes).toEqual([]);
      expect(m.metadata.format).toBe('np');
      expect(m.tensorCount).toBe(Object.keys(expected).length);
      for (const [name, e] of Object.entries(expected)) {
        const t = m.tensors.find((x) => x.name === name)!;
        expect({ dtype: t.dtype, shape: t.shape, offset: t.offset }, name).toEqual({ dtype: e.dtype, shape: e.shape, offset: e.offset });
        expect(previewForeignTensor(src, t, 100).values, name).toEqual(e.values);
      }
    } finally {
      src.close();
    }
  });

  it('writes a file numpy parses to the values that were given', () => {
    const tensors: SafetensorsTensor[] = [
      { name: 'w', dtype: 'F32', shape: [2, 2], data: [0.5, -1, 2.25, 1e-3] },
      { name: 'h', dtype: 'F16', shape: [3], data: [0.1, -65504, 2 ** -24] },
      { name: 'b', dtype: 'BF16', shape: [2], data: [1.5, -0.15625] },
      { name: 'i', dtype: 'I64', shape: [2], data: [-(2 ** 40), 3] },
      { name: 'k', dtype: 'BOOL', shape: [2], data: [1, 0] },
      { name: 'u', dtype: 'U8', shape: [1, 3], data: [0, 128, 255] },
    ];
    const file = writeSafetensors(join(dir, 'ours.safetensors'), tensors, { format: 'pt' });
    const got = python<Record<string, { dtype: string; shape: number[]; values: number[] }> & { __metadata__: unknown; pad: number }>(
      READ,
      file,
    );
    expect(got.__metadata__).toEqual({ format: 'pt' });
    expect(got.pad).toBe(0); // the reference writer pads the header to 8 bytes
    expect(got.w!.values).toEqual([0.5, -1, 2.25, Math.fround(1e-3)]);
    expect(got.h!.values).toEqual([0.0999755859375, -65504, 2 ** -24]); // numpy's float16(0.1)
    expect(got.b!.values).toEqual([1.5, -0.15625]);
    expect(got.i!.values).toEqual([-(2 ** 40), 3]);
    expect(got.k!.values).toEqual([1, 0]);
    expect(got.u).toMatchObject({ dtype: 'U8', shape: [1, 3], values: [0, 128, 255] });
  });
});
