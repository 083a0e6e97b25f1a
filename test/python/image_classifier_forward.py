#!/usr/bin/env python3
"""Expected outputs of test/fixtures/image-models.ts's classifier for a picture, in numpy:
the preprocessing (center crop, RGB, scale, mean/std, NCHW with batch, float32) applied to the raw
pixels, then GlobalAveragePool, MatMul + Add with the model's own initializers, Softmax.

Usage: image_classifier_forward.py MODEL < {"pixels": hex, "width", "height", "channels", "spec"}
       → {"logits": [[3]], "probabilities": [[3]]}
Only the spec fields the e2e test uses are implemented (no resize: the picture is at least the
model's size on its shorter side already, so the crop alone applies).
"""
import json
import sys

import numpy as np
import onnx
from onnx import numpy_helper

model = onnx.load(sys.argv[1])
w = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in model.graph.initializer}
case = json.load(sys.stdin)
s = case['spec']
h, wd, c = case['height'], case['width'], case['channels']
px = np.frombuffer(bytes.fromhex(case['pixels']), np.uint8).reshape(h, wd, c)[..., :3]
crop = s['centerCrop']
top, left = int(round((h - crop['height']) / 2.0)), int(round((wd - crop['width']) / 2.0))
px = px[top:top + crop['height'], left:left + crop['width']]
assert s['channelOrder'] == 'RGB' and s['layout'] == 'NCHW' and s['batch'] and s['dtype'] == 'float32'
x = (px.astype(np.float64) * s['scale'] - np.array(s['mean'])) / np.array(s['std'])
x = x.astype(np.float32).transpose(2, 0, 1)[None].astype(np.float64)  # the model sees float32
pooled = x.mean(axis=(2, 3))
logits = pooled @ w['W'] + w['B']
e = np.exp(logits - logits.max(axis=1, keepdims=True))
print(json.dumps({'logits': logits.tolist(), 'probabilities': (e / e.sum(axis=1, keepdims=True)).tolist()}))
