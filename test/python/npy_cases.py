#!/usr/bin/env python3
"""Reference .npy files written by numpy, and numpy's reading of files we write.

Usage:
  npy_cases.py write OUTDIR   writes the cases, prints [{name, file, ...describe(array)}]
  npy_cases.py read FILE...   prints [{file, version, ...describe(np.load(FILE))}]
  npy_cases.py bad OUTDIR     writes files numpy can write but we must refuse, prints [{name, file}]
describe(a) = {descr, shape, hex (C-order bytes) | strings}.
"""
import json
import os
import sys

import numpy as np


def describe(a):
    d = {'descr': a.dtype.str, 'shape': list(a.shape)}
    if a.dtype.kind in 'US':
        d['strings'] = [x.decode('utf-8') if isinstance(x, bytes) else str(x) for x in a.reshape(-1).tolist()]
    else:
        d['hex'] = np.ascontiguousarray(a).tobytes().hex()
    return d


def cases():
    i64 = np.array([[0, -1, 2**53 + 1], [-(2**63), 2**63 - 1, -(2**53) - 3]], dtype=np.int64)
    u64 = np.array([0, 1, 2**53 + 1, 2**64 - 1], dtype=np.uint64)
    floats = [[0.0, -1.5, 3.25], [np.inf, -np.inf, np.nan]]
    yield 'f4', np.array(floats, dtype='<f4'), None
    yield 'f8', np.array([[1e-300, -2.5e300, np.pi], [np.nan, np.inf, -0.0]], dtype='<f8'), None
    yield 'f2', np.array([0.1, -65504, 6e-8, np.inf, np.nan, 1.0], dtype='<f2'), None
    yield 'i1', np.array([-128, 127, 0, -1], dtype='i1'), None
    yield 'i2', np.array([[-32768, 32767], [5, -5]], dtype='<i2'), None
    yield 'i4', np.array([-2**31, 2**31 - 1, 7], dtype='<i4'), None
    yield 'i8', i64, None
    yield 'u1', np.arange(256, dtype='u1').reshape(16, 16), None
    yield 'u2', np.array([0, 65535, 1234], dtype='<u2'), None
    yield 'u4', np.array([0, 2**32 - 1, 99], dtype='<u4'), None
    yield 'u8', u64, None
    yield 'b1', np.array([[True, False, True], [False, False, True]]), None
    yield 'unicode', np.array([['a', 'héllo'], ['日本語', '😀x'], ['', 'tab\there']]), None
    yield 'bytes', np.array([b'ab', b'c', b'']), None
    yield 'scalar', np.array(3.5, dtype='<f4'), None
    yield 'scalar_i8', np.array(2**62 + 7, dtype='<i8'), None
    yield 'empty', np.zeros((0, 3), dtype='<f4'), None
    yield 'empty_str', np.array([], dtype='<U3'), None
    yield 'rank4', np.arange(2 * 3 * 4 * 5, dtype='<f4').reshape(2, 3, 4, 5) / 7, None
    yield 'v2', np.arange(12, dtype='<i8').reshape(3, 4) - 6, (2, 0)
    yield 'v3', np.array(['ünï', 'code'], dtype='<U4'), (3, 0)


def bad():
    yield 'fortran', np.asfortranarray(np.arange(6, dtype='<f4').reshape(2, 3)), {}
    yield 'big_endian', np.array([1, 2, 3], dtype='>i4'), {}
    yield 'object', np.array([{'a': 1}, None], dtype=object), {'allow_pickle': True}
    yield 'complex', np.array([1 + 2j], dtype='<c8'), {}
    yield 'structured', np.zeros(2, dtype=[('a', '<f4'), ('b', '<i4')]), {}
    yield 'datetime', np.array(['2020-01-01'], dtype='datetime64[D]'), {}


def main():
    cmd = sys.argv[1]
    out = []
    if cmd == 'write':
        outdir = sys.argv[2]
        for name, a, version in cases():
            path = os.path.join(outdir, name + '.npy')
            if version is None:
                np.save(path, a)
            else:
                with open(path, 'wb') as f:
                    np.lib.format.write_array(f, a, version=version)
            out.append({'name': name, 'file': path, **describe(a)})
    elif cmd == 'bad':
        outdir = sys.argv[2]
        for name, a, kw in bad():
            path = os.path.join(outdir, name + '.npy')
            np.save(path, a, **kw)
            out.append({'name': name, 'file': path})
    elif cmd == 'read':
        for path in sys.argv[2:]:
            with open(path, 'rb') as f:
                version = list(np.lib.format.read_magic(f))
            a = np.load(path, allow_pickle=False)
            out.append({'file': path, 'version': version, **describe(a)})
    print(json.dumps(out))


if __name__ == '__main__':
    main()
