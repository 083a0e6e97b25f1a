#!/usr/bin/env python3
"""Summarise ONNX models with the official `onnx` package, for the reader's cross-check.

Usage: dump_summary.py [--check] MODEL...
Prints a JSON list with one {"path", "summary", "check"} object per model. "summary" has exactly
the shape of InspectJson (shared/model-summary.ts, toInspectJson) computed independently from
the reader; "check" is "ok" or the onnx.checker message (only with --check, else null).
Weights are never loaded (load_external_data=False), so large fixtures stay cheap.
"""
import json
import math
import os
import sys

import onnx
from onnx import TensorProto

# onnxruntime-node's type names, indexed by TensorProto.DataType.
NAMES = ['undefined', 'float32', 'uint8', 'int8', 'uint16', 'int16', 'int32', 'int64', 'string', 'bool',
         'float16', 'float64', 'uint32', 'uint64', 'complex64', 'complex128', 'bfloat16',
         'float8e4m3fn', 'float8e4m3fnuz', 'float8e5m2', 'float8e5m2fnuz', 'uint4', 'int4',
         'float4e2m1', 'float8e8m0', 'uint2', 'int2']
BITS = [0, 32, 8, 8, 16, 16, 32, 64, 0, 8, 16, 64, 32, 64, 64, 128, 16, 8, 8, 8, 8, 4, 4, 4, 8, 2, 2]


def elem(code):
    return NAMES[code] if 0 <= code < len(NAMES) else 'unknown(%d)' % code


def dims(shape):
    out = []
    for d in shape.dim:
        which = d.WhichOneof('value')
        out.append(d.dim_value if which == 'dim_value' else d.dim_param if which == 'dim_param' else None)
    return out


def type_text(t):
    which = t.WhichOneof('value')
    if which in ('tensor_type', 'sparse_tensor_type'):
        tt = getattr(t, which)
        shape = '[%s]' % ','.join('?' if d is None else str(d) for d in dims(tt.shape)) if tt.HasField('shape') else '[...]'
        s = elem(tt.elem_type) + shape
        return s if which == 'tensor_type' else 'sparse(%s)' % s
    if which in ('sequence_type', 'optional_type'):
        inner = getattr(t, which)
        text = type_text(inner.elem_type) if inner.HasField('elem_type') else '?'
        return ('seq(%s)' if which == 'sequence_type' else 'optional(%s)') % text
    if which == 'map_type':
        inner = type_text(t.map_type.value_type) if t.map_type.HasField('value_type') else '?'
        return 'map(%s,%s)' % (elem(t.map_type.key_type), inner)
    if which == 'opaque_type':
        return 'opaque'
    return 'unknown'


def io(v):
    t = v.type
    if v.HasField('type') and t.WhichOneof('value') == 'tensor_type':
        shape = dims(t.tensor_type.shape) if t.tensor_type.HasField('shape') else None
        return {'name': v.name, 'type': elem(t.tensor_type.elem_type), 'shape': shape}
    return {'name': v.name, 'type': type_text(t), 'shape': None}


def op_key(n):
    return n.op_type if n.domain in ('', 'ai.onnx') else '%s:%s' % (n.domain, n.op_type)


def tensors_everywhere(model):
    """Every TensorProto in the model: initializers and attribute tensors, in subgraphs too."""
    stack = [model.graph]
    nodes = [n for f in model.functions for n in f.node]
    while stack or nodes:
        if stack:
            g = stack.pop()
            yield from g.initializer
            nodes.extend(g.node)
            continue
        n = nodes.pop()
        for a in n.attribute:
            if a.HasField('t'):
                yield a.t
            yield from a.tensors
            if a.HasField('g'):
                stack.append(a.g)
            stack.extend(a.graphs)


PRECISION = {'float32', 'float16', 'bfloat16', 'float64', 'int8', 'uint8', 'int4', 'uint4', 'int2', 'uint2',
             'float8e4m3fn', 'float8e4m3fnuz', 'float8e5m2', 'float8e5m2fnuz', 'float4e2m1', 'float8e8m0'}


def weights(model):
    """Initializers and Constant values (value, value_float(s), value_int(s)) of the main graph and
    every If/Loop/Scan body, as shared/model-weights.ts defines them, computed independently."""
    found = []  # (source, dtype name, element count, bytes)

    def tensor(source, t):
        count = math.prod(t.dims)
        name = elem(t.data_type)
        size = sum(len(x) for x in t.string_data) if t.data_type == TensorProto.STRING else math.ceil(count * BITS[t.data_type] / 8)
        found.append((source, name, count, size))

    stack = [model.graph]
    while stack:
        g = stack.pop()
        for t in g.initializer:
            tensor('initializer', t)
        for n in g.node:
            if n.op_type == 'Constant' and n.domain in ('', 'ai.onnx'):
                for a in n.attribute:
                    if a.name == 'value':
                        tensor('constant', a.t)
                    elif a.name == 'value_float':
                        found.append(('constant', 'float32', 1, 4))
                    elif a.name == 'value_floats':
                        found.append(('constant', 'float32', len(a.floats), 4 * len(a.floats)))
                    elif a.name == 'value_int':
                        found.append(('constant', 'int64', 1, 8))
                    elif a.name == 'value_ints':
                        found.append(('constant', 'int64', len(a.ints), 8 * len(a.ints)))
            for a in n.attribute:
                if a.HasField('g'):
                    stack.append(a.g)
                stack.extend(a.graphs)
    by_type = {}
    for _, name, _, size in found:
        if name in PRECISION:
            by_type[name] = by_type.get(name, 0) + size
    total = sum(by_type.values())
    precision = 'mixed' if total > 0 else 'none'
    for name, size in by_type.items():
        if total > 0 and size >= 0.95 * total:
            precision = name
    inits = sum(1 for f in found if f[0] == 'initializer')
    return {
        'count': len(found),
        'initializers': inits,
        'constants': len(found) - inits,
        'parameterCount': sum(c for _, name, c, _ in found if name != 'string'),
        'bytes': sum(f[3] for f in found),
        'precision': precision,
    }


def external_data(model):
    files = {}
    for t in tensors_everywhere(model):
        if t.data_location != TensorProto.EXTERNAL:
            continue
        info = {e.key: e.value for e in t.external_data}
        count = math.prod(t.dims)
        length = int(info['length']) if info.get('length') else math.ceil(count * BITS[t.data_type] / 8)
        files[info['location']] = files.get(info['location'], 0) + length
    return [{'location': k, 'bytes': files[k]} for k in sorted(files)]


def summary(path):
    m = onnx.load(path, load_external_data=False)
    g = m.graph
    inits = {t.name for t in g.initializer}
    w = weights(m)
    hist = {}
    for n in g.node:
        hist[op_key(n)] = hist.get(op_key(n), 0) + 1
    return {
        'irVersion': m.ir_version,
        'opsets': [{'domain': o.domain, 'version': o.version} for o in m.opset_import],
        'producer': {'name': m.producer_name, 'version': m.producer_version},
        'domain': m.domain,
        'modelVersion': m.model_version,
        'docString': m.doc_string,
        'metadata': {p.key: p.value for p in m.metadata_props},
        'inputs': [io(v) for v in g.input if v.name not in inits],
        'outputs': [io(v) for v in g.output],
        'graph': {
            'nodeCount': len(g.node),
            'initializerCount': len(g.initializer),
            'parameterCount': w['parameterCount'],
            'opHistogram': hist,
        },
        'weights': w,
        'externalData': external_data(m),
        'fileBytes': os.stat(path).st_size,
    }


def check(path):
    try:
        onnx.checker.check_model(path)  # the path form also validates external data locations
        return 'ok'
    except Exception as e:  # report, don't crash: the caller decides what a failure means
        return '%s: %s' % (type(e).__name__, e)


def main(argv):
    do_check = '--check' in argv
    paths = [a for a in argv if a != '--check']
    out = [{'path': p, 'summary': summary(p), 'check': check(p) if do_check else None} for p in paths]
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == '__main__':
    main(sys.argv[1:])
