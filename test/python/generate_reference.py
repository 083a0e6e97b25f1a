#!/usr/bin/env python3
"""An independent implementation of shared/generate-inputs.ts, in numpy, to pin its values.

Reads [{name, type, shape, fill, seed}] as JSON on stdin, prints [{descr, shape, hex | strings}].
The random stream is mulberry32 seeded with FNV-1a(name) ^ (seed * 0x9e3779b1), all mod 2^32.
"""
import json
import sys

import numpy as np

M = 0xFFFFFFFF
DTYPES = {'float32': '<f4', 'float64': '<f8', 'float16': '<f2', 'int8': 'i1', 'int16': '<i2', 'int32': '<i4',
          'int64': '<i8', 'uint8': 'u1', 'uint16': '<u2', 'uint32': '<u4', 'uint64': '<u8', 'bool': '?'}


def mulberry32(seed):
    a = seed & M

    def nxt():
        nonlocal a
        a = (a + 0x6D2B79F5) & M
        t = a
        t = ((t ^ (t >> 15)) * (t | 1)) & M
        t ^= (t + ((t ^ (t >> 7)) * (t | 61))) & M
        return (t ^ (t >> 14)) & M
    return nxt


def mix(seed, name):
    h = 0x811C9DC5
    for b in name.encode('utf-8'):
        h = ((h ^ b) * 0x01000193) & M
    return (h ^ ((seed * 0x9E3779B1) & M)) & M


def generate(spec):
    kind, shape, n = spec['type'], spec['shape'], int(np.prod(spec['shape'], dtype=np.int64))
    if kind == 'string':
        if spec['fill'] == 'zeros':
            vals = [''] * n
        elif spec['fill'] == 'ones':
            vals = ['sample'] * n
        else:
            nxt = mulberry32(mix(spec['seed'], spec['name']))
            vals = ['sample-%d' % int(np.floor(nxt() / 2**32 * 10)) for _ in range(n)]
        return {'descr': '<U', 'shape': shape, 'strings': vals}
    dt = np.dtype(DTYPES[kind])
    if spec['fill'] == 'zeros':
        a = np.zeros(shape, dt)
    elif spec['fill'] == 'ones':
        a = np.ones(shape, dt)
    else:
        nxt = mulberry32(mix(spec['seed'], spec['name']))
        u = np.array([nxt() / 2**32 for _ in range(n)], dtype=np.float64)
        if dt.kind == 'f':
            a = u.astype(dt)
        else:
            span = 256 if kind == 'uint8' else 2 if kind == 'bool' else 10
            a = np.floor(u * span).astype(np.int64).astype(dt)
        a = a.reshape(shape)
    return {'descr': a.dtype.str, 'shape': list(a.shape), 'hex': a.tobytes().hex()}


print(json.dumps([generate(s) for s in json.load(sys.stdin)]))
