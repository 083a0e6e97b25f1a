#!/usr/bin/env python3
"""Build reference ONNX models with onnx.helper (not with our writer) for the reader cross-check.

Usage: build_models.py OUTDIR
Writes the models under OUTDIR, runs onnx.checker on each, and prints a JSON list of their paths.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = [helper.make_opsetid('', 17)]
rng = np.random.default_rng(0)


def weights(name, *shape):
    return numpy_helper.from_array(rng.standard_normal(shape).astype(np.float32), name)


def model(graph, **kw):
    m = helper.make_model(graph, opset_imports=kw.pop('opsets', OPSET), producer_name='onnx-helper', **kw)
    m.ir_version = 8  # onnx 1.12 defaults to IR 8 anyway; pinned so the fixture never drifts
    return m


def cnn():
    """Conv/BatchNormalization/Relu, a residual Add, MaxPool, Flatten and Gemm."""
    nodes = [
        helper.make_node('Conv', ['image', 'c1_w', 'c1_b'], ['c1'], name='conv1', kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node('BatchNormalization', ['c1', 'bn_scale', 'bn_bias', 'bn_mean', 'bn_var'], ['bn'], name='bn1', epsilon=1e-5),
        helper.make_node('Relu', ['bn'], ['r1']),
        helper.make_node('Conv', ['r1', 'c2_w', 'c2_b'], ['c2'], name='conv2', kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node('Add', ['r1', 'c2'], ['res'], name='residual'),
        helper.make_node('Relu', ['res'], ['r2']),
        helper.make_node('MaxPool', ['r2'], ['pool'], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node('Flatten', ['pool'], ['flat'], axis=1),
        helper.make_node('Gemm', ['flat', 'fc_w', 'fc_b'], ['logits'], transB=1),
    ]
    inits = [weights('c1_w', 8, 3, 3, 3), weights('c1_b', 8), weights('bn_scale', 8), weights('bn_bias', 8),
             weights('bn_mean', 8), numpy_helper.from_array(np.ones(8, np.float32), 'bn_var'),
             weights('c2_w', 8, 8, 3, 3), weights('c2_b', 8), weights('fc_w', 10, 8 * 16 * 16), weights('fc_b', 10)]
    g = helper.make_graph(nodes, 'cnn', [helper.make_tensor_value_info('image', TensorProto.FLOAT, ['N', 3, 32, 32])],
                          [helper.make_tensor_value_info('logits', TensorProto.FLOAT, ['N', 10])], inits)
    return model(g)


def control_flow():
    """If with two branches and a Loop whose body holds an initializer."""
    f = lambda n, s=None: helper.make_tensor_value_info(n, TensorProto.FLOAT, s if s is not None else [2])
    then_g = helper.make_graph([helper.make_node('Relu', ['x'], ['t_out'])], 'then', [], [f('t_out')])
    else_g = helper.make_graph([helper.make_node('Neg', ['x'], ['e_out'])], 'else', [], [f('e_out')])
    body = helper.make_graph(
        [helper.make_node('Identity', ['c_in'], ['c_out']), helper.make_node('Add', ['v_in', 'step'], ['v_out'])],
        'body',
        [helper.make_tensor_value_info('i', TensorProto.INT64, []), helper.make_tensor_value_info('c_in', TensorProto.BOOL, []), f('v_in')],
        [helper.make_tensor_value_info('c_out', TensorProto.BOOL, []), f('v_out')],
        [numpy_helper.from_array(np.array([1, 1], np.float32), 'step')])
    nodes = [
        helper.make_node('If', ['cond'], ['if_out'], then_branch=then_g, else_branch=else_g),
        helper.make_node('Loop', ['trip', '', 'if_out'], ['loop_out'], body=body),
    ]
    g = helper.make_graph(nodes, 'cf', [f('x'), helper.make_tensor_value_info('cond', TensorProto.BOOL, []),
                                        helper.make_tensor_value_info('trip', TensorProto.INT64, [])],
                          [f('loop_out')])
    return model(g)


def external(out_dir):
    """Weights in a side file through onnx's own save_as_external_data."""
    nodes = [helper.make_node('MatMul', ['x', 'w'], ['xw']), helper.make_node('Add', ['xw', 'b'], ['y'])]
    g = helper.make_graph(nodes, 'ext', [helper.make_tensor_value_info('x', TensorProto.FLOAT, ['batch', 64])],
                          [helper.make_tensor_value_info('y', TensorProto.FLOAT, ['batch', 32])],
                          [weights('w', 64, 32), weights('b', 32)])
    folder = os.path.join(out_dir, 'external')
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, 'external.onnx')
    onnx.save_model(model(g), path, save_as_external_data=True, all_tensors_to_one_file=True,
                    location='external.onnx.data', size_threshold=0)
    return path


def metadata_strings():
    """metadata_props, doc strings, string and int64 inputs, a custom-domain op and int64 constants."""
    nodes = [
        helper.make_node('Identity', ['text'], ['text_out']),
        helper.make_node('Constant', [], ['edges'], value=helper.make_tensor('edges', TensorProto.INT64, [3], [-1, -(2 ** 63), 2 ** 63 - 1])),
        helper.make_node('Add', ['ids', 'edges'], ['ids_out']),
        helper.make_node('Tokenize', ['text'], ['tokens'], domain='com.example', sep=' '),
    ]
    g = helper.make_graph(nodes, 'meta', [helper.make_tensor_value_info('text', TensorProto.STRING, ['N']),
                                          helper.make_tensor_value_info('ids', TensorProto.INT64, [3])],
                          [helper.make_tensor_value_info('text_out', TensorProto.STRING, ['N']),
                           helper.make_tensor_value_info('ids_out', TensorProto.INT64, [3]),
                           helper.make_tensor_value_info('tokens', TensorProto.STRING, ['N', None])], doc_string='graph doc')
    m = model(g, opsets=OPSET + [helper.make_opsetid('com.example', 1)], doc_string='Model with metadata — ✓',
              producer_version='9.9', domain='com.example.text', model_version=7)
    helper.set_model_props(m, {'model_author': 'Grace Hopper', 'model_license': 'MIT', 'labels': '["a","b"]'})
    return m


def types():
    """sequence, map and optional values next to tensors."""
    seq = helper.make_sequence_type_proto(helper.make_tensor_type_proto(TensorProto.FLOAT, [None, 4]))
    opt = helper.make_optional_type_proto(helper.make_tensor_type_proto(TensorProto.INT64, ['K']))
    mp = onnx.TypeProto()  # onnx 1.12 has no make_map_type_proto helper
    mp.map_type.key_type = TensorProto.STRING
    mp.map_type.value_type.CopyFrom(helper.make_tensor_type_proto(TensorProto.DOUBLE, []))
    nodes = [helper.make_node('SequenceLength', ['seq'], ['n']), helper.make_node('OptionalHasElement', ['opt'], ['has'])]
    g = helper.make_graph(nodes, 'types', [helper.make_value_info('seq', seq), helper.make_value_info('opt', opt),
                                           helper.make_value_info('dict', mp)],
                          [helper.make_tensor_value_info('n', TensorProto.INT64, []),
                           helper.make_tensor_value_info('has', TensorProto.BOOL, [])])
    return model(g)


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    paths = []
    for name, build in [('cnn', cnn), ('control_flow', control_flow), ('metadata_strings', metadata_strings), ('types', types)]:
        path = os.path.join(out_dir, name + '.onnx')
        onnx.save_model(build(), path)
        paths.append(path)
    paths.append(external(out_dir))
    for p in paths:
        onnx.checker.check_model(p)
    json.dump(paths, sys.stdout)


if __name__ == '__main__':
    main(sys.argv[1])
