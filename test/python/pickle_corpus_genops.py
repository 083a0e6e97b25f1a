"""Prints pickletools.genops for each file given, as JSON, to cross-check the TypeScript disassembler.

Every pickle back to back in a file is walked (as the scanner does). Arguments are normalised to JSON:
ints as decimal strings (they can exceed 2**53), floats as repr, bytes as length and leading hex.
Only reads opcodes; nothing is unpickled.
"""
import io
import json
import pickletools
import sys


def norm(arg):
    if arg is None or isinstance(arg, (bool, str)):
        return arg
    if isinstance(arg, int):
        return {"int": str(arg)}
    if isinstance(arg, float):
        return {"float": repr(arg)}
    if isinstance(arg, (bytes, bytearray)):
        return {"len": len(arg), "head": bytes(arg[:32]).hex()}
    return {"other": repr(arg)}


out = {}
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    f = io.BytesIO(data)
    ops = []
    while f.tell() < len(data):
        for op, arg, pos in pickletools.genops(f):
            ops.append({"op": op.name, "pos": pos, "arg": norm(arg)})
    out[path] = ops
json.dump(out, sys.stdout)
