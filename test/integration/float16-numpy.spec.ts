// float16 rounding checked against numpy (the reference most exporters use), not against ourselves.
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { numberToHalf } from '../../shared/float16';

const PYTHON = '/usr/bin/python3';

it('rounds doubles to float16 exactly as numpy astype(float16) does', () => {
  const values = [
    0.1,
    1 / 3,
    65504,
    65519.99,
    65520,
    1e6,
    -2.5e-8,
    2 ** -25,
    3 * 2 ** -25,
    5.960464477539063e-8,
    0.0009765625,
    1.0009765625 + 2 ** -11,
    Math.PI,
    -1e-5,
  ];
  for (let i = 0; i < 500; i++) values.push(((Math.sin(i * 12.9898) * 43758.5453) % 1) * 10 ** ((i % 12) - 6));
  const script =
    'import sys,json,numpy as np; v=json.load(sys.stdin); print(json.dumps(np.array(v,dtype=np.float64).astype(np.float16).view(np.uint16).tolist()))';
  const r = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(values), encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  expect(values.map(numberToHalf)).toEqual(JSON.parse(r.stdout));
});
