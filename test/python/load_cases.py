#!/usr/bin/env python3
"""Fixtures for loadInputs: the same arrays as .npy, .pb, one JSON map and a test-data folder.

Usage: load_cases.py OUTDIR — prints {name: {descr, shape, hex | strings}} for the arrays written.
Signature assumed by the test: image float32[N,3,8,8], ids int64[N,L], mask bool[N,L],
words string[K], weights float16[2,2].
"""
import json
import os
import sys

import numpy as np
from onnx import numpy_helper

SAFE = 2**53 - 1


def describe(a):
    d = {'descr': a.dtype.str, 'shape': list(a.shape)}
    if a.dtype.kind in 'US':
        d['strings'] = [str(x) for x in a.reshape(-1).tolist()]
    else:
        d['hex'] = np.ascontiguousarray(a).tobytes().hex()
    return d


def json_values(a):
    if a.dtype.kind in 'iu':
        return [int(v) if abs(int(v)) <= SAFE else str(int(v)) for v in a.reshape(-1).tolist()]
    if a.dtype.kind == 'b':
        return [bool(v) for v in a.reshape(-1).tolist()]
    if a.dtype.kind == 'f':
        return [float(v) for v in a.reshape(-1).astype(np.float64).tolist()]
    return [str(v) for v in a.reshape(-1).tolist()]


def main(outdir):
    rng = np.random.default_rng(5)
    arrays = {
        'image': rng.random((1, 3, 8, 8)).astype(np.float32),
        'ids': np.array([[101, 2**60 + 3, -(2**62), 7]], dtype=np.int64),
        'mask': np.array([[True, False, True, True]]),
        'words': np.array(['héllo', 'wörld', '']),
        'weights': np.array([[0.5, -1.25], [65504, 0.099975586]], dtype=np.float16),
    }
    doc = {}
    for name, a in arrays.items():
        np.save(os.path.join(outdir, name + '.npy'), a)
        with open(os.path.join(outdir, name + '.pb'), 'wb') as f:
            f.write(numpy_helper.from_array(a.astype(object) if a.dtype.kind == 'U' else a, 'stored_as_' + name).SerializeToString())
        entry = {'shape': list(a.shape), 'data': json_values(a)}
        if name == 'weights':
            entry['type'] = 'float16'  # explicit type for one, the signature's for the others
        doc[name] = entry
    with open(os.path.join(outdir, 'inputs.json'), 'w') as f:
        json.dump(doc, f)
    folder = os.path.join(outdir, 'testdata', 'test_data_set_0')
    os.makedirs(folder)
    for i, name in enumerate(['mask', 'image', 'ids']):
        with open(os.path.join(folder, 'input_%d.pb' % i), 'wb') as f:
            f.write(numpy_helper.from_array(arrays[name], name).SerializeToString())
    out = (arrays['image'].sum(axis=(2, 3)) * 2).astype(np.float32)
    with open(os.path.join(folder, 'output_0.pb'), 'wb') as f:
        f.write(numpy_helper.from_array(out, 'scores').SerializeToString())
    res = {name: describe(a) for name, a in arrays.items()}
    res['scores'] = describe(out)
    print(json.dumps(res))


if __name__ == '__main__':
    main(sys.argv[1])
