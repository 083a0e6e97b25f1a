# Baseline: onnx.load (the reference Python reader) on the same file; wall time and peak RSS.
import json, resource, sys, time
import onnx

t0 = time.perf_counter()
m = onnx.load(sys.argv[1])
ms = (time.perf_counter() - t0) * 1000
print(json.dumps({"ms": ms, "maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "nodes": len(m.graph.node), "inputs": len(m.graph.input)}))
