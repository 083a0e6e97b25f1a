#!/usr/bin/env python3
"""Build a model and edited copies of it with onnx.helper, for the version-diff tests.

Usage: diff_models.py OUTDIR
Writes base.onnx (x[batch,4] -> MatMul/Add/Relu/MatMul/Add -> logits[batch,3], Softmax -> y[batch,3],
opset 15, a modelcrate.metadata record at version 1.2.0) and one edited copy per case; runs
onnx.checker on each and prints {"case": path} as JSON.
"""
import copy
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(0)
W1 = rng.standard_normal((4, 8)).astype(np.float32)
B1 = rng.standard_normal(8).astype(np.float32)
W2 = rng.standard_normal((8, 3)).astype(np.float32)
B2 = rng.standard_normal(3).astype(np.float32)
META = {'schemaVersion': 1, 'name': 'iris-mlp', 'version': '1.2.0', 'description': 'Classifies iris flowers.',
        'license': 'MIT', 'task': 'classification', 'labels': ['setosa', 'versicolor', 'virginica']}


def build(batch='batch', x='x', w1=W1, w2=W2, opset=15, meta=META, outputs=('y', 'logits'), half=False, rename=None):
    rename = rename or {}
    f = TensorProto.FLOAT16 if half else TensorProto.FLOAT
    nodes = []
    src = x
    if half:
        nodes.append(helper.make_node('Cast', [x], ['x32'], to=TensorProto.FLOAT))
        src = 'x32'
    nodes += [
        helper.make_node('MatMul', [src, 'W1'], ['h1'], name='fc1'),
        helper.make_node('Add', ['h1', 'B1'], ['h2'], name='fc1_bias'),
        helper.make_node('Relu', ['h2'], ['h32'], name='relu'),
        helper.make_node('MatMul', ['h32', 'W2'], ['l1'], name='fc2'),
        helper.make_node('Add', ['l1', 'B2'], ['logits32'], name='fc2_bias'),
        helper.make_node('Softmax', ['logits32'], ['y32'], name='softmax', axis=1),
    ]
    shapes = {'y': [batch, 3], 'logits': [batch, 3], 'h': [batch, 8]}
    for o in outputs:
        inner = {'y': 'y32', 'logits': 'logits32', 'h': 'h32'}[o]
        name = rename.get(o, o)
        nodes.append(helper.make_node('Cast', [inner], [name], to=TensorProto.FLOAT16) if half else helper.make_node('Identity', [inner], [name]))
    graph = helper.make_graph(
        nodes, 'mlp',
        [helper.make_tensor_value_info(x, f, [batch, 4])],
        [helper.make_tensor_value_info(rename.get(o, o), f, shapes[o]) for o in outputs],
        [numpy_helper.from_array(w1, 'W1'), numpy_helper.from_array(B1, 'B1'), numpy_helper.from_array(w2, 'W2'), numpy_helper.from_array(B2, 'B2')])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid('', opset)], producer_name='onnx-helper')
    m.ir_version = 8
    if meta is not None:
        m.doc_string = meta.get('description', '')
        helper.set_model_props(m, {'modelcrate.metadata': json.dumps(meta)})
    onnx.checker.check_model(m)
    return m


def slow_loop(iterations=2_000_000):
    """y = x + iterations, one Add per Loop iteration: seconds per run, for cancelling mid-run."""
    f = lambda n: helper.make_tensor_value_info(n, TensorProto.FLOAT, [1])
    body = helper.make_graph(
        [helper.make_node('Identity', ['c_in'], ['c_out']), helper.make_node('Add', ['v_in', 'one'], ['v_out'])],
        'body',
        [helper.make_tensor_value_info('i', TensorProto.INT64, []), helper.make_tensor_value_info('c_in', TensorProto.BOOL, []), f('v_in')],
        [helper.make_tensor_value_info('c_out', TensorProto.BOOL, []), f('v_out')],
        [numpy_helper.from_array(np.array([1], np.float32), 'one')])
    graph = helper.make_graph(
        [helper.make_node('Loop', ['M', 'cond', 'x'], ['y'], body=body)], 'slow', [f('x')], [f('y')],
        [numpy_helper.from_array(np.array(iterations, np.int64), 'M'), numpy_helper.from_array(np.array(True), 'cond')])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 15)], producer_name='onnx-helper')
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    nudged = W1 + np.float32(1e-7)
    assert np.any(nudged != W1)
    cases = {
        'base': build(),
        'same': build(),
        'nudged': build(w1=nudged),
        'changed': build(w2=rng.standard_normal((8, 3)).astype(np.float32) * 3),
        'renamed-input': build(x='features'),
        'output-removed': build(outputs=('y',)),
        'renamed-output': build(rename={'y': 'probs'}),
        'output-added': build(outputs=('y', 'logits', 'h')),
        'fixed-batch': build(batch=1),
        'float16': build(half=True),
        'opset-raised': build(opset=17),
        'described': build(meta=dict(META, description='Classifies iris flowers from four measurements.')),
        # Several changes at once, versioned as the diff will suggest (for the GUI view).
        'v2': build(x='features', outputs=('y', 'logits', 'h'), opset=17, w2=W2 * 1.5,
                    meta=dict(META, version='2.0.0', description='Classifies iris flowers from four measurements.', authors=['Ada'])),
    }
    cases['slow-loop'] = slow_loop()
    paths = {}
    for name, m in cases.items():
        p = os.path.join(out, f'{name}.onnx')
        onnx.save(m, p)
        paths[name] = p
    print(json.dumps(paths))


if __name__ == '__main__':
    main()
