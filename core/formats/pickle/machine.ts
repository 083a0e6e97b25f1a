// The pickle VM run on symbols: the stack, marks and memo are tracked exactly as the unpickler
// would (Lib/pickle.py's load_* methods), but an import only records a name and a call only
// records what would be called with what. This resolves what a plain scanner misses: a
// STACK_GLOBAL whose strings come from the memo, a name computed by a call, getattr chains, an
// EXT code registered by copyreg.add_extension, an injected __setstate__ run by BUILD.
import type { ScanFinding } from '../../../shared/formats/types';
import { PickleError } from './byte-input';
import { fixImports, judge, type ScanContext } from './allow-list';
import type { PickleBytes, PickleOp } from './disassemble';
import { OPCODES } from './opcodes';
import { MAX_ITEMS, constString, render, renderArgs, type CallSym, type ImportSite, type Sym } from './symbols';

/** Memo entries kept; past this a GET yields an unknown value (flagged if it is used as a name). */
const MAX_MEMO = 4_000_000;
const MAX_STACK = 4_000_000;

/** Callables that unpickle bytes they are given: their argument is scanned as a nested pickle. */
const LOADERS = new Set([
  'pickle.loads',
  'pickle._loads',
  '_pickle.loads',
  'dill.loads',
  'dill._dill.loads',
  'cloudpickle.loads',
  'torch.storage._load_from_bytes',
  'torch.load',
  'torch.serialization.load',
  'numpy.load',
  'joblib.load',
  'marshal.loads',
]);

export interface MachineHooks {
  /** Scans bytes a loader call would unpickle; returns its findings (labelled by the caller). */
  nested?: (data: Buffer, label: string) => ScanFinding[];
  /** After every BUILD, with the object built: joblib's NumpyArrayWrapper reads array bytes here. */
  afterBuild?: (obj: Sym, offset: number) => void;
}

export class PickleMachine {
  protocol = 0;
  opcodes = 0;
  readonly globals: string[] = [];
  readonly findings: ScanFinding[] = [];
  readonly persids: Array<{ pid: Sym; offset: number }> = [];
  result: Sym | null = null;

  private readonly stack: Sym[] = [];
  private readonly marks: number[] = [];
  private readonly memo = new Map<number, Sym>();
  private memoDropped = false;
  private readonly seenGlobals = new Set<string>();
  /** Attributes BUILD set on imported objects themselves (module.name → attribute → value). */
  private readonly patched = new Map<string, Map<string, Sym>>();
  /** copyreg.add_extension calls seen in this pickle: code → [module, name]. */
  private readonly extensions = new Map<number, [string, string]>();

  constructor(
    private readonly pickle: string,
    private readonly ctx: ScanContext = {},
    private readonly hooks: MachineHooks = {},
  ) {}

  private finding(f: Omit<ScanFinding, 'pickle'>): ScanFinding {
    const existing = this.findings.find((x) => x.offset === f.offset && x.call === f.call && x.opcode === f.opcode);
    if (existing) return existing;
    const full: ScanFinding = { ...f, pickle: this.pickle };
    this.findings.push(full);
    return full;
  }

  private pop(at: number, op: string): Sym {
    const floor = this.marks.length ? this.marks[this.marks.length - 1]! : 0;
    if (this.stack.length <= floor) throw new PickleError(at, `${op} finds the stack empty`);
    return this.stack.pop()!;
  }

  private top(at: number, op: string): Sym {
    const floor = this.marks.length ? this.marks[this.marks.length - 1]! : 0;
    if (this.stack.length <= floor) throw new PickleError(at, `${op} finds the stack empty`);
    return this.stack[this.stack.length - 1]!;
  }

  private push(s: Sym, at: number): void {
    if (this.stack.length >= MAX_STACK) throw new PickleError(at, `the stack grows past ${MAX_STACK} items`);
    this.stack.push(s);
  }

  /** Items since the last MARK, removing the mark (pickle's pop_mark). */
  private popMark(at: number, op: string): Sym[] {
    const m = this.marks.pop();
    if (m === undefined) throw new PickleError(at, `${op} has no MARK before it`);
    return this.stack.splice(m);
  }

  private memoPut(key: number, at: number, op: string): void {
    if (key < 0) throw new PickleError(at, `${op} uses a negative memo key`);
    const v = this.top(at, op);
    if (this.memo.size >= MAX_MEMO && !this.memo.has(key)) {
      this.memoDropped = true;
      return;
    }
    this.memo.set(key, v);
  }

  private memoGet(key: number, at: number, op: string): Sym {
    const v = this.memo.get(key);
    if (v) return v;
    if (this.memoDropped) return { t: 'opaque', what: 'a memo entry past the scan limit' };
    throw new PickleError(at, `${op} reads memo key ${key}, which was never written`);
  }

  /** An import by GLOBAL / STACK_GLOBAL / INST / EXT / getattr: judged, recorded, flagged. */
  private importName(module: string, name: string, opcode: string, offset: number, computed?: string): Sym {
    const [m, n] = fixImports(module, name);
    const full = `${m}.${n}`;
    // An attribute an earlier BUILD put on an imported object reads back as that value (modelscan #85).
    const dot = n.lastIndexOf('.');
    const patchedValue = dot > 0 ? this.patched.get(`${m}.${n.slice(0, dot)}`)?.get(n.slice(dot + 1)) : undefined;
    if (patchedValue) {
      this.finding({
        severity: 'dangerous',
        call: full,
        opcode,
        offset,
        why: `${opcode} reads ${full}, an attribute the pickle itself set with BUILD: a way to smuggle a value past a name check.`,
      });
      return patchedValue.t === 'const' && typeof patchedValue.v === 'string'
        ? { t: 'const', v: patchedValue.v, folded: `${full}, set by BUILD` }
        : patchedValue;
    }
    const judgement = judge(m, n, this.ctx);
    if (!this.seenGlobals.has(full)) {
      this.seenGlobals.add(full);
      this.globals.push(full);
    }
    const imp: ImportSite = { module: m, name: n, full, opcode, offset, judgement, finding: null };
    if (computed) {
      imp.finding = this.finding({
        severity: 'dangerous',
        call: full,
        opcode,
        offset,
        why: `The name ${full} is computed inside the pickle (${computed}) rather than written out, a way to hide what it imports${judgement.why ? `; ${judgement.why}` : '.'}`,
      });
    } else if (judgement.severity !== 'safe') {
      imp.finding = this.finding({ severity: judgement.severity, call: full, opcode, offset, why: judgement.why });
    }
    return { t: 'global', imp };
  }

  /** A call the unpickler would make (REDUCE, NEWOBJ, OBJ, INST, BUILD's __setstate__): recorded, not made. */
  private invoke(fn: Sym, args: Sym, kwargs: Sym | null, opcode: string, offset: number): Sym {
    const call: CallSym = { t: 'call', fn, args, kwargs, opcode, offset, state: null, entries: [], items: [] };
    if (fn.t !== 'global') {
      if (fn.t === 'call' && fn.fn.t === 'global' && ['operator.attrgetter', '_operator.attrgetter'].includes(fn.fn.imp.full)) {
        const attr = argString(fn.args, 0);
        const target = args.t === 'tuple' ? args.items[0] : undefined;
        if (attr && target) return this.getattr(target, attr, opcode, offset) ?? call;
      }
      this.finding({
        severity: 'dangerous',
        call: fn.t === 'call' ? `${render(fn.fn)}(…)` : render(fn),
        opcode,
        offset,
        why: `${opcode} calls an object that was itself built inside the pickle (${render(fn).slice(0, 120)}), so what runs is hidden from a name check.`,
        args: renderArgs(args),
      });
      return call;
    }
    const imp = fn.imp;
    if (imp.finding && imp.finding.args === undefined) imp.finding.args = renderArgs(args);
    const a = args.t === 'tuple' ? args.items : [];
    switch (imp.full) {
      case 'builtins.getattr': {
        const attr = constString(a[1]);
        if (a[0] && attr) return this.getattr(a[0], attr, opcode, offset) ?? call;
        return call;
      }
      case 'builtins.__import__': {
        const m = constString(a[0]);
        // __import__('os.path') returns os unless a fromlist is given.
        const fromlist = a[3];
        const wantsLeaf =
          fromlist && !(fromlist.t === 'const' && fromlist.v === null) && !(fromlist.t === 'tuple' && fromlist.items.length === 0);
        if (m) return { t: 'module', module: wantsLeaf ? m : m.split('.')[0]! };
        return call;
      }
      case 'importlib.import_module': {
        const m = constString(a[0]);
        return m ? { t: 'module', module: m } : call;
      }
      case 'copyreg.add_extension': {
        const m = constString(a[0]);
        const n = constString(a[1]);
        const code = a[2]?.t === 'const' && typeof a[2].v === 'number' ? a[2].v : null;
        if (m && n && code !== null) this.extensions.set(code, [m, n]);
        return call;
      }
      case '_codecs.encode':
      case '_codecs.decode':
      case 'codecs.encode':
      case 'codecs.decode': {
        const s = constString(a[0]);
        const enc = constString(a[1])?.toLowerCase().replace(/-/g, '_');
        if (s !== null && (enc === 'rot13' || enc === 'rot_13'))
          return { t: 'const', v: rot13(s), folded: `${imp.full}(${render(a[0]!)}, 'rot13')` };
        return call;
      }
      case 'operator.add':
      case 'operator.concat':
      case '_operator.add':
      case '_operator.concat': {
        const x = constString(a[0]);
        const y = constString(a[1]);
        if (x !== null && y !== null) return { t: 'const', v: x + y, folded: `${imp.full}(${render(a[0]!)}, ${render(a[1]!)})` };
        return call;
      }
      case 'builtins.str':
        if (a.length === 1 && constString(a[0]) !== null) return a[0]!;
        return call;
      case 'builtins.str.join': {
        const sep = constString(a[0]);
        const parts = a[1]?.t === 'list' || a[1]?.t === 'tuple' ? a[1].items.map((x) => constString(x)) : null;
        if (sep !== null && parts && parts.every((x) => x !== null)) {
          return { t: 'const', v: parts.join(sep), folded: `str.join(${render(a[0]!)}, ${render(a[1]!)})` };
        }
        return call;
      }
    }
    if (LOADERS.has(imp.full) && this.hooks.nested) {
      const data = nestedBytes(a[0]);
      if (data) {
        const label = `${this.pickle} › ${imp.full} argument at ${data.offset}`;
        if (data.data) for (const f of this.hooks.nested(data.data, label)) this.findings.push(f);
      }
    }
    return call;
  }

  /** getattr(target, attr) statically: a module or a global plus an attribute names a new callable. */
  private getattr(target: Sym, attr: string, opcode: string, offset: number): Sym | null {
    if (target.t === 'module') return this.importName(target.module, attr, opcode, offset);
    if (target.t === 'global') return this.importName(target.imp.module, `${target.imp.name}.${attr}`, opcode, offset);
    return null;
  }

  private stackGlobal(op: PickleOp): Sym {
    const name = this.pop(op.offset, op.op);
    const module = this.pop(op.offset, op.op);
    const m = constString(module);
    const n = constString(name);
    if (m !== null && n !== null) {
      const folded = [module, name].flatMap((s) => (s.t === 'const' && s.folded ? [s.folded] : []));
      return this.importName(m, n, op.op, op.offset, folded.length ? folded.join(' and ') : undefined);
    }
    const computed = (s: Sym) => s.t === 'call' || s.t === 'opaque' || s.t === 'persid' || s.t === 'global' || s.t === 'module';
    if (computed(module) || computed(name)) {
      const shown = `${m ?? render(module)}.${n ?? render(name)}`;
      this.finding({
        severity: 'dangerous',
        call: shown.length > 160 ? `${shown.slice(0, 160)}…` : shown,
        opcode: op.op,
        offset: op.offset,
        why: 'STACK_GLOBAL imports a name computed inside the pickle by a call, which a static scan cannot read: a way to hide what it imports.',
      });
      return { t: 'opaque', what: `computed import ${shown}` };
    }
    throw new PickleError(op.offset, 'STACK_GLOBAL requires two strings (module and name)');
  }

  private ext(op: PickleOp): Sym {
    const code = op.arg as number;
    const reg = this.extensions.get(code);
    if (reg) return this.importName(reg[0], reg[1], op.op, op.offset);
    const imp: ImportSite = {
      module: 'copyreg._extension_registry',
      name: String(code),
      full: `extension code ${code}`,
      opcode: op.op,
      offset: op.offset,
      judgement: { severity: 'dangerous', why: '' },
      finding: null,
    };
    imp.finding = this.finding({
      severity: 'dangerous',
      call: `extension code ${code}`,
      opcode: op.op,
      offset: op.offset,
      why: `${op.op} calls whatever the loading process registered under extension code ${code} (copyreg.add_extension); the pickle does not say what it is.`,
    });
    return { t: 'global', imp };
  }

  private build(op: PickleOp): void {
    const state = this.pop(op.offset, op.op);
    const obj = this.top(op.offset, op.op);
    // An attribute set by an earlier BUILD wins over the class's own __setstate__ (load_build looks it up on the instance).
    const injected = obj.t === 'call' ? obj.attrs?.get('__setstate__') : undefined;
    if (injected) {
      this.invoke(injected, { t: 'tuple', items: [state] }, null, op.op, op.offset);
    }
    const dicts: Sym[] = [];
    if (state.t === 'dict') dicts.push(state);
    if (state.t === 'tuple' && state.items.length === 2) dicts.push(...state.items.filter((s) => s.t === 'dict'));
    for (const d of dicts) {
      if (d.t !== 'dict') continue;
      for (const [k, v] of d.entries) {
        const key = constString(k);
        if (key === null || !/^__.+__$/.test(key)) continue;
        if (obj.t === 'call') (obj.attrs ??= new Map()).set(key, v);
        this.finding({
          severity: 'dangerous',
          call: v.t === 'global' ? v.imp.full : `${key} = ${render(v).slice(0, 80)}`,
          opcode: op.op,
          offset: op.offset,
          why: `BUILD sets the object's ${key} attribute from the pickle${key === '__setstate__' ? ', so the next BUILD on it calls that instead of the class method' : ', which changes how Python treats the object'}.`,
        });
      }
    }
    if (obj.t === 'global') {
      // Pickles BUILD instances they create; BUILD on an imported function, class or module changes
      // it for the whole process (and is how modelscan #85 hides "os" and "system" as attributes).
      const attrs = this.patched.get(obj.imp.full) ?? new Map<string, Sym>();
      this.patched.set(obj.imp.full, attrs);
      for (const d of [state, ...(state.t === 'tuple' ? state.items : [])]) {
        if (d.t === 'dict') for (const [k, v] of d.entries) if (constString(k) !== null) attrs.set(constString(k)!, v);
      }
      this.finding({
        severity: 'dangerous',
        call: obj.imp.full,
        opcode: op.op,
        offset: op.offset,
        why: `BUILD sets attributes on ${obj.imp.full} itself, an imported function, class or module, which changes it for the whole process.`,
        args: render(state).slice(0, 200),
      });
    }
    if (obj.t === 'call') obj.state = state;
    this.hooks.afterBuild?.(obj, op.offset);
  }

  private appendTo(target: Sym, items: Sym[]): void {
    if (target.t === 'list') {
      const room = Math.max(0, MAX_ITEMS - target.items.length);
      for (let i = 0; i < Math.min(room, items.length); i++) target.items.push(items[i]!);
      target.more += Math.max(0, items.length - room);
    } else if (target.t === 'call' && target.items.length < MAX_ITEMS)
      target.items.push(...items.slice(0, MAX_ITEMS - target.items.length));
  }

  private setItems(target: Sym, flat: Sym[], at: number, op: string): void {
    if (flat.length % 2) throw new PickleError(at, `${op} has an odd number of items`);
    const list = target.t === 'dict' ? target.entries : target.t === 'call' ? target.entries : null;
    if (!list) return;
    for (let i = 0; i < flat.length; i += 2) {
      if (list.length < MAX_ITEMS) list.push([flat[i]!, flat[i + 1]!]);
      else if (target.t === 'dict') target.more++;
    }
  }

  /** Runs one opcode on the symbolic stack; throws PickleError where the unpickler would fail. */
  step(op: PickleOp): void {
    this.opcodes++;
    // As pickletools reports it: the PROTO header, or the newest opcode used (protocol 1 has no header).
    const introduced = OPCODES[op.code]?.proto ?? 0;
    if (introduced > this.protocol) this.protocol = introduced;
    const at = op.offset;
    const name = op.op;
    const arg = op.arg;
    switch (name) {
      case 'PROTO':
        this.protocol = Math.max(this.protocol, arg as number);
        return;
      case 'FRAME':
        return;
      case 'STOP':
        this.result = this.pop(at, name);
        return;
      case 'INT':
      case 'BININT':
      case 'BININT1':
      case 'BININT2':
      case 'LONG':
      case 'LONG1':
      case 'LONG4':
      case 'FLOAT':
      case 'BINFLOAT':
      case 'STRING':
      case 'BINSTRING':
      case 'SHORT_BINSTRING':
      case 'UNICODE':
      case 'SHORT_BINUNICODE':
      case 'BINUNICODE':
      case 'BINUNICODE8':
        if (arg !== null && typeof arg === 'object' && !Array.isArray(arg) && 'kind' in arg)
          this.push({ t: 'text', length: arg.length }, at);
        else this.push({ t: 'const', v: arg as string | number | bigint | boolean }, at);
        return;
      case 'BINBYTES':
      case 'SHORT_BINBYTES':
      case 'BINBYTES8':
      case 'BYTEARRAY8':
        this.push({ t: 'bytes', b: arg as PickleBytes, bytearray: name === 'BYTEARRAY8' }, at);
        return;
      case 'NONE':
        this.push({ t: 'const', v: null }, at);
        return;
      case 'NEWTRUE':
      case 'NEWFALSE':
        this.push({ t: 'const', v: name === 'NEWTRUE' }, at);
        return;
      case 'NEXT_BUFFER':
        this.push({ t: 'opaque', what: 'out-of-band buffer' }, at);
        return;
      case 'READONLY_BUFFER':
        this.top(at, name);
        return;
      case 'EMPTY_LIST':
        this.push({ t: 'list', items: [], more: 0 }, at);
        return;
      case 'EMPTY_TUPLE':
        this.push({ t: 'tuple', items: [] }, at);
        return;
      case 'EMPTY_DICT':
        this.push({ t: 'dict', entries: [], more: 0 }, at);
        return;
      case 'EMPTY_SET':
        this.push({ t: 'set', items: [], frozen: false, more: 0 }, at);
        return;
      case 'LIST': {
        const items = this.popMark(at, name);
        this.push({ t: 'list', items: items.slice(0, MAX_ITEMS), more: Math.max(0, items.length - MAX_ITEMS) }, at);
        return;
      }
      case 'TUPLE':
        this.push({ t: 'tuple', items: this.popMark(at, name) }, at);
        return;
      case 'TUPLE1':
      case 'TUPLE2':
      case 'TUPLE3': {
        const n = Number(name.slice(5));
        const items: Sym[] = [];
        for (let i = 0; i < n; i++) items.unshift(this.pop(at, name));
        this.push({ t: 'tuple', items }, at);
        return;
      }
      case 'DICT': {
        const flat = this.popMark(at, name);
        const d: Sym = { t: 'dict', entries: [], more: 0 };
        this.setItems(d, flat, at, name);
        this.push(d, at);
        return;
      }
      case 'FROZENSET': {
        const items = this.popMark(at, name);
        this.push({ t: 'set', items: items.slice(0, MAX_ITEMS), frozen: true, more: Math.max(0, items.length - MAX_ITEMS) }, at);
        return;
      }
      case 'APPEND': {
        const v = this.pop(at, name);
        this.appendTo(this.top(at, name), [v]);
        return;
      }
      case 'APPENDS': {
        const items = this.popMark(at, name);
        this.appendTo(this.top(at, name), items);
        return;
      }
      case 'ADDITEMS': {
        const items = this.popMark(at, name);
        const s = this.top(at, name);
        if (s.t === 'set') s.items.push(...items.slice(0, Math.max(0, MAX_ITEMS - s.items.length)));
        return;
      }
      case 'SETITEM': {
        const v = this.pop(at, name);
        const k = this.pop(at, name);
        this.setItems(this.top(at, name), [k, v], at, name);
        return;
      }
      case 'SETITEMS': {
        const flat = this.popMark(at, name);
        this.setItems(this.top(at, name), flat, at, name);
        return;
      }
      case 'POP':
        // POP right after a MARK discards the mark (pickle.py's load_pop).
        if (this.marks.length && this.marks[this.marks.length - 1] === this.stack.length) this.marks.pop();
        else this.pop(at, name);
        return;
      case 'DUP':
        this.push(this.top(at, name), at);
        return;
      case 'MARK':
        this.marks.push(this.stack.length);
        return;
      case 'POP_MARK':
        this.popMark(at, name);
        return;
      case 'GET':
      case 'BINGET':
      case 'LONG_BINGET':
        this.push(this.memoGet(Number(arg), at, name), at);
        return;
      case 'PUT':
      case 'BINPUT':
      case 'LONG_BINPUT':
        this.memoPut(Number(arg), at, name);
        return;
      case 'MEMOIZE':
        this.memoPut(this.memo.size, at, name);
        return;
      case 'GLOBAL': {
        const [m, n] = arg as readonly [string, string];
        this.push(this.importName(m, n, name, at), at);
        return;
      }
      case 'STACK_GLOBAL':
        this.push(this.stackGlobal(op), at);
        return;
      case 'EXT1':
      case 'EXT2':
      case 'EXT4':
        this.push(this.ext(op), at);
        return;
      case 'REDUCE': {
        const args = this.pop(at, name);
        const fn = this.pop(at, name);
        this.push(this.invoke(fn, args, null, name, at), at);
        return;
      }
      case 'NEWOBJ': {
        const args = this.pop(at, name);
        const cls = this.pop(at, name);
        this.push(this.invoke(cls, args, null, name, at), at);
        return;
      }
      case 'NEWOBJ_EX': {
        const kwargs = this.pop(at, name);
        const args = this.pop(at, name);
        const cls = this.pop(at, name);
        this.push(this.invoke(cls, args, kwargs, name, at), at);
        return;
      }
      case 'OBJ': {
        const items = this.popMark(at, name);
        const cls = items.shift();
        if (!cls) throw new PickleError(at, 'OBJ has no class after its MARK');
        this.push(this.invoke(cls, { t: 'tuple', items }, null, name, at), at);
        return;
      }
      case 'INST': {
        const [m, n] = arg as readonly [string, string];
        const items = this.popMark(at, name);
        const cls = this.importName(m, n, name, at);
        this.push(this.invoke(cls, { t: 'tuple', items }, null, name, at), at);
        return;
      }
      case 'BUILD':
        this.build(op);
        return;
      case 'PERSID':
      case 'BINPERSID': {
        const pid: Sym = name === 'PERSID' ? { t: 'const', v: arg as string } : this.pop(at, name);
        this.persids.push({ pid, offset: at });
        this.push({ t: 'persid', pid, offset: at }, at);
        return;
      }
      default:
        throw new PickleError(at, `opcode ${name} is not handled`);
    }
  }
}

function argString(args: Sym, i: number): string | null {
  return args.t === 'tuple' ? constString(args.items[i]) : null;
}

function rot13(s: string): string {
  return s.replace(/[a-zA-Z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/** The bytes a loader call would read: a bytes argument, or io.BytesIO(bytes). */
function nestedBytes(arg: Sym | undefined): PickleBytes | null {
  if (!arg) return null;
  if (arg.t === 'bytes') return arg.b;
  if (arg.t === 'call' && arg.args.t === 'tuple') return nestedBytes(arg.args.items[0]);
  return null;
}
