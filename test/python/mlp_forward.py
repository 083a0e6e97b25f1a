#!/usr/bin/env python3
"""Expected outputs for the `mlp` fixture, computed with numpy from the model's own initializers
(read with onnx, not with our reader), independently of onnxruntime.

Usage: mlp_forward.py MODEL < {"x": [[...4 floats], ...]}   → {"y": [[...3 floats], ...]}
       mlp_forward.py MODEL --test-data DIR < {"x": ...}    → writes DIR/input_0.pb and
       DIR/output_0.pb (an ONNX test-data folder, TensorProtos by onnx.numpy_helper), prints {"y"}
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper

model = onnx.load(sys.argv[1])
w = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in model.graph.initializer}
x32 = np.array(json.load(sys.stdin)["x"], dtype=np.float32)
x = x32.astype(np.float64)
h = np.maximum(x @ w["W1"] + w["B1"], 0)
logits = h @ w["W2"] + w["B2"]
e = np.exp(logits - logits.max(axis=1, keepdims=True))
y = e / e.sum(axis=1, keepdims=True)
if len(sys.argv) > 3 and sys.argv[2] == "--test-data":
    out = sys.argv[3]
    os.makedirs(out, exist_ok=True)
    for name, arr, file in (("x", x32, "input_0.pb"), ("y", y.astype(np.float32), "output_0.pb")):
        with open(os.path.join(out, file), "wb") as f:
            f.write(numpy_helper.from_array(arr, name).SerializeToString())
print(json.dumps({"y": y.tolist()}))
