"""Writes the pickle scanner's corpus: malicious and benign pickles, PyTorch archives and joblib dumps.

Usage: /usr/bin/python3 pickle_corpus.py OUT_DIR  -> writes OUT_DIR/{malicious,benign}/* and
OUT_DIR/manifest.json, and prints the manifest path.

Nothing here is ever unpickled. Malicious samples are written with pickle.dumps of objects whose
__reduce__ names a dangerous callable (dumping only records the name), or assembled opcode by opcode
for the obfuscated patterns the scanners' issue trackers report (picklescan #14/#22/#23, modelscan
#85/#89/#267/#331). Benign samples are made by the real libraries: torch 1.13 (torch.save zip and
legacy, torch.jit.save), numpy, joblib and scikit-learn 1.2 from Debian.

Each malicious entry names the findings it must produce ({call, opcode, offset}); offsets come from
the assembler below or, for pickler output, from pickletools.genops (an independent reader).
"""
import collections
import datetime
import io
import json
import os
import pickle
import pickletools
import struct
import sys
import warnings
import zipfile
from _compat_pickle import IMPORT_MAPPING, NAME_MAPPING

import numpy as np

warnings.filterwarnings("ignore")

OUT = sys.argv[1]
MAL = os.path.join(OUT, "malicious")
BEN = os.path.join(OUT, "benign")
os.makedirs(MAL, exist_ok=True)
os.makedirs(BEN, exist_ok=True)
manifest = []


def fixed(module, name):
    if (module, name) in NAME_MAPPING:
        module, name = NAME_MAPPING[(module, name)]
    elif module == "exceptions":
        module = "builtins"
    else:
        module = IMPORT_MAPPING.get(module, module)
    return f"{module}.{name}"


def find_import(data, want):
    """Offset and opcode of the first GLOBAL/INST, or STACK_GLOBAL on two literal strings, naming `want`."""
    # Only string pushes are tracked (the pickler memoizes a module name and reuses it with BINGET).
    memo, values, other = {}, [], object()
    for op, arg, pos in pickletools.genops(io.BytesIO(data)):
        if op.name in ("GLOBAL", "INST") and fixed(*arg.split(" ", 1)) == want:
            return {"call": want, "opcode": op.name, "offset": pos}
        if op.name in ("SHORT_BINUNICODE", "BINUNICODE", "UNICODE"):
            values.append(arg)
        elif op.name == "MEMOIZE":
            memo[len(memo)] = values[-1] if values else other
        elif op.name in ("BINPUT", "LONG_BINPUT", "PUT"):
            memo[arg] = values[-1] if values else other
        elif op.name in ("BINGET", "LONG_BINGET", "GET"):
            values.append(memo.get(arg, other))
        elif op.name == "STACK_GLOBAL":
            if len(values) >= 2 and all(isinstance(v, str) for v in values[-2:]) and fixed(values[-2], values[-1]) == want:
                return {"call": want, "opcode": "STACK_GLOBAL", "offset": pos}
            values.append(other)
        else:
            values.append(other)
    raise SystemExit(f"corpus bug: {want} not found")


def find_import_multi(data, want):
    """find_import over pickles back to back (legacy torch.save), stopping at bytes that are no pickle."""
    f = io.BytesIO(data)
    strings = []
    try:
        while f.tell() < len(data):
            for op, arg, pos in pickletools.genops(f):
                if op.name in ("SHORT_BINUNICODE", "BINUNICODE", "UNICODE"):
                    strings.append(arg)
                if op.name in ("GLOBAL", "INST") and fixed(*arg.split(" ", 1)) == want:
                    return {"call": want, "opcode": op.name, "offset": pos}
    except ValueError:
        pass
    raise SystemExit(f"corpus bug: {want} not found")


def add(kind, name, data, reader="pickle", expect=None, note=None, tensors=None):
    path = os.path.join(MAL if kind == "malicious" else BEN, name)
    with open(path, "wb") as f:
        f.write(data)
    entry = {"kind": kind, "file": os.path.relpath(path, OUT), "reader": reader, "expect": expect or [], "note": note or ""}
    if tensors is not None:
        entry["tensors"] = tensors
    manifest.append(entry)


def digest(name, arr):
    """What the reader must find for an array: dtype, shape and the sha256 of its bytes at the offset it reports."""
    import hashlib

    return {"name": name, "shape": list(arr.shape), "bytes": arr.nbytes, "sha256": hashlib.sha256(np.ascontiguousarray(arr).tobytes()).hexdigest()}


def tdigest(name, t):
    raw = t.contiguous().view(torch.int16) if t.dtype == torch.bfloat16 else t.contiguous()
    d = digest(name, raw.numpy())
    d["shape"] = list(t.shape)
    d["dtype"] = str(t.dtype).split(".")[1]
    return d


class Reduce:
    """An object whose pickle is `fn(*args)`: dumping writes the name of fn, nothing runs."""

    def __init__(self, fn, *args):
        self.fn, self.args = fn, args

    def __reduce__(self):
        return (self.fn, self.args)


def qual(fn):
    return fixed(fn.__module__, fn.__qualname__)


def reduce_sample(name, fn, *args, proto=4, wrap=None):
    obj = Reduce(fn, *args)
    data = pickle.dumps(wrap(obj) if wrap else obj, protocol=proto)
    add("malicious", name, data, expect=[find_import(data, qual(fn))])


class Asm:
    """Assembles a pickle opcode by opcode and remembers where each labelled opcode starts."""

    def __init__(self, proto=None):
        self.b = bytearray()
        self.at = {}
        if proto is not None:
            self.b += b"\x80" + bytes([proto])

    def op(self, code, arg=b"", label=None):
        if label:
            self.at[label] = len(self.b)
        self.b += code + arg
        return self

    def u(self, s, label=None):  # SHORT_BINUNICODE / BINUNICODE
        e = s.encode()
        return self.op(b"\x8c", bytes([len(e)]) + e, label) if len(e) < 256 else self.op(b"X", struct.pack("<I", len(e)) + e, label)

    def glob(self, module, name, label=None):
        return self.op(b"c", f"{module}\n{name}\n".encode(), label)

    def sglobal(self, module, name, label=None):
        return self.u(module).u(name).op(b"\x93", label=label)

    def binbytes(self, data):
        return self.op(b"B", struct.pack("<I", len(data)) + data)

    def stop(self):
        self.b += b"."
        return bytes(self.b)

    def exp(self, call, opcode, label):
        return {"call": call, "opcode": opcode, "offset": self.at[label]}


# ---------------------------------------------------------------- malicious: pickler output
import subprocess  # noqa: E402  (imported only to name its callables)
import runpy  # noqa: E402
import importlib  # noqa: E402
import webbrowser  # noqa: E402
import socket  # noqa: E402
import shutil  # noqa: E402
import pty  # noqa: E402
import ctypes  # noqa: E402
import marshal  # noqa: E402
import asyncio  # noqa: E402
import urllib.request  # noqa: E402
import http.client  # noqa: E402
import pdb  # noqa: E402
import code  # noqa: E402
import timeit  # noqa: E402
import functools  # noqa: E402
import operator  # noqa: E402

for p in range(6):
    reduce_sample(f"os_system_p{p}.pkl", os.system, "echo pwned", proto=p)
reduce_sample("subprocess_check_output_p4.pkl", subprocess.check_output, ["id"])
reduce_sample("builtins_eval_p2.pkl", eval, "__import__('os').system('id')", proto=2)
reduce_sample("builtins_exec_p4.pkl", exec, "import os; os.system('id')")
reduce_sample("runpy_run_code_p4.pkl", runpy._run_code, "import os", {})
reduce_sample("importlib_import_module_p4.pkl", importlib.import_module, "os")
reduce_sample("webbrowser_open_p3.pkl", webbrowser.open, "http://example.invalid/", proto=3)
reduce_sample("socket_create_connection_p4.pkl", socket.create_connection, ("127.0.0.1", 9))
reduce_sample("numpy_load_allow_pickle_p4.pkl", np.load, "/tmp/payload.npy", None, True)
reduce_sample("shutil_rmtree_p4.pkl", shutil.rmtree, "/nonexistent-dir")
reduce_sample("pty_spawn_p2.pkl", pty.spawn, "/bin/sh", proto=2)
reduce_sample("ctypes_cdll_p4.pkl", ctypes.CDLL, "libc.so.6")
reduce_sample("marshal_loads_p4.pkl", marshal.loads, marshal.dumps(compile("1", "<s>", "eval")))
reduce_sample("asyncio_subprocess_p4.pkl", asyncio.create_subprocess_shell, "id")
reduce_sample("urllib_urlopen_p4.pkl", urllib.request.urlopen, "http://example.invalid/")
reduce_sample("http_client_p4.pkl", http.client.HTTPConnection, "example.invalid")
reduce_sample("pdb_run_p4.pkl", pdb.run, "import os")
reduce_sample("code_interact_p4.pkl", code.interact)
reduce_sample("timeit_p4.pkl", timeit.timeit, "import os", "pass", None, 1)
reduce_sample("system_in_dict_p5.pkl", os.system, "id", proto=5, wrap=lambda o: {"weights": [1.0, 2.0], "hook": o})

# pickle.loads of a nested malicious pickle (modelscan #267): flagged itself and scanned inside.
inner = pickle.dumps(Reduce(os.system, "echo nested"), protocol=2)
data = pickle.dumps(Reduce(pickle.loads, inner), protocol=4)
add("malicious", "nested_pickle_loads_p4.pkl", data, expect=[find_import(data, "_pickle.loads")])

# functools.partial: the call happens when the partial is called by the REDUCE that follows.
data = pickle.dumps(Reduce(functools.partial(os.system, "id")), protocol=4)
add("malicious", "functools_partial_p4.pkl", data, expect=[find_import(data, "functools.partial"), find_import(data, "posix.system")])

# scikit-learn pipeline whose FunctionTransformer runs os.system on transform.
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import FunctionTransformer, StandardScaler  # noqa: E402

data = pickle.dumps(Pipeline([("scale", StandardScaler()), ("fn", FunctionTransformer(func=os.system))]), protocol=4)
add("malicious", "sklearn_function_transformer_p4.pkl", data, expect=[find_import(data, "posix.system")])

# A truncated pickle: the dangerous GLOBAL is before the cut.
data = pickle.dumps(Reduce(os.system, "echo truncated"), protocol=2)
add("malicious", "truncated_p2.pkl", data[:-6], expect=[find_import(data, "posix.system"), {"call": "truncated pickle", "opcode": "TRUNCATED", "offset": len(data) - 6}])

# Two pickles back to back, the second malicious (loaders that call pickle.load twice).
data = pickle.dumps({"ok": 1}, protocol=4) + pickle.dumps(Reduce(os.system, "id"), protocol=4)
first = len(pickle.dumps({"ok": 1}, protocol=4))
e = find_import(data[first:], "posix.system")
e["offset"] += first
add("malicious", "concatenated_p4.pkl", data, expect=[e])

# ---------------------------------------------------------------- malicious: assembled opcodes
a = Asm(2).glob("posix", "system", "g").u("id").op(b"\x85").op(b"R")
add("malicious", "posix_system_p2.pkl", a.stop(), expect=[a.exp("posix.system", "GLOBAL", "g")])
a = Asm(2).glob("nt", "system", "g").u("calc.exe").op(b"\x85").op(b"R")
add("malicious", "nt_system_p2.pkl", a.stop(), expect=[a.exp("nt.system", "GLOBAL", "g")])

# Protocol 0 text: INST imports and calls in one opcode.
a = Asm().op(b"(").op(b"S", b"'echo hi'\n").op(b"i", b"os\nsystem\n", "i")
add("malicious", "inst_os_system_p0.pkl", a.stop(), expect=[a.exp("os.system", "INST", "i")])
a = Asm().op(b"(").op(b"S", b"'id'\n").op(b"i", b"subprocess\nPopen\n", "i")
add("malicious", "inst_popen_p0.pkl", a.stop(), expect=[a.exp("subprocess.Popen", "INST", "i")])
a = Asm().op(b"(").glob("subprocess", "Popen", "g").op(b"S", b"'id'\n").op(b"o")
add("malicious", "obj_popen_p1.pkl", a.stop(), expect=[a.exp("subprocess.Popen", "GLOBAL", "g")])
a = Asm(2).glob("subprocess", "Popen", "g").op(b"(").u("id").op(b"t").op(b"\x81")
add("malicious", "newobj_popen_p2.pkl", a.stop(), expect=[a.exp("subprocess.Popen", "GLOBAL", "g")])

# Python 2 names the unpickler renames: commands.getoutput is subprocess.getoutput.
a = Asm(2).glob("commands", "getoutput", "g").u("id").op(b"\x85").op(b"R")
add("malicious", "py2_commands_getoutput_p2.pkl", a.stop(), expect=[a.exp("subprocess.getoutput", "GLOBAL", "g")])
a = Asm(2).glob("__builtin__", "eval", "g").u("1+1").op(b"\x85").op(b"R")
add("malicious", "py2_builtin_eval_p2.pkl", a.stop(), expect=[a.exp("builtins.eval", "GLOBAL", "g")])

# getattr chain: builtins.getattr(builtins.__import__('os'), 'system')('id').
a = Asm(4).sglobal("builtins", "getattr", "ga").sglobal("builtins", "__import__", "imp").u("os").op(b"\x85").op(b"R")
a.u("system").op(b"\x86").op(b"R", label="getattr_call").u("id").op(b"\x85").op(b"R")
add(
    "malicious",
    "getattr_import_chain_p4.pkl",
    a.stop(),
    expect=[a.exp("builtins.getattr", "STACK_GLOBAL", "ga"), a.exp("builtins.__import__", "STACK_GLOBAL", "imp"), a.exp("os.system", "REDUCE", "getattr_call")],
)

# picklescan #22/#23: names stored out of order with PUT, read back with GET for STACK_GLOBAL.
a = Asm()
a.op(b"V", b"os\n").op(b"p", b"2\n").op(b"0").op(b"V", b"system\n").op(b"p", b"3\n").op(b"0")
a.op(b"V", b"torch\n").op(b"p", b"0\n").op(b"0").op(b"V", b"LongStorage\n").op(b"p", b"1\n").op(b"0")
a.op(b"g", b"2\n").op(b"g", b"3\n").op(b"\x93", label="sg").op(b"(").op(b"V", b"cat /etc/passwd\n").op(b"t").op(b"R")
add("malicious", "memo_out_of_order.pkl", a.stop(), expect=[a.exp("os.system", "STACK_GLOBAL", "sg")])

# picklescan #14: BINPUT and MEMOIZE mixed, so a MEMOIZE-counting scanner misreads memo[0].
a = Asm(4)
a.u("os").op(b"q", b"\x00").u("system").op(b"q", b"\x01").u("torch._utils").op(b"\x94").u("_rebuild_tensor_v2").op(b"\x94")
a.op(b"0").op(b"0").op(b"0").op(b"0").op(b"h", b"\x00").op(b"h", b"\x01").op(b"\x93", label="sg").u("id").op(b"\x85").op(b"R")
add("malicious", "memo_binput_memoize_mix_p4.pkl", a.stop(), expect=[a.exp("os.system", "STACK_GLOBAL", "sg")])

# The real pickler's own memo reuse: module and name read back with BINGET.
a = Asm(4).u("torch").op(b"\x94").u("FloatStorage").op(b"\x94").op(b"\x93").op(b"0")
a.op(b"h", b"\x00").u("load").op(b"\x93", label="sg").u("/tmp/evil.pt").op(b"\x85").op(b"R")
add("malicious", "memo_binget_module_p4.pkl", a.stop(), expect=[a.exp("torch.load", "STACK_GLOBAL", "sg")])

# modelscan #85: BUILD stores "os" and "system" as attributes of numpy.prod, read back by dotted names.
a = Asm(5).glob("numpy", "prod")
a.op(b"N").op(b"(").op(b"V", b"a\n").op(b"V", b"os\n").op(b"d").op(b"\x86").op(b"b", label="build1")
a.op(b"N").op(b"(").op(b"V", b"b\n").op(b"V", b"system\n").op(b"d").op(b"\x86").op(b"b")
a.op(b"0").glob("numpy", "prod.a").op(b"p", b"0\n").glob("numpy", "prod.b").op(b"p", b"1\n").op(b"0").op(b"0")
a.op(b"g", b"0\n").op(b"g", b"1\n").op(b"\x93", label="sg").op(b"V", b"echo pwned\n").op(b"\x85").op(b"R")
add("malicious", "modelscan85_build_attrs.pkl", a.stop(), expect=[a.exp("numpy.prod", "BUILD", "build1"), a.exp("os.system", "STACK_GLOBAL", "sg")])

# modelscan #89: numpy.__builtins__ gives the builtins dict; dict.get picks exec out of it.
a = Asm(5).glob("builtins", "dict.get").glob("numpy", "__builtins__", "g").op(b"V", b"exec\n").op(b"\x86").op(b"R")
a.op(b"V", b"__import__('os').system('id')\n").op(b"\x85").op(b"R")
add("malicious", "modelscan89_numpy_builtins.pkl", a.stop(), expect=[a.exp("numpy.__builtins__", "GLOBAL", "g")])
# modelscan #89, second form: sys reached through a module that imported it.
a = Asm(5).glob("numpy", "prod").op(b"N").glob("numpy", "core._internal.sys.modules", "g").op(b"\x86").op(b"b").op(b"0")
a.glob("numpy", "prod.os.system", "g2").op(b"V", b"id\n").op(b"\x85").op(b"R")
add(
    "malicious",
    "modelscan89_sys_modules.pkl",
    a.stop(),
    expect=[a.exp("numpy.core._internal.sys.modules", "GLOBAL", "g"), a.exp("numpy.prod.os.system", "GLOBAL", "g2")],
)

# STACK_GLOBAL on names computed by calls: rot13 through _codecs.encode (an allowed callable).
a = Asm(4).sglobal("_codecs", "encode").op(b"\x94").u("bf").u("rot13").op(b"\x86").op(b"R")
a.op(b"h", b"\x00").u("flfgrz").u("rot13").op(b"\x86").op(b"R").op(b"\x93", label="sg").u("id").op(b"\x85").op(b"R")
add("malicious", "computed_name_rot13_p4.pkl", a.stop(), expect=[a.exp("os.system", "STACK_GLOBAL", "sg")])
# ... and string concatenation through operator.add.
a = Asm(4).sglobal("operator", "add", "add").op(b"\x94").u("o").u("s").op(b"\x86").op(b"R")
a.u("system").op(b"\x93", label="sg").u("id").op(b"\x85").op(b"R")
add("malicious", "computed_name_concat_p4.pkl", a.stop(), expect=[a.exp("os.system", "STACK_GLOBAL", "sg")])
# ... and a name no static reader can compute (a call on a value from a persistent id).
a = Asm(4).sglobal("builtins", "str").op(b"\x94").u("x").op(b"Q").op(b"\x85").op(b"R").u("system").op(b"\x93", label="sg")
a.u("id").op(b"\x85").op(b"R")
add("malicious", "computed_name_opaque_p4.pkl", a.stop(), expect=[{"call": "builtins.str(persistent_load('x')).system", "opcode": "STACK_GLOBAL", "offset": a.at["sg"]}])
# modelscan #331: importlib.import_module('builtins'), then getattr for str.join to build "os".
a = Asm(4).sglobal("importlib", "import_module", "im").op(b"\x94").u("builtins").op(b"\x85").op(b"R").op(b"\x94")
a.sglobal("builtins", "getattr", "ga").op(b"\x94").op(b"h", b"\x02").op(b"h", b"\x01").u("str").op(b"\x86").op(b"R")
a.u("join").op(b"\x86").op(b"R").u("").op(b"]").op(b"(").u("o").u("s").op(b"e").op(b"\x86").op(b"R").u("system")
a.op(b"\x93", label="sg").u("id").op(b"\x85").op(b"R")
add(
    "malicious",
    "modelscan331_str_join_p4.pkl",
    a.stop(),
    expect=[a.exp("importlib.import_module", "STACK_GLOBAL", "im"), a.exp("builtins.getattr", "STACK_GLOBAL", "ga"), a.exp("os.system", "STACK_GLOBAL", "sg")],
)

# EXT1 after copyreg.add_extension registered os.system under code 0xF0.
a = Asm(2).glob("copyreg", "add_extension", "ae").op(b"(").u("os").u("system").op(b"K", b"\xf0").op(b"t").op(b"R").op(b"0")
a.op(b"\x82", b"\xf0", "ext").u("id").op(b"\x85").op(b"R")
add("malicious", "ext1_add_extension_p2.pkl", a.stop(), expect=[a.exp("copyreg.add_extension", "GLOBAL", "ae"), a.exp("os.system", "EXT1", "ext")])
# EXT2 naming a code the pickle does not register: whatever the loading process put there.
a = Asm(2).op(b"\x83", struct.pack("<H", 1234), "ext").u("id").op(b"\x85").op(b"R")
add("malicious", "ext2_unregistered_p2.pkl", a.stop(), expect=[a.exp("extension code 1234", "EXT2", "ext")])

# operator.methodcaller('system', 'id') applied to the os module.
a = Asm(4).sglobal("operator", "methodcaller", "mc").u("system").u("id").op(b"\x86").op(b"R")
a.sglobal("builtins", "__import__").u("os").op(b"\x85").op(b"R").op(b"\x85").op(b"R")
add("malicious", "operator_methodcaller_p4.pkl", a.stop(), expect=[a.exp("operator.methodcaller", "STACK_GLOBAL", "mc")])
# operator.attrgetter('system')(os)('id').
a = Asm(4).sglobal("operator", "attrgetter", "ag").u("system").op(b"\x85").op(b"R")
a.sglobal("importlib", "import_module").u("os").op(b"\x85").op(b"R").op(b"\x85").op(b"R", label="call").u("id").op(b"\x85").op(b"R")
add("malicious", "operator_attrgetter_p4.pkl", a.stop(), expect=[a.exp("operator.attrgetter", "STACK_GLOBAL", "ag"), a.exp("os.system", "REDUCE", "call")])

# types.FunctionType(types.CodeType(...), {}): a function built from bytecode in the pickle.
a = Asm(2).glob("types", "FunctionType", "ft").glob("types", "CodeType", "ct").op(b"(").op(b"K", b"\x00").binbytes(b"d\x00S\x00").op(b"t").op(b"R")
a.op(b"}").op(b"\x86").op(b"R").op(b")").op(b"R")
add("malicious", "types_functiontype_p2.pkl", a.stop(), expect=[a.exp("types.FunctionType", "GLOBAL", "ft"), a.exp("types.CodeType", "GLOBAL", "ct")])

# BUILD __setstate__ injection: the first BUILD puts os.system in the instance dict, the second calls it.
a = Asm(2).glob("collections", "OrderedDict").op(b")").op(b"R").op(b"}").glob("posix", "system", "g").op(b"q", b"\x00")
a.op(b"0").u("__setstate__").op(b"h", b"\x00").op(b"s").op(b"b", label="b1").u("echo setstate").op(b"b")
add("malicious", "build_setstate_injection_p2.pkl", a.stop(), expect=[a.exp("posix.system", "GLOBAL", "g"), a.exp("posix.system", "BUILD", "b1")])

# A dotted protocol-4 name through a dunder: OrderedDict.__init__.__globals__ is collections' globals.
a = Asm(4).sglobal("collections", "OrderedDict.__init__.__globals__", "sg")
add("malicious", "dunder_globals_p4.pkl", a.stop(), expect=[a.exp("collections.OrderedDict.__init__.__globals__", "STACK_GLOBAL", "sg")])

# ---------------------------------------------------------------- malicious: archives and streams
import torch  # noqa: E402
import joblib  # noqa: E402


def torch_zip_bytes(obj):
    buf = io.BytesIO()
    torch.save(obj, buf)
    return buf.getvalue()


def replace_entry(zip_bytes, suffix, new_data):
    src = zipfile.ZipFile(io.BytesIO(zip_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, new_data if info.filename.endswith(suffix) else src.read(info.filename))
    return out.getvalue()


evil_data_pkl = pickle.dumps(collections.OrderedDict([("w", 1.0), ("hook", Reduce(os.system, "echo from data.pkl"))]), protocol=2)
evil_zip = replace_entry(torch_zip_bytes(collections.OrderedDict([("w", torch.zeros(3))])), "/data.pkl", evil_data_pkl)
e = find_import(evil_data_pkl, "posix.system")
add("malicious", "torch_zip_evil_data_pkl.pt", evil_zip, reader="torch-zip", expect=[e])

# A torch.export-like .pt2 whose nested state-dict checkpoint (a zip inside the zip) is malicious.
out = io.BytesIO()
with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
    z.writestr("model/serialized_exported_program.json", json.dumps({"graph_module": {}}))
    z.writestr("model/serialized_state_dict.pt", evil_zip)
    z.writestr("model/version", "1")
add("malicious", "pt2_nested_zip_evil.pt2", out.getvalue(), reader="torch-zip", expect=[e])

# torch.load of a nested checkpoint hidden in bytes: torch.storage._load_from_bytes(evil zip).
a = Asm(2).glob("torch.storage", "_load_from_bytes", "g").binbytes(evil_zip).op(b"\x85").op(b"R")
add("malicious", "torch_load_from_bytes_nested.pkl", a.stop(), expect=[a.exp("torch.storage._load_from_bytes", "GLOBAL", "g"), e])

# A legacy (non-zip) torch.save file whose data pickle carries the payload.
buf = io.BytesIO()
torch.save({"weight": torch.ones(4), "hook": Reduce(os.system, "echo legacy")}, buf, _use_new_zipfile_serialization=False)
data = buf.getvalue()
add("malicious", "torch_legacy_evil.pt", data, reader="pickle", expect=[find_import_multi(data, "posix.system")])

# joblib dumps: a malicious object beside arrays, and one inside an object array (its own nested pickle).
path = os.path.join(MAL, "joblib_evil_object.joblib")
joblib.dump({"coef": np.arange(12, dtype=np.float64).reshape(3, 4), "hook": Reduce(os.system, "echo joblib")}, path)
manifest.append({"kind": "malicious", "file": os.path.relpath(path, OUT), "reader": "pickle", "expect": [{"call": "posix.system", "opcode": "STACK_GLOBAL", "offset": None}], "note": ""})
path = os.path.join(MAL, "joblib_evil_object_array.joblib")
arr = np.empty(2, dtype=object)
arr[0], arr[1] = 1, Reduce(os.system, "echo object array")
joblib.dump({"ids": np.arange(5), "objs": arr}, path)
manifest.append({"kind": "malicious", "file": os.path.relpath(path, OUT), "reader": "pickle", "expect": [{"call": "posix.system", "opcode": "GLOBAL", "offset": None}], "note": ""})

# ---------------------------------------------------------------- benign
torch.manual_seed(0)


class MLP(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(16, 32)
        self.fc2 = torch.nn.Linear(32, 4)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


class CNN(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3)
        self.bn = torch.nn.BatchNorm2d(8)
        self.head = torch.nn.Linear(8, 10)

    def forward(self, x):
        return self.head(torch.relu(self.bn(self.conv(x))).mean(dim=(2, 3)))


nets = {
    "mlp": MLP(),
    "cnn": CNN(),
    "lstm": torch.nn.LSTM(8, 16, num_layers=2),
    "transformer": torch.nn.TransformerEncoderLayer(d_model=16, nhead=2, dim_feedforward=32),
    "embedding_gru": torch.nn.Sequential(torch.nn.Embedding(50, 8), torch.nn.GRU(8, 8)),
}
for name, net in nets.items():
    sd = net.state_dict()
    want = [tdigest(k, v) for k, v in sd.items()]
    add("benign", f"{name}_state_dict.pt", torch_zip_bytes(sd), reader="torch-zip", tensors=want)
    buf = io.BytesIO()
    torch.save(sd, buf, _use_new_zipfile_serialization=False)
    add("benign", f"{name}_state_dict_legacy.pt", buf.getvalue(), reader="pickle", tensors=want)
# A training checkpoint: model and optimizer state, epoch, nested dicts.
opt = torch.optim.Adam(nets["mlp"].parameters())
nets["mlp"](torch.randn(2, 16)).sum().backward()
opt.step()
add("benign", "mlp_checkpoint.pt", torch_zip_bytes({"model": nets["mlp"].state_dict(), "optimizer": opt.state_dict(), "epoch": 3}), reader="torch-zip")

dtypes = [torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.int8, torch.uint8, torch.int16, torch.int32, torch.int64, torch.bool, torch.complex64, torch.complex128]
for dt in dtypes:
    t = (torch.arange(24).reshape(2, 3, 4) % 2).to(dt)
    add("benign", f"tensor_{str(dt).split('.')[1]}.pt", torch_zip_bytes({"t": t, "view": t[1]}), reader="torch-zip", tensors=[tdigest("t", t), tdigest("view", t[1])])

for name, net in (("mlp", MLP()), ("cnn", CNN())):
    buf = io.BytesIO()
    torch.jit.save(torch.jit.script(net), buf)
    add("benign", f"{name}_torchscript.pt", buf.getvalue(), reader="torch-zip")

arrays = {"a": np.arange(10, dtype=np.float32).reshape(2, 5), "b": np.array([1, 2], dtype=np.int64)}
for p in (2, 3, 4, 5):
    # Protocol 2 writes array bytes as latin-1 text (_codecs.encode): no byte offset to check there.
    want = [digest(k, v) for k, v in arrays.items()] if p > 2 else None
    add("benign", f"numpy_arrays_p{p}.pkl", pickle.dumps(dict(arrays, s=np.float64(1.5)), protocol=p), tensors=want)
add("benign", "numpy_object_ints_p4.pkl", pickle.dumps(np.array([1, "two", 3.0], dtype=object), protocol=4))
arrays = {"a": np.arange(100, dtype=np.float64), "b": np.ones((3, 3), dtype=np.int32), "u": np.array(["x", "yz"])}
joblib.dump(arrays, os.path.join(BEN, "arrays.joblib"))
manifest.append({"kind": "benign", "file": "benign/arrays.joblib", "reader": "pickle", "expect": [], "note": "", "tensors": [digest(k, v) for k, v in arrays.items()]})

plain = {
    "ints": [0, 1, -1, 255, 65536, 2**40, -(2**70)],
    "floats": (0.5, -1e300, float("inf")),
    "text": "naïve ☃",
    "bytes": b"\x00\x01",
    "bytearray": bytearray(b"ab"),
    "set": {1, 2},
    "frozen": frozenset({3}),
    "complex": 1 + 2j,
    "none": None,
    "flags": [True, False],
    "nested": {"a": [{"b": ()}]},
    "when": datetime.datetime(2024, 1, 2, 3, 4, 5),
}
for p in range(6):
    add("benign", f"plain_data_p{p}.pkl", pickle.dumps(plain, protocol=p))
for p in (0, 2, 4):
    add("benign", f"ordered_dict_p{p}.pkl", pickle.dumps(collections.OrderedDict([("x", 1), ("y", [2, 3])]), protocol=p))

from sklearn.ensemble import RandomForestClassifier  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

rng = np.random.RandomState(0)
X = rng.rand(80, 4)
y = (X[:, 0] + X[:, 1] > 1).astype(int)
models = {
    "logistic_regression": LogisticRegression().fit(X, y),
    "random_forest": RandomForestClassifier(n_estimators=5, random_state=0).fit(X, y),
    "pipeline_scaler_logreg": Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression())]).fit(X, y),
}
for name, model in models.items():
    for p in (2, 3, 4, 5):
        add("benign", f"sklearn_{name}_p{p}.pkl", pickle.dumps(model, protocol=p))
joblib.dump(models["random_forest"], os.path.join(BEN, "sklearn_random_forest.joblib"))
manifest.append({"kind": "benign", "file": "benign/sklearn_random_forest.joblib", "reader": "pickle", "expect": [], "note": ""})

with open(os.path.join(OUT, "manifest.json"), "w") as f:
    json.dump({"torch": torch.__version__, "sklearn": __import__("sklearn").__version__, "samples": manifest}, f, indent=1)
print(os.path.join(OUT, "manifest.json"))
