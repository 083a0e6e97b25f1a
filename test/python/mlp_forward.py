#!/usr/bin/env python3
"""Expected outputs for the `mlp` fixture, computed with numpy from the model's own initializers
(read with onnx, not with our reader), independently of onnxruntime.

Usage: mlp_forward.py MODEL < {"x": [[...4 floats], ...]}   → {"y": [[...3 floats], ...]}
"""
import json
import sys

import numpy as np
import onnx
from onnx import numpy_helper

model = onnx.load(sys.argv[1])
w = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in model.graph.initializer}
x = np.array(json.load(sys.stdin)["x"], dtype=np.float32).astype(np.float64)
h = np.maximum(x @ w["W1"] + w["B1"], 0)
logits = h @ w["W2"] + w["B2"]
e = np.exp(logits - logits.max(axis=1, keepdims=True))
print(json.dumps({"y": (e / e.sum(axis=1, keepdims=True)).tolist()}))
