#!/usr/bin/env python3
"""Build a small ResNet-like CNN with onnx.helper (not with our writer) for the graph view's e2e.

Usage: build_resnet.py OUT.onnx
Stem (Conv, BatchNormalization, Relu, MaxPool), three stages of two basic blocks with residual Add
connections (the first block of stages 2 and 3 downsamples, with a 1x1 projection on the skip), then
GlobalAveragePool, Flatten, Gemm and Softmax. Runs onnx.checker and prints the graph as python onnx
reads it: {"path", "inputs", "outputs", "initializers", "nodes": [{"name","op","inputs","outputs"}]}.
"""
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(7)
nodes = []
inits = []


def w(name, *shape):
    inits.append(numpy_helper.from_array((rng.standard_normal(shape) * 0.1).astype(np.float32), name))
    return name


def conv_bn(x, name, cin, cout, k, stride, relu=True):
    nodes.append(helper.make_node('Conv', [x, w(f'{name}.weight', cout, cin, k, k)], [f'{name}.conv_out'], name=f'{name}.conv',
                                  kernel_shape=[k, k], strides=[stride, stride], pads=[k // 2] * 4))
    nodes.append(helper.make_node('BatchNormalization', [f'{name}.conv_out', w(f'{name}.bn.scale', cout), w(f'{name}.bn.bias', cout),
                                                         w(f'{name}.bn.mean', cout), numpy_helper.from_array(np.ones(cout, np.float32), f'{name}.bn.var').name],
                                  [f'{name}.bn_out'], name=f'{name}.bn'))
    inits.append(numpy_helper.from_array(np.ones(cout, np.float32), f'{name}.bn.var'))
    if not relu:
        return f'{name}.bn_out'
    nodes.append(helper.make_node('Relu', [f'{name}.bn_out'], [f'{name}.relu_out'], name=f'{name}.relu'))
    return f'{name}.relu_out'


def block(x, name, cin, cout, stride):
    a = conv_bn(x, f'{name}.a', cin, cout, 3, stride)
    b = conv_bn(a, f'{name}.b', cout, cout, 3, 1, relu=False)
    skip = x if stride == 1 and cin == cout else conv_bn(x, f'{name}.down', cin, cout, 1, stride, relu=False)
    nodes.append(helper.make_node('Add', [skip, b], [f'{name}.sum'], name=f'{name}.add'))
    # One node without a name, as some exporters leave them: the view names it by its position.
    nodes.append(helper.make_node('Relu', [f'{name}.sum'], [f'{name}.out'], name='' if name == 'layer2.1' else f'{name}.relu'))
    return f'{name}.out'


x = conv_bn('image', 'stem', 3, 16, 3, 1)
nodes.append(helper.make_node('MaxPool', [x], ['stem.pool_out'], name='stem.pool', kernel_shape=[2, 2], strides=[2, 2]))
x, c = 'stem.pool_out', 16
for stage, cout in [(1, 16), (2, 32), (3, 64)]:
    for i in range(2):
        x = block(x, f'layer{stage}.{i}', c, cout, 2 if i == 0 and stage > 1 else 1)
        c = cout
nodes.append(helper.make_node('GlobalAveragePool', [x], ['gap_out'], name='head.gap'))
nodes.append(helper.make_node('Flatten', ['gap_out'], ['features'], name='head.flatten', axis=1))
nodes.append(helper.make_node('Gemm', ['features', w('fc.weight', 10, 64), w('fc.bias', 10)], ['logits'], name='head.fc', transB=1))
nodes.append(helper.make_node('Softmax', ['logits'], ['probabilities'], name='head.softmax', axis=1))

graph = helper.make_graph(nodes, 'resnet_small', [helper.make_tensor_value_info('image', TensorProto.FLOAT, ['N', 3, 32, 32])],
                          [helper.make_tensor_value_info('probabilities', TensorProto.FLOAT, ['N', 10]),
                           helper.make_tensor_value_info('features', TensorProto.FLOAT, ['N', 64])], inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 17)], producer_name='onnx-helper')
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, sys.argv[1])

# Read back from the file: what python onnx sees is the reference, not what we meant to write.
m = onnx.load(sys.argv[1])
g = m.graph
print(json.dumps({
    'path': sys.argv[1],
    'inputs': [v.name for v in g.input],
    'outputs': [v.name for v in g.output],
    'initializers': [t.name for t in g.initializer],
    'nodes': [{'name': n.name, 'op': n.op_type, 'inputs': list(n.input), 'outputs': list(n.output)} for n in g.node],
}))
