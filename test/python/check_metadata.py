#!/usr/bin/env python3
"""Read models back with the official `onnx` package, for the metadata writer's cross-check.

Usage: check_metadata.py MODEL...
Prints a JSON list with one object per model: "path", "metadata_props" ([key, value] pairs in file
order), "doc_string", "model_version", "graph_sha256" (sha256 of model.graph.SerializeToString(),
external data not loaded, so the graph is compared as stored) and "check" ("ok" or the
onnx.checker message; the checker is given the path so it can resolve external data).
"""
import hashlib
import json
import sys

import onnx


def describe(path):
    model = onnx.load(path, load_external_data=False)
    try:
        onnx.checker.check_model(path)
        check = 'ok'
    except Exception as e:  # the message is the assertion's content
        check = str(e)
    return {
        'path': path,
        'metadata_props': [[p.key, p.value] for p in model.metadata_props],
        'doc_string': model.doc_string,
        'model_version': model.model_version,
        'graph_sha256': hashlib.sha256(model.graph.SerializeToString()).hexdigest(),
        'check': check,
    }


if __name__ == '__main__':
    json.dump([describe(p) for p in sys.argv[1:]], sys.stdout)
