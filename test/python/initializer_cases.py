#!/usr/bin/env python3
"""Build models whose initializers cover every storage form and dtype the preview reads, and print
what numpy says about them.

Usage: initializer_cases.py OUTDIR
Prints JSON: {"models": {name: path}, "tensors": {key: {"values", "count", "min", "max", "mean",
"nan"}}} where key is "<model>/<tensor>"; values are the first 100 in the JSON form
(docs/architecture.md §The JSON form of tensors: int64 as numbers when safe, else decimal strings;
"NaN"/"Infinity" for non-finite floats).
"""
import json
import math
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = [helper.make_opsetid('', 17)]
SHOW = 100
SAFE = 2 ** 53 - 1
rng = np.random.default_rng(7)


def scalar(v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (bytes, np.bytes_)):
        return v.decode('utf-8')
    if isinstance(v, str):
        return v
    if isinstance(v, (np.integer, int)):
        v = int(v)
        return v if -SAFE <= v <= SAFE else str(v)
    v = float(v)
    if math.isnan(v):
        return 'NaN'
    if math.isinf(v):
        return 'Infinity' if v > 0 else '-Infinity'
    return v


def expected(t):
    a = numpy_helper.to_array(t)
    flat = a.reshape(-1)
    out = {'values': [scalar(v) for v in flat[:SHOW]], 'count': int(flat.size), 'dims': list(t.dims)}
    if a.dtype.kind in 'fiub':
        x = flat
        if a.dtype.kind == 'f':
            nan = int(np.isnan(x).sum())
            x = x[~np.isnan(x)]
        else:
            nan = 0
        out['nan'] = nan
        if x.size:
            if a.dtype.kind == 'b':
                x = x.astype(np.int64)
            out['min'] = scalar(x.min())
            out['max'] = scalar(x.max())
            with np.errstate(invalid='ignore'):  # inf + -inf: the mean is NaN, as it should be
                out['mean'] = scalar(np.mean(x.astype(np.float64)))
    return out


def identity_graph(name, inits, nodes=None, extra_inputs=()):
    nodes = nodes or [helper.make_node('Identity', ['x'], ['y'], name='id')]
    return helper.make_graph(nodes, name, [helper.make_tensor_value_info('x', TensorProto.FLOAT, [2])] + list(extra_inputs),
                             [helper.make_tensor_value_info('y', TensorProto.FLOAT, [2])], inits)


def model(graph):
    m = helper.make_model(graph, opset_imports=OPSET, producer_name='initializer-cases')
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def dtypes_model():
    f32 = rng.standard_normal((3, 4, 5)).astype(np.float32)
    inits = [
        numpy_helper.from_array(f32, 'f32_raw'),
        numpy_helper.from_array(np.array([1.5, np.nan, -2.25, 4, np.nan], np.float32), 'f32_nan'),
        helper.make_tensor('f32_field', TensorProto.FLOAT, [7], [0.5, -1.25, 3.0, 1e-8, -7.5, 2.0, 100.0]),
        helper.make_tensor('f64_field', TensorProto.DOUBLE, [3], [0.1, -2.5e300, 3.25]),
        numpy_helper.from_array(rng.standard_normal(6).astype(np.float64), 'f64_raw'),
        numpy_helper.from_array(np.array([1, -2, 2 ** 53 + 1, -(2 ** 62), 2 ** 53 - 1, 0], np.int64), 'i64_unsafe'),
        helper.make_tensor('i64_field', TensorProto.INT64, [4], [3, -(2 ** 60) - 3, 2 ** 63 - 1, -1]),
        numpy_helper.from_array(np.array([0.5, -1.0, 65504, 6e-8, 3.140625, -0.0], np.float16), 'f16_raw'),
        helper.make_tensor('f16_field', TensorProto.FLOAT16, [3], [1.5, -2.0, 0.333]),
        helper.make_tensor('bf16_field', TensorProto.BFLOAT16, [3], [1.5, -2.0, 3.14159]),
        numpy_helper.from_array(np.array([[True, False, True], [True, True, False]]), 'bool_raw'),
        helper.make_tensor('bool_field', TensorProto.BOOL, [4], [True, False, False, True]),
        helper.make_tensor('i8_field', TensorProto.INT8, [4], [-128, -1, 0, 127]),
        numpy_helper.from_array(np.array([-128, -1, 0, 127], np.int8), 'i8_raw'),
        numpy_helper.from_array(np.array([0, 200, 255], np.uint8), 'u8_raw'),
        helper.make_tensor('u8_field', TensorProto.UINT8, [3], [0, 200, 255]),
        numpy_helper.from_array(np.array([-32768, 5, 32767], np.int16), 'i16_raw'),
        numpy_helper.from_array(np.array([0, 65535], np.uint16), 'u16_raw'),
        helper.make_tensor('i32_field', TensorProto.INT32, [4], [-2 ** 31, -5, 7, 2 ** 31 - 1]),
        numpy_helper.from_array(np.array([-2 ** 31, 2 ** 31 - 1], np.int32), 'i32_raw'),
        numpy_helper.from_array(np.array([0, 2 ** 32 - 1], np.uint32), 'u32_raw'),
        helper.make_tensor('u32_field', TensorProto.UINT32, [2], [0, 2 ** 32 - 1]),
        numpy_helper.from_array(np.array([1, 2 ** 64 - 1, 2 ** 53], np.uint64), 'u64_raw'),
        helper.make_tensor('u64_field', TensorProto.UINT64, [2], [7, 2 ** 64 - 1]),
        helper.make_tensor('str', TensorProto.STRING, [2, 2], [b'a', 'h\u00e9llo'.encode(), b'', b'last one']),
        numpy_helper.from_array(np.arange(3000, dtype=np.float32).reshape(30, 100) / 7, 'many'),
        helper.make_tensor('c64', TensorProto.COMPLEX64, [2], [1 + 2j, 3 - 1j]),
    ]
    # Tensors held by attributes (Constant nodes) are read the same way; keyed "@<node>.<attribute>".
    const_w = numpy_helper.from_array(rng.standard_normal((4, 5)).astype(np.float32), 'const_w_value')
    nodes = [helper.make_node('Identity', ['x'], ['y'], name='id'),
             helper.make_node('Constant', [], ['cw'], name='const_w', value=const_w)]
    return model(identity_graph('dtypes', inits, nodes)), inits + [('@const_w.value', const_w)]


def big_model(elements):
    a = rng.standard_normal(elements).astype(np.float32)
    a[5] = np.nan
    t = numpy_helper.from_array(a, 'big')
    return model(identity_graph('big', [t])), [t]


def external_model():
    w = rng.standard_normal((16, 8)).astype(np.float32)
    b = np.array([1, 2 ** 60, -3], np.int64)
    inits = [numpy_helper.from_array(w, 'ext_w'), numpy_helper.from_array(b, 'ext_b')]
    return model(identity_graph('ext', inits)), inits


def subgraph_model():
    then_w = numpy_helper.from_array(np.array([10.5, -20.25], np.float32), 'then_w')
    else_w = numpy_helper.from_array(np.array([1, 2, 3], np.int64), 'else_w')
    body_w = numpy_helper.from_array(np.array([[0.25, 0.5], [0.75, 1.0]], np.float32), 'body_w')
    then_g = helper.make_graph([helper.make_node('Add', ['x', 'then_w'], ['t_out'], name='then_add')], 'then_g', [],
                               [helper.make_tensor_value_info('t_out', TensorProto.FLOAT, [2])], [then_w])
    else_g = helper.make_graph([helper.make_node('Cast', ['else_w'], ['e_out'], name='else_cast', to=TensorProto.FLOAT)], 'else_g', [],
                               [helper.make_tensor_value_info('e_out', TensorProto.FLOAT, [3])], [else_w])
    body = helper.make_graph(
        [helper.make_node('Identity', ['cond_in'], ['cond_out'], name='body_cond'),
         helper.make_node('ReduceSum', ['body_w'], ['s'], name='body_sum', keepdims=0),
         helper.make_node('Add', ['v_in', 's'], ['v_out'], name='body_add')],
        'loop_body',
        [helper.make_tensor_value_info('i', TensorProto.INT64, []), helper.make_tensor_value_info('cond_in', TensorProto.BOOL, []),
         helper.make_tensor_value_info('v_in', TensorProto.FLOAT, [])],
        [helper.make_tensor_value_info('cond_out', TensorProto.BOOL, []), helper.make_tensor_value_info('v_out', TensorProto.FLOAT, [])],
        [body_w])
    nodes = [
        helper.make_node('If', ['c'], ['y'], name='branch', then_branch=then_g, else_branch=else_g),
        helper.make_node('Loop', ['trip', 'c', 'v0'], ['v_final'], name='loop', body=body),
    ]
    g = helper.make_graph(nodes, 'control', [helper.make_tensor_value_info('c', TensorProto.BOOL, []),
                                              helper.make_tensor_value_info('x', TensorProto.FLOAT, [2]),
                                              helper.make_tensor_value_info('trip', TensorProto.INT64, []),
                                              helper.make_tensor_value_info('v0', TensorProto.FLOAT, [])],
                          [helper.make_tensor_value_info('y', TensorProto.FLOAT, ['n']), helper.make_tensor_value_info('v_final', TensorProto.FLOAT, [])], [])
    return model(g), [then_w, else_w, body_w]


def raw_tensor(name, data_type, dims, raw):
    t = TensorProto()
    t.name, t.data_type, t.raw_data = name, data_type, bytes(raw)
    t.dims.extend(dims)
    return t


def subbyte_model():
    """Types onnx 1.12 does not know (so no checker): int4/uint4 two per byte, low nibble first;
    float8e5m2 (the top byte of a float16). Expected values come from numpy by other means."""
    packed = rng.integers(0, 256, 8, dtype=np.uint8)  # 15 elements: the last byte half used
    lo, hi = packed & 0xF, packed >> 4
    u4 = np.stack([lo, hi], 1).reshape(-1)[:15].astype(np.int64)
    i4 = np.where(u4 >= 8, u4 - 16, u4)
    f8 = np.array([0x3C, 0xBC, 0x7B, 0x01, 0x7C, 0xFC, 0x00, 0x47], np.uint8)
    f8_values = np.frombuffer(np.stack([np.zeros(8, np.uint8), f8], 1).tobytes(), '<f2').astype(np.float64)
    tensors = [raw_tensor('u4', 21, [3, 5], packed), raw_tensor('i4', 22, [15], packed), raw_tensor('f8e5m2', 19, [8], f8)]
    g = identity_graph('subbyte', tensors)
    m = helper.make_model(g, opset_imports=OPSET, producer_name='initializer-cases')
    m.ir_version = 10
    expected_by_name = {'u4': u4, 'i4': i4, 'f8e5m2': f8_values}
    return m, [(t.name, numpy_helper.from_array(expected_by_name[t.name], t.name), list(t.dims)) for t in tensors]


def main():
    out = sys.argv[1]
    big_elements = int(sys.argv[2]) if len(sys.argv) > 2 else 3_000_000
    huge_elements = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    os.makedirs(out, exist_ok=True)
    models, tensors = {}, {}

    def save(name, built, **kw):
        m, inits = built
        p = os.path.join(out, name, name + '.onnx')
        os.makedirs(os.path.dirname(p), exist_ok=True)
        onnx.save_model(m, p, **kw)
        models[name] = p
        for t in inits:
            dims = None
            if isinstance(t, tuple) and len(t) == 3:
                key, t, dims = t  # values numpy computed for a dtype onnx 1.12 cannot read
            else:
                key, t = t if isinstance(t, tuple) else (t.name, t)
            if t.data_type != TensorProto.COMPLEX64:
                tensors[name + '/' + key] = expected(t)
                if dims is not None:
                    tensors[name + '/' + key]['dims'] = dims

    save('dtypes', dtypes_model())
    save('big', big_model(big_elements))
    if huge_elements:
        save('huge', big_model(huge_elements))
    save('ext', external_model(), save_as_external_data=True, all_tensors_to_one_file=True, location='weights.bin', size_threshold=0)
    save('control', subgraph_model())
    save('subbyte', subbyte_model())
    json.dump({'models': models, 'tensors': tensors}, sys.stdout)


if __name__ == '__main__':
    main()
