// Detection by content on files written by the real libraries (torch, sklearn/joblib, h5py,
// numpy) where Debian has them, by the format's spec otherwise; names deliberately lie.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mlp } from '../../test/fixtures/models';
import { openFileSource } from '../onnx/file-source';
import { DETECT_BYTES, detectFormat } from './detect';

const dir = mkdtempSync(join(tmpdir(), 'detect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function detect(path: string) {
  const src = openFileSource(path);
  try {
    const head = Buffer.alloc(Math.min(DETECT_BYTES, src.size));
    src.read(head, 0, head.length, 0);
    return detectFormat(src, head)?.format ?? null;
  } finally {
    src.close();
  }
}

const PY = `
import sys, os, pickle, json, zipfile
import numpy as np
d = sys.argv[1]
import torch
net = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU())
torch.save(net.state_dict(), os.path.join(d, 'zip.onnx'))
torch.save(net.state_dict(), os.path.join(d, 'legacy.bin'), _use_new_zipfile_serialization=False)
torch.jit.save(torch.jit.script(net), os.path.join(d, 'script.pt'))
from sklearn.linear_model import LogisticRegression
m = LogisticRegression().fit(np.random.rand(20, 3), np.arange(20) % 2)
open(os.path.join(d, 'sk.model'), 'wb').write(pickle.dumps(m, protocol=4))
import joblib
joblib.dump(m, os.path.join(d, 'sk.joblib'))
open(os.path.join(d, 'p0.dat'), 'wb').write(pickle.dumps({'a': [1, 2]}, protocol=0))
open(os.path.join(d, 'p1.dat'), 'wb').write(pickle.dumps({'a': [1, 2]}, protocol=1))
import h5py
with h5py.File(os.path.join(d, 'w.h5'), 'w') as f: f['x'] = np.zeros(3)
np.save(os.path.join(d, 'a.npy'), np.zeros(3))
with zipfile.ZipFile(os.path.join(d, 'k.keras'), 'w') as z:
    z.writestr('metadata.json', json.dumps({'keras_version': '3.0.0'}))
    z.writestr('config.json', json.dumps({'class_name': 'Sequential'}))
    z.write(os.path.join(d, 'w.h5'), 'model.weights.h5')
`;

describe('detectFormat', () => {
  beforeAll(() => {
    execFileSync('/usr/bin/python3', ['-c', PY, dir], { stdio: 'pipe' });
    const header = Buffer.from(JSON.stringify({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }));
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(header.length));
    writeFileSync(join(dir, 'st.bin'), Buffer.concat([len, header, Buffer.alloc(8)]));
    writeFileSync(
      join(dir, 'index.json'),
      JSON.stringify({ metadata: { total_size: 8 }, weight_map: { w: 'model-00001-of-00001.safetensors' } }),
    );
    writeFileSync(join(dir, 'm.gguf'), Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(60)]));
    writeFileSync(join(dir, 'm.tflite'), Buffer.concat([Buffer.from([0x1c, 0, 0, 0]), Buffer.from('TFL3'), Buffer.alloc(60)]));
  });

  it.each([
    ['zip.onnx', 'pytorch'],
    ['legacy.bin', 'pickle'],
    ['script.pt', 'torchscript'],
    ['sk.model', 'pickle'],
    ['sk.joblib', 'joblib'],
    ['p0.dat', 'pickle'],
    ['p1.dat', 'pickle'],
    ['w.h5', 'hdf5'],
    ['a.npy', 'numpy'],
    ['k.keras', 'keras'],
    ['st.bin', 'safetensors'],
    ['index.json', 'safetensors-index'],
    ['m.gguf', 'gguf'],
    ['m.tflite', 'tflite'],
  ])('%s is %s', (name, format) => {
    expect(detect(join(dir, name))).toBe(format);
  });

  it('claims no ONNX model, and no plain text or JSON', () => {
    expect(detect(mlp(dir))).toBeNull();
    writeFileSync(join(dir, 'notes.txt'), 'just some notes\n');
    writeFileSync(join(dir, 'config.json'), '{"hidden_size": 768}');
    expect(detect(join(dir, 'notes.txt'))).toBeNull();
    expect(detect(join(dir, 'config.json'))).toBeNull();
  });
});
