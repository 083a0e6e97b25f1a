#!/usr/bin/env python3
"""The preprocessing math in numpy, independently of shared/preprocess-pixels.ts.

Reads [{pixels (hex), width, height, channels, spec}] as JSON on stdin (spec with defaults
filled), prints [{descr, shape, hex}]. Alpha is dropped, grey repeats into RGB, the center crop
uses torchvision's offsets (Python's round), GRAY is PIL's convert('L') luma.
"""
import json
import sys

import numpy as np

INT_RANGE = {'uint8': (0, 255), 'int8': (-128, 127), 'int32': (-2**31, 2**31 - 1), 'int64': (-2**53, 2**53)}


def run(case):
    s = case['spec']
    h, w, c = case['height'], case['width'], case['channels']
    px = np.frombuffer(bytes.fromhex(case['pixels']), np.uint8).reshape(h, w, c)
    if c in (2, 4):
        px = px[..., :c - 1]
    if px.shape[2] == 1:
        px = np.repeat(px, 3, axis=2)
    crop = s.get('centerCrop')
    if crop:
        top, left = int(round((h - crop['height']) / 2.0)), int(round((w - crop['width']) / 2.0))
        px = px[top:top + crop['height'], left:left + crop['width']]
    p = px.astype(np.int64)
    if s['channelOrder'] == 'GRAY':
        x = ((p[..., 0] * 19595 + p[..., 1] * 38470 + p[..., 2] * 7471 + 0x8000) >> 16)[..., None]
    elif s['channelOrder'] == 'BGR':
        x = p[..., ::-1]
    else:
        x = p
    x = (x.astype(np.float64) * s['scale'] - np.array(s['mean'], np.float64)) / np.array(s['std'], np.float64)
    if s['layout'] == 'NCHW':
        x = x.transpose(2, 0, 1)
    if s['batch']:
        x = x[None]
    if s['dtype'].startswith('float'):
        x = x.astype(s['dtype'])
    else:
        lo, hi = INT_RANGE[s['dtype']]
        x = np.clip(np.rint(x), lo, hi).astype(s['dtype'])
    x = np.ascontiguousarray(x)
    return {'descr': x.dtype.str, 'shape': list(x.shape), 'hex': x.tobytes().hex()}


print(json.dumps([run(c) for c in json.load(sys.stdin)]))
