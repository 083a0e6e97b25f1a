#!/usr/bin/env python3
"""Build a ResNet-50 (torchvision's layout) with onnx.helper, as torch.onnx.export writes one.

Usage: build_resnet50.py OUT.onnx
The real architecture: a 7x7 stem, max pool, bottleneck stages of 3, 4, 6 and 3 blocks (widths 64,
128, 256, 512, expansion 4), global average pool, flatten, Gemm 2048 -> 1000. Batch norms are folded
into the convolutions (as the exporter does). Weights are He-initialised random numbers: the metadata
and the signature are what matter here (input [batch, 3, 224, 224], output logits [batch, 1000]),
not what it predicts. About 100 MB. Prints {"path", "inputs", "outputs", "initializers"}.
"""
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(50)
nodes = []
inits = []
count = [0]


def conv(x, cin, cout, k, stride, relu=True):
    i = count[0] = count[0] + 1
    w = (rng.standard_normal((cout, cin, k, k), dtype=np.float32) * np.sqrt(2 / (cin * k * k))).astype(np.float32)
    inits.append(numpy_helper.from_array(w, f'onnx::Conv_{1000 + 2 * i}'))
    inits.append(numpy_helper.from_array(np.zeros(cout, np.float32), f'onnx::Conv_{1001 + 2 * i}'))
    out = f'/conv{i}/Conv_output_0'
    nodes.append(helper.make_node('Conv', [x, f'onnx::Conv_{1000 + 2 * i}', f'onnx::Conv_{1001 + 2 * i}'], [out], name=f'/conv{i}/Conv',
                                  kernel_shape=[k, k], strides=[stride, stride], pads=[k // 2] * 4))
    if not relu:
        return out
    nodes.append(helper.make_node('Relu', [out], [f'/relu{i}/Relu_output_0'], name=f'/relu{i}/Relu'))
    return f'/relu{i}/Relu_output_0'


def bottleneck(x, cin, width, stride):
    a = conv(x, cin, width, 1, 1)
    b = conv(a, width, width, 3, stride)
    c = conv(b, width, width * 4, 1, 1, relu=False)
    skip = x if stride == 1 and cin == width * 4 else conv(x, cin, width * 4, 1, stride, relu=False)
    i = count[0]
    nodes.append(helper.make_node('Add', [c, skip], [f'/add{i}/Add_output_0'], name=f'/add{i}/Add'))
    nodes.append(helper.make_node('Relu', [f'/add{i}/Add_output_0'], [f'/add{i}/Relu_output_0'], name=f'/add{i}/Relu'))
    return f'/add{i}/Relu_output_0'


x = conv('input', 3, 64, 7, 2)
nodes.append(helper.make_node('MaxPool', [x], ['/maxpool/MaxPool_output_0'], name='/maxpool/MaxPool', kernel_shape=[3, 3], strides=[2, 2],
                              pads=[1, 1, 1, 1]))
x, c = '/maxpool/MaxPool_output_0', 64
for width, blocks, stride in [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)]:
    for b in range(blocks):
        x = bottleneck(x, c, width, stride if b == 0 else 1)
        c = width * 4
nodes.append(helper.make_node('GlobalAveragePool', [x], ['/avgpool/GlobalAveragePool_output_0'], name='/avgpool/GlobalAveragePool'))
nodes.append(helper.make_node('Flatten', ['/avgpool/GlobalAveragePool_output_0'], ['/Flatten_output_0'], name='/Flatten', axis=1))
inits.append(numpy_helper.from_array((rng.standard_normal((1000, 2048), dtype=np.float32) * 0.01).astype(np.float32), 'fc.weight'))
inits.append(numpy_helper.from_array(np.zeros(1000, np.float32), 'fc.bias'))
nodes.append(helper.make_node('Gemm', ['/Flatten_output_0', 'fc.weight', 'fc.bias'], ['output'], name='/fc/Gemm', alpha=1.0, beta=1.0,
                              transB=1))

graph = helper.make_graph(nodes, 'main_graph', [helper.make_tensor_value_info('input', TensorProto.FLOAT, ['batch_size', 3, 224, 224])],
                          [helper.make_tensor_value_info('output', TensorProto.FLOAT, ['batch_size', 1000])], inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 17)], producer_name='pytorch', producer_version='2.5.1')
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, sys.argv[1])

m = onnx.load(sys.argv[1], load_external_data=False)
print(json.dumps({
    'path': sys.argv[1],
    'inputs': [v.name for v in m.graph.input],
    'outputs': [v.name for v in m.graph.output],
    'initializers': len(m.graph.initializer),
}))
