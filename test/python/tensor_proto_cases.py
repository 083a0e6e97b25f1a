#!/usr/bin/env python3
"""Reference TensorProto files written by onnx, decoded by onnx.numpy_helper.to_array.

Usage:
  tensor_proto_cases.py protos OUTDIR    one .pb per case, prints [{name, file, tensorName, descr, shape, hex|strings}]
  tensor_proto_cases.py testdata OUTDIR  ONNX test-data folders, prints {folder: {file: expected}}
  tensor_proto_cases.py decode FILE...   prints [expected] for TensorProto files written elsewhere
Numeric cases are written twice: by numpy_helper.from_array (raw_data) and by helper.make_tensor
with raw=False (the typed fields: float_data, int32_data for int8/uint8/bool/float16/…, int64_data,
uint64_data, double_data).
"""
import json
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper
from onnx.mapping import NP_TYPE_TO_TENSOR_TYPE


def describe(t):
    a = numpy_helper.to_array(t)
    d = {'tensorName': t.name, 'descr': a.dtype.str, 'shape': list(a.shape)}
    if a.dtype.kind in 'OSU':
        d['strings'] = [x.decode('utf-8') if isinstance(x, bytes) else str(x) for x in a.reshape(-1).tolist()]
    else:
        d['hex'] = np.ascontiguousarray(a).tobytes().hex()
    return d


ARRAYS = {
    'float32': np.array([[0.0, -1.5, 3.25], [np.inf, -np.inf, np.nan]], dtype=np.float32),
    'float64': np.array([1e-300, -2.5e300, np.pi], dtype=np.float64),
    'float16': np.array([0.1, -65504, 6e-8, np.inf, 1.0, -0.0], dtype=np.float16),
    'int8': np.array([-128, 127, 0, -1], dtype=np.int8),
    'int16': np.array([[-32768, 32767], [5, -5]], dtype=np.int16),
    'int32': np.array([-2**31, 2**31 - 1, 7], dtype=np.int32),
    'int64': np.array([[0, -1, 2**53 + 1], [-(2**63), 2**63 - 1, -(2**53) - 3]], dtype=np.int64),
    'uint8': np.array([0, 255, 128], dtype=np.uint8),
    'uint16': np.array([0, 65535, 40000], dtype=np.uint16),
    'uint32': np.array([0, 2**32 - 1, 99], dtype=np.uint32),
    'uint64': np.array([0, 1, 2**53 + 1, 2**64 - 1], dtype=np.uint64),
    'bool': np.array([[True, False, True], [False, False, True]]),
    'scalar': np.array(2.5, dtype=np.float32),
    'empty': np.zeros((0, 4), dtype=np.float32),
}


def typed(name, a):
    """helper.make_tensor(raw=False): values in the typed field the spec assigns to the type."""
    dt = NP_TYPE_TO_TENSOR_TYPE[a.dtype]
    # For float16, make_tensor itself packs the bit patterns into int32_data.
    return helper.make_tensor(name, dt, a.shape, a.reshape(-1).tolist(), raw=False)


def protos(outdir):
    out = []
    for name, a in ARRAYS.items():
        for how, t in (('raw', numpy_helper.from_array(a, 'x_' + name)), ('typed', typed('t_' + name, a))):
            path = os.path.join(outdir, '%s.%s.pb' % (name, how))
            with open(path, 'wb') as f:
                f.write(t.SerializeToString())
            out.append({'name': '%s.%s' % (name, how), 'file': path, **describe(t)})
    strings = np.array([['a', 'héllo'], ['日本語', '']], dtype=object)
    t = numpy_helper.from_array(strings, 'words')
    path = os.path.join(outdir, 'string.pb')
    with open(path, 'wb') as f:
        f.write(t.SerializeToString())
    out.append({'name': 'string', 'file': path, **describe(t)})
    # Types onnxruntime cannot take as inputs, and an external-data tensor.
    for name, t in (('bfloat16', helper.make_tensor('b', TensorProto.BFLOAT16, [2], [1.0, 2.0])),
                    ('complex64', helper.make_tensor('c', TensorProto.COMPLEX64, [1], [1 + 2j]))):
        path = os.path.join(outdir, name + '.pb')
        with open(path, 'wb') as f:
            f.write(t.SerializeToString())
        out.append({'name': name, 'file': path})
    ext = numpy_helper.from_array(np.zeros(4, dtype=np.float32), 'ext')
    ext.ClearField('raw_data')
    ext.data_location = TensorProto.EXTERNAL
    e = ext.external_data.add()
    e.key, e.value = 'location', 'weights.bin'
    path = os.path.join(outdir, 'external.pb')
    with open(path, 'wb') as f:
        f.write(ext.SerializeToString())
    out.append({'name': 'external', 'file': path})
    return out


def write_set(folder, tensors, prefix='input'):
    os.makedirs(folder, exist_ok=True)
    expected = {}
    for i, t in enumerate(tensors):
        path = os.path.join(folder, '%s_%d.pb' % (prefix, i))
        with open(path, 'wb') as f:
            f.write(t.SerializeToString())
        expected[path] = describe(t)
    return expected


def testdata(outdir):
    rng = np.random.default_rng(1)
    img = rng.standard_normal((1, 3, 4, 4)).astype(np.float32)
    ids = np.array([[101, 2**60, 7]], dtype=np.int64)
    mask = np.array([[True, True, False]])
    res = {}
    # Graph inputs are (image, ids, mask). Files named after them but stored out of order → by name.
    res['named'] = write_set(os.path.join(outdir, 'named', 'test_data_set_0'), [
        numpy_helper.from_array(mask, 'mask'), numpy_helper.from_array(img, 'image'), numpy_helper.from_array(ids, 'ids')])
    res['named'].update(write_set(os.path.join(outdir, 'named', 'test_data_set_0'), [
        numpy_helper.from_array(np.ones((1, 10), np.float32), 'logits')], 'output'))
    # Unnamed (and foreign-named) files → graph-input order.
    res['unnamed'] = write_set(os.path.join(outdir, 'unnamed'), [
        numpy_helper.from_array(img), typed('', ids), numpy_helper.from_array(mask, 'whatever')])
    # Eleven inputs: input_10.pb sorts after input_9.pb.
    res['eleven'] = write_set(os.path.join(outdir, 'eleven'), [
        numpy_helper.from_array(np.array([i], dtype=np.int32)) for i in range(11)])
    # Too many files for a three-input model; and a gap in the numbering.
    res['extra'] = write_set(os.path.join(outdir, 'extra'), [numpy_helper.from_array(np.array([i], np.float32)) for i in range(4)])
    res['gap'] = write_set(os.path.join(outdir, 'gap'), [numpy_helper.from_array(img, 'image')])
    os.rename(os.path.join(outdir, 'gap', 'input_0.pb'), os.path.join(outdir, 'gap', 'input_1.pb'))
    return res


def decode(paths):
    out = []
    for path in paths:
        t = TensorProto()
        with open(path, 'rb') as f:
            t.ParseFromString(f.read())
        out.append(describe(t))
    return out


if __name__ == '__main__':
    cmd, args = sys.argv[1], sys.argv[2:]
    print(json.dumps({'protos': protos, 'testdata': testdata}[cmd](args[0]) if cmd != 'decode' else decode(args)))
