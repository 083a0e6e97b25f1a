// The baseline: what a plain pickle scanner does (picklescan's approach), kept only to measure
// the symbolic scan against it in tests. It reads GLOBAL's names, and for STACK_GLOBAL the two
// string literals written just before it (memo writes skipped); names that come from the memo, from
// a call, from INST or EXT are not seen.
import type { ScanVerdict } from '../../../shared/formats/types';
import { fixImports, judge, type ScanContext } from './allow-list';
import { ByteInput, PickleError } from './byte-input';
import { genops, type PickleOp } from './disassemble';

export interface NaiveFinding {
  call: string;
  offset: number;
  severity: 'dangerous' | 'unknown';
}

export interface NaiveScan {
  verdict: ScanVerdict;
  globals: string[];
  findings: NaiveFinding[];
}

const STRING_OPS = new Set(['SHORT_BINUNICODE', 'BINUNICODE', 'BINUNICODE8', 'UNICODE', 'STRING', 'BINSTRING', 'SHORT_BINSTRING']);
const MEMO_WRITES = new Set(['MEMOIZE', 'PUT', 'BINPUT', 'LONG_BINPUT']);

export function naiveScan(bytes: Buffer, ctx: ScanContext = {}): NaiveScan {
  const input = ByteInput.fromBuffer(bytes);
  const globals: Array<{ module: string; name: string; offset: number }> = [];
  try {
    while (input.remaining > 0) {
      const ops: PickleOp[] = [];
      for (const op of genops(input)) {
        ops.push(op);
        if (op.op === 'GLOBAL') {
          const [m, n] = op.arg as readonly [string, string];
          globals.push({ module: m, name: n, offset: op.offset });
        } else if (op.op === 'STACK_GLOBAL') {
          const strings: string[] = [];
          for (let i = ops.length - 2; i >= 0 && strings.length < 2; i--) {
            const prev = ops[i]!;
            if (MEMO_WRITES.has(prev.op)) continue;
            if (!STRING_OPS.has(prev.op) || typeof prev.arg !== 'string') break;
            strings.unshift(prev.arg);
          }
          if (strings.length === 2) globals.push({ module: strings[0]!, name: strings[1]!, offset: op.offset });
        }
      }
    }
  } catch (err) {
    // A plain scanner reports what it found before the error.
    if (!(err instanceof PickleError)) throw err;
  }
  const findings: NaiveFinding[] = [];
  for (const g of globals) {
    // The same list, with the unpickler's Python 2 renames (otherwise __builtin__.set looks unknown).
    const j = judge(...fixImports(g.module, g.name), ctx);
    if (j.severity !== 'safe') findings.push({ call: `${g.module}.${g.name}`, offset: g.offset, severity: j.severity });
  }
  const verdict: ScanVerdict = findings.some((f) => f.severity === 'dangerous') ? 'dangerous' : findings.length ? 'unknown' : 'safe';
  return { verdict, globals: [...new Set(globals.map((g) => `${g.module}.${g.name}`))], findings };
}
