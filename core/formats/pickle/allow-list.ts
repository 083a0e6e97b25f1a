// Which callables a pickle may import. A pickle runs code only through the callables it imports
// (GLOBAL, STACK_GLOBAL, INST, EXT*) and then calls (REDUCE, BUILD, OBJ, NEWOBJ…), so every import
// is judged here: allowed (rebuilds data: tensors, arrays, dicts, estimators), dangerous (runs
// code, imports modules, touches files, processes or the network, or turns a string into a
// callable), or unknown (anything else: it may be harmless, but only the author knows).
//
// The allowed set holds no callable that turns data into a new callable (getattr, __import__,
// operator.attrgetter, pickle.loads…): with those denied, every callable a pickle can reach is one
// of its own imports, and each import is checked.
//
// scikit-learn: an estimator is pickled as its class plus its __dict__ (NEWOBJ or
// copyreg._reconstructor, then BUILD). Creating it runs object.__new__ and BaseEstimator's
// __setstate__, which only fills __dict__; a FunctionTransformer(func=os.system) still has to import
// os.system, which is judged on its own. So a sklearn.* name is allowed when it is a known estimator
// class or a helper fitted models pickle (sklearn-classes.ts, generated from the installed
// scikit-learn), and unknown otherwise (a sklearn function such as a loader is not trusted).
import { IMPORT_MAPPING, NAME_MAPPING } from './compat-names';
import { SKLEARN_CLASSES } from './sklearn-classes';

export type Severity = 'safe' | 'dangerous' | 'unknown';

export interface Judgement {
  severity: Severity;
  /** Why, in a sentence; empty for safe. */
  why: string;
}

/** Where a pickle was found: TorchScript archives resolve `__torch__.*` classes from their own code/. */
export interface ScanContext {
  torchscript?: boolean;
}

const TORCH_STORAGES = [
  'Float',
  'Double',
  'Half',
  'BFloat16',
  'Long',
  'Int',
  'Short',
  'Char',
  'Byte',
  'Bool',
  'ComplexFloat',
  'ComplexDouble',
  'QInt8',
  'QUInt8',
  'QInt32',
  'QUInt4x2',
  'QUInt2x4',
].map((t) => `torch.${t}Storage`);

const TORCH_DTYPES = [
  'float32',
  'float',
  'float64',
  'double',
  'float16',
  'half',
  'bfloat16',
  'int8',
  'uint8',
  'int16',
  'short',
  'int32',
  'int',
  'int64',
  'long',
  'bool',
  'complex64',
  'cfloat',
  'complex128',
  'cdouble',
  'complex32',
  'chalf',
  'qint8',
  'quint8',
  'qint32',
  'quint4x2',
  'quint2x4',
  // layouts, memory formats and quantization schemes torch pickles by name
  'strided',
  'sparse_coo',
  'sparse_csr',
  'contiguous_format',
  'channels_last',
  'preserve_format',
  'per_tensor_affine',
  'per_channel_affine',
  'per_channel_affine_float_qparams',
].map((t) => `torch.${t}`);

/** Exact module.name entries that only rebuild data. */
const ALLOWED = new Set<string>([
  // tensors and storages (torch/_utils.py, torch/_tensor.py, torch/storage.py)
  'torch._utils._rebuild_tensor',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_parameter',
  'torch._utils._rebuild_parameter_with_state',
  'torch._utils._rebuild_qtensor',
  'torch._utils._rebuild_sparse_tensor',
  'torch._utils._rebuild_sparse_csr_tensor',
  'torch._utils._rebuild_meta_tensor_no_storage',
  'torch._utils._rebuild_nested_tensor',
  'torch._utils._rebuild_wrapper_subclass',
  'torch._utils._rebuild_device_tensor_from_numpy',
  'torch._tensor._rebuild_from_type',
  'torch._tensor._rebuild_from_type_v2',
  'torch.Tensor',
  'torch.nn.parameter.Parameter',
  'torch.nn.parameter.Buffer',
  'torch.Size',
  'torch.device',
  'torch.serialization._get_layout',
  'torch.storage.TypedStorage',
  'torch.storage._TypedStorage',
  'torch.storage.UntypedStorage',
  'torch.storage._UntypedStorage',
  'torch.UntypedStorage',
  ...TORCH_STORAGES,
  ...TORCH_DTYPES,
  // TorchScript constants.pkl helpers (torch/jit/_pickle.py): build lists from lists
  'torch.jit._pickle.build_intlist',
  'torch.jit._pickle.build_tensorlist',
  'torch.jit._pickle.build_doublelist',
  'torch.jit._pickle.build_boollist',
  'torch.jit._pickle.restore_type_tag',
  // containers and plain data
  'collections.OrderedDict',
  'collections.defaultdict',
  'collections.Counter',
  'collections.deque',
  'builtins.set',
  'builtins.frozenset',
  'builtins.bytearray',
  'builtins.bytes',
  'builtins.complex',
  'builtins.slice',
  'builtins.range',
  'builtins.list',
  'builtins.tuple',
  'builtins.dict',
  'builtins.int',
  'builtins.float',
  'builtins.str',
  'builtins.bool',
  'builtins.object',
  'datetime.datetime',
  'datetime.date',
  'datetime.time',
  'datetime.timedelta',
  'datetime.timezone',
  'decimal.Decimal',
  'fractions.Fraction',
  'uuid.UUID',
  // object reconstruction (copyreg.py): cls.__new__ / base.__init__ of classes judged on their own
  'copyreg._reconstructor',
  'copyreg.__newobj__',
  'copyreg.__newobj_ex__',
  // numpy encodes bytes as latin-1 text in protocol 2 and rebuilds with _codecs.encode(text, 'latin1')
  '_codecs.encode',
  // numpy arrays, dtypes and scalars, numpy 1.x and 2.x module paths
  'numpy.ndarray',
  'numpy.dtype',
  'numpy.core.multiarray._reconstruct',
  'numpy.core.multiarray.scalar',
  'numpy.core.numeric._frombuffer',
  'numpy._core.multiarray._reconstruct',
  'numpy._core.multiarray.scalar',
  'numpy._core.numeric._frombuffer',
  'numpy.ma.core._mareconstruct',
  'numpy.random._pickle.__randomstate_ctor',
  'numpy.random._pickle.__bit_generator_ctor',
  'numpy.random._pickle.__generator_ctor',
  'numpy.random.mtrand.RandomState',
  'numpy.random._mt19937.MT19937',
  'numpy.random._pcg64.PCG64',
  // joblib's placeholder for an array whose bytes follow the pickle record
  'joblib.numpy_pickle.NumpyArrayWrapper',
]);

/** numpy scalar types (numpy.float32…) pickled as classes by dtype(…) and scalar(…). */
const NUMPY_TYPE =
  /^numpy\.(u?int(8|16|32|64)|float(16|32|64|128)|complex(64|128|256)|bool_?|longlong|ulonglong|intc|uintc|longdouble|clongdouble|str_|bytes_|void|datetime64|timedelta64|object_)$/;

/** Double-underscore names that are still plain constructors. */
const DUNDER_OK = new Set(['copyreg.__newobj__', 'copyreg.__newobj_ex__']);

interface DenyRule {
  /** A module (matches it and its submodules) or an exact module.name. */
  match: string;
  why: string;
}

const RUNS = 'runs a shell command or another program';
const CODE = 'runs Python code given as data';
const IMPORTS = 'imports a module named by data';
const ATTR = 'looks up an attribute named by data, which reaches any callable';
const LOADS = 'unpickles more data, which can run code of its own';
const NET = 'opens a network connection';
const FILES = 'reads, writes or deletes files';

/** Modules (and their submodules) and exact names that run code or touch the system. */
const DENIED: DenyRule[] = [
  { match: 'os', why: `gives access to the operating system: it ${RUNS} or ${FILES}` },
  { match: 'posix', why: `is the os module's POSIX core: it ${RUNS} or ${FILES}` },
  { match: 'nt', why: `is the os module's Windows core: it ${RUNS} or ${FILES}` },
  { match: 'subprocess', why: RUNS },
  { match: 'pty', why: RUNS },
  { match: 'popen2', why: RUNS },
  { match: 'platform.popen', why: RUNS },
  { match: 'asyncio', why: `${RUNS} (asyncio.create_subprocess_*) or opens connections` },
  { match: 'multiprocessing', why: 'starts processes that run code' },
  { match: 'concurrent', why: 'starts processes or threads that run code' },
  { match: '_posixsubprocess', why: RUNS },
  { match: 'sys', why: 'changes the interpreter itself (modules, hooks, exit)' },
  { match: 'builtins.eval', why: CODE },
  { match: 'builtins.exec', why: CODE },
  { match: 'builtins.compile', why: 'compiles Python code given as data' },
  { match: 'builtins.getattr', why: ATTR },
  { match: 'builtins.setattr', why: 'sets an attribute named by data, which can replace a method' },
  { match: 'builtins.delattr', why: 'deletes an attribute named by data' },
  { match: 'builtins.__import__', why: IMPORTS },
  { match: 'builtins.open', why: FILES },
  { match: 'builtins.breakpoint', why: 'starts a debugger that runs any command' },
  { match: 'builtins.globals', why: "returns the module's globals, a way to any function" },
  { match: 'builtins.locals', why: 'returns local variables, a way to any function' },
  { match: 'builtins.vars', why: "returns an object's attributes, a way to any function" },
  { match: 'builtins.input', why: 'waits for input on the console' },
  { match: 'builtins.help', why: 'starts the interactive help, which runs a pager' },
  { match: 'builtins.memoryview', why: 'gives raw access to memory' },
  { match: 'importlib', why: IMPORTS },
  { match: 'imp', why: IMPORTS },
  { match: 'pkgutil', why: IMPORTS },
  { match: 'zipimport', why: IMPORTS },
  { match: 'runpy', why: CODE },
  { match: 'code', why: CODE },
  { match: 'codeop', why: 'compiles Python code given as data' },
  { match: 'timeit', why: CODE },
  { match: 'cProfile', why: CODE },
  { match: 'profile', why: CODE },
  { match: 'trace', why: CODE },
  { match: 'doctest', why: CODE },
  { match: 'pdb', why: 'starts a debugger that runs any command' },
  { match: 'bdb', why: 'drives a debugger that runs any command' },
  { match: 'types.FunctionType', why: 'builds a function from code objects in the pickle' },
  { match: 'types.CodeType', why: 'builds a code object from bytecode in the pickle' },
  { match: 'types.LambdaType', why: 'builds a function from code objects in the pickle' },
  { match: 'types.MethodType', why: 'binds a function to an object' },
  { match: 'operator.attrgetter', why: ATTR },
  { match: 'operator.methodcaller', why: 'calls a method named by data, which reaches any callable' },
  { match: 'operator.itemgetter', why: 'builds a lookup named by data; chained with others it reaches any callable' },
  { match: '_operator.attrgetter', why: ATTR },
  { match: '_operator.methodcaller', why: 'calls a method named by data, which reaches any callable' },
  { match: '_operator.itemgetter', why: 'builds a lookup named by data; chained with others it reaches any callable' },
  { match: 'functools.partial', why: 'wraps a call so that it runs later with arguments from the pickle' },
  { match: 'functools.reduce', why: 'calls a function from the pickle on data from the pickle' },
  { match: '_functools', why: 'wraps or repeats calls to functions from the pickle' },
  { match: 'ctypes', why: 'calls native code and writes memory' },
  { match: '_ctypes', why: 'calls native code and writes memory' },
  { match: 'cffi', why: 'calls native code' },
  { match: 'pickle', why: LOADS },
  { match: '_pickle', why: LOADS },
  { match: 'cPickle', why: LOADS },
  { match: 'dill', why: LOADS },
  { match: 'cloudpickle', why: LOADS },
  { match: 'shelve', why: LOADS },
  { match: 'marshal', why: 'loads code objects from bytes in the pickle' },
  { match: 'copyreg.add_extension', why: 'registers a callable behind an extension code, which EXT opcodes then call' },
  { match: 'copyreg._extension_registry', why: 'registers a callable behind an extension code' },
  { match: 'torch.load', why: `${LOADS} (torch.load of a nested checkpoint)` },
  { match: 'torch.serialization.load', why: `${LOADS} (torch.load of a nested checkpoint)` },
  { match: 'torch.serialization._load', why: LOADS },
  { match: 'torch.serialization._legacy_load', why: LOADS },
  { match: 'torch.storage._load_from_bytes', why: `${LOADS}: it calls torch.load on bytes in the pickle` },
  { match: 'torch.jit.load', why: 'loads a TorchScript program from a path or bytes in the pickle' },
  { match: 'torch.hub', why: 'downloads and runs code from the network' },
  { match: 'torch._ops', why: 'calls a registered operator by name' },
  { match: 'torch.ops', why: 'calls a registered operator by name' },
  { match: 'numpy.load', why: `${LOADS} (numpy.load with allow_pickle)` },
  { match: 'numpy.lib.npyio.load', why: `${LOADS} (numpy.load with allow_pickle)` },
  { match: 'numpy.lib._npyio_impl.load', why: `${LOADS} (numpy.load with allow_pickle)` },
  { match: 'numpy.testing', why: 'runs test helpers that execute code' },
  { match: 'numpy.f2py', why: 'compiles and runs native code' },
  { match: 'numpy.distutils', why: 'runs build commands' },
  { match: 'joblib.load', why: LOADS },
  { match: 'joblib.numpy_pickle.load', why: LOADS },
  { match: 'joblib.Parallel', why: 'runs functions from the pickle in worker processes' },
  { match: 'pandas.read_pickle', why: LOADS },
  { match: 'yaml.load', why: 'loads YAML that can build Python objects' },
  { match: 'yaml.unsafe_load', why: 'loads YAML that can build Python objects' },
  { match: 'webbrowser', why: 'opens a web page in a browser' },
  { match: 'socket', why: NET },
  { match: '_socket', why: NET },
  { match: 'ssl', why: NET },
  { match: 'requests', why: NET },
  { match: 'httpx', why: NET },
  { match: 'urllib', why: NET },
  { match: 'urllib2', why: NET },
  { match: 'urllib3', why: NET },
  { match: 'http.client', why: NET },
  { match: 'http.server', why: 'starts a web server' },
  { match: 'httplib', why: NET },
  { match: 'ftplib', why: NET },
  { match: 'smtplib', why: NET },
  { match: 'telnetlib', why: NET },
  { match: 'poplib', why: NET },
  { match: 'imaplib', why: NET },
  { match: 'xmlrpc', why: NET },
  { match: 'socketserver', why: 'starts a network server' },
  { match: 'aiohttp', why: NET },
  { match: 'shutil', why: FILES },
  { match: 'tempfile', why: FILES },
  { match: 'io.open', why: FILES },
  { match: '_io', why: FILES },
  { match: 'io.FileIO', why: FILES },
  { match: 'pathlib.Path.write_text', why: FILES },
  { match: 'fileinput', why: FILES },
  { match: 'glob', why: 'lists files' },
  { match: 'linecache', why: FILES },
  { match: 'signal', why: 'changes signal handlers or signals processes' },
  { match: '_thread', why: 'starts threads that run functions from the pickle' },
  { match: 'threading', why: 'starts threads that run functions from the pickle' },
  { match: 'gc', why: "reaches every live object through the garbage collector's lists" },
  { match: 'inspect', why: 'reaches frames and globals of live code' },
  { match: 'tkinter', why: 'opens windows and runs Tcl code' },
  { match: 'nturl2path', why: FILES },
  { match: 'mailcap', why: `${RUNS} (mailcap.findmatch runs a mailcap entry's test command)` },
  { match: 'pydoc', why: `${RUNS} (pydoc.pipepager)` },
  { match: 'distutils', why: RUNS },
  { match: 'setuptools', why: RUNS },
  { match: 'venv', why: RUNS },
  { match: 'ensurepip', why: RUNS },
];

/** Applies the unpickler's Python 2 renames (done for protocols 0-2; harmless to apply always). */
export function fixImports(module: string, name: string): [string, string] {
  const renamed = NAME_MAPPING[`${module} ${name}`];
  if (renamed) return [renamed[0], renamed[1]];
  if (module === 'exceptions') return ['builtins', name];
  return [IMPORT_MAPPING[module] ?? module, name];
}

function denied(full: string): DenyRule | undefined {
  // Longest match first would only matter for overlapping rules; none overlap with different verdicts.
  return DENIED.find((r) => full === r.match || full.startsWith(`${r.match}.`));
}

/** Judges one imported callable, `module` + `name` after fixImports. */
export function judge(module: string, name: string, ctx: ScanContext = {}): Judgement {
  const full = `${module}.${name}`;
  if (ALLOWED.has(full) || NUMPY_TYPE.test(full)) return { severity: 'safe', why: '' };
  const rule = denied(full);
  if (rule) return { severity: 'dangerous', why: `${full} ${rule.why}.` };
  // Protocol 4 resolves a dotted name attribute by attribute, so numpy + core._internal.sys.modules
  // reaches sys through a module that imported it: judge every tail of the attribute path too.
  const path = name.split('.');
  for (let i = 0; i < path.length - 1; i++) {
    const tail = denied(path.slice(i).join('.'));
    if (tail) return { severity: 'dangerous', why: `${full} reaches ${tail.match} through ${module}: it ${tail.why}.` };
  }
  // A dotted name through a dunder reaches internals:
  // OrderedDict.__init__.__globals__ is the collections module's globals, and from there anything.
  if (full.split('.').some((p) => /^__.+__$/.test(p)) && !DUNDER_OK.has(full) && !full.startsWith('__torch__.')) {
    return { severity: 'dangerous', why: `${full} reaches an internal attribute of a Python object, a way to any callable.` };
  }
  if (module.startsWith('sklearn.') && !name.includes('.') && SKLEARN_CLASSES.has(name)) return { severity: 'safe', why: '' };
  if (ctx.torchscript && module.startsWith('__torch__') && !name.includes('__')) return { severity: 'safe', why: '' };
  return { severity: 'unknown', why: `${full} is not on the list of callables known to only rebuild data; it may run code when loaded.` };
}
