// The values of the symbolic pickle machine: what an unpickler would build, as descriptions rather
// than objects. A call is recorded (callable, arguments, where) and never made; constants are kept
// so that names, shell commands and tensor shapes can be read back statically.
import type { Judgement } from './allow-list';
import type { PickleBytes } from './disassemble';

/** Where a callable entered the pickle: an import opcode, or a getattr/EXT that named one. */
export interface ImportSite {
  module: string;
  name: string;
  /** module.name after the Python 2 renames. */
  full: string;
  opcode: string;
  offset: number;
  judgement: Judgement;
  /** The finding raised for it (dangerous or unknown), to attach the arguments of its first call. */
  finding: { args?: string } | null;
}

export interface CallSym {
  t: 'call';
  fn: Sym;
  args: Sym;
  kwargs: Sym | null;
  opcode: string;
  offset: number;
  /** BUILD's state (the last one), SETITEMS' entries and APPENDS' items applied to the result. */
  state: Sym | null;
  entries: Array<[Sym, Sym]>;
  items: Sym[];
  /** Set by readers for joblib's NumpyArrayWrapper: where the array's bytes are in the file. */
  array?: { dtype: string; shape: number[]; bytes: number; offset: number };
  /** An attribute BUILD set on the object (via its state dict), e.g. an injected __setstate__. */
  attrs?: Map<string, Sym>;
}

export type Sym =
  | { t: 'const'; v: string | number | bigint | boolean | null; folded?: string }
  | { t: 'bytes'; b: PickleBytes; bytearray: boolean }
  | { t: 'text'; length: number }
  | { t: 'tuple'; items: Sym[] }
  | { t: 'list'; items: Sym[]; more: number }
  | { t: 'dict'; entries: Array<[Sym, Sym]>; more: number }
  | { t: 'set'; items: Sym[]; frozen: boolean; more: number }
  | { t: 'global'; imp: ImportSite }
  | { t: 'module'; module: string }
  | CallSym
  | { t: 'persid'; pid: Sym; offset: number }
  | { t: 'opaque'; what: string };

/** Containers keep at most this many items; a bigger list is counted, not held. */
export const MAX_ITEMS = 100_000;

const MAX_RENDER = 200;

function pyStr(s: string): string {
  const body = s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return `'${body}'`;
}

/** A Python-like rendering for findings: `('rm -rf /', 1)`, `os.system`, `b'…' (300 bytes)`. */
export function render(sym: Sym, depth = 0): string {
  if (depth > 4) return '…';
  switch (sym.t) {
    case 'const': {
      const v = sym.v;
      if (v === null) return 'None';
      if (typeof v === 'boolean') return v ? 'True' : 'False';
      if (typeof v === 'string') return pyStr(v.length > MAX_RENDER ? `${v.slice(0, MAX_RENDER)}…` : v);
      return String(v);
    }
    case 'bytes': {
      const d = sym.b.data;
      const shown = d
        ? d
            .subarray(0, 24)
            .toString('latin1')
            .replace(/[^\x20-\x7e]/g, '.')
        : '';
      return `b'${shown}${sym.b.length > 24 || !d ? '…' : ''}' (${sym.b.length} bytes)`;
    }
    case 'text':
      return `<text of ${sym.length} bytes>`;
    case 'tuple': {
      const inner = sym.items.slice(0, 8).map((s) => render(s, depth + 1));
      if (sym.items.length > 8) inner.push('…');
      return `(${inner.join(', ')}${sym.items.length === 1 ? ',' : ''})`;
    }
    case 'list':
      return `[${sym.items
        .slice(0, 8)
        .map((s) => render(s, depth + 1))
        .join(', ')}${sym.items.length > 8 || sym.more ? ', …' : ''}]`;
    case 'set':
      return `{${sym.items
        .slice(0, 8)
        .map((s) => render(s, depth + 1))
        .join(', ')}}`;
    case 'dict':
      return `{${sym.entries
        .slice(0, 6)
        .map(([k, v]) => `${render(k, depth + 1)}: ${render(v, depth + 1)}`)
        .join(', ')}${sym.entries.length > 6 || sym.more ? ', …' : ''}}`;
    case 'global':
      return sym.imp.full;
    case 'module':
      return `<module ${sym.module}>`;
    case 'call': {
      const a = sym.args.t === 'tuple' ? render(sym.args, depth + 1).replace(/,\)$/, ')') : `(*${render(sym.args, depth + 1)})`;
      return `${render(sym.fn, depth + 1)}${a}`;
    }
    case 'persid':
      return `persistent_load(${render(sym.pid, depth + 1)})`;
    case 'opaque':
      return `<${sym.what}>`;
  }
}

/** Arguments as shown in a finding: the tuple's items, truncated. */
export function renderArgs(args: Sym): string {
  const s = args.t === 'tuple' ? args.items.map((a) => render(a)).join(', ') : render(args);
  return s.length > MAX_RENDER ? `${s.slice(0, MAX_RENDER)}…` : s;
}

export function constString(sym: Sym | undefined): string | null {
  return sym?.t === 'const' && typeof sym.v === 'string' ? sym.v : null;
}

export function constInt(sym: Sym | undefined): number | null {
  return sym?.t === 'const' && typeof sym.v === 'number' && Number.isInteger(sym.v) ? sym.v : null;
}

/** The module.name a callable symbol stands for, or null when it is computed. */
export function callableName(sym: Sym): string | null {
  return sym.t === 'global' ? sym.imp.full : null;
}
