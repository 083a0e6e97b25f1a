"""Prints python onnx's inferred shape of every node output of a model's main graph, as JSON:
{name: [dim...] | null}, a dim being an int, a symbol name, or null. For shape-inference.spec.ts."""
import json
import sys

import onnx
from onnx import shape_inference

model = shape_inference.infer_shapes(onnx.load(sys.argv[1]), data_prop=False)
g = model.graph
out = {}
for v in list(g.value_info) + list(g.output):
    t = v.type.tensor_type
    if not v.type.HasField("tensor_type") or not t.HasField("shape"):
        continue
    out[v.name] = [d.dim_value if d.HasField("dim_value") else (d.dim_param or None) for d in t.shape.dim]
print(json.dumps(out))
