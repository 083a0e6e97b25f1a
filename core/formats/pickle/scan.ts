// The static security scan of a pickle stream: disassemble, run the symbolic machine, collect
// findings. Handles what real loaders read from one stream: several pickles back to back (torch's
// legacy format: magic, protocol, sys_info, data, storage keys, then raw storages, which are never
// read), and joblib's arrays, whose bytes sit between pickle records right after a BUILD.
import type { PickleInfo, ScanFinding, ScanReport, ScanVerdict } from '../../../shared/formats/types';
import type { FileSource } from '../../onnx/file-source';
import type { ScanContext } from './allow-list';
import { ByteInput, PickleError } from './byte-input';
import { genops } from './disassemble';
import { PickleMachine } from './machine';
import { readDtype } from './numpy-dtype';
import { constInt, constString, type CallSym, type Sym } from './symbols';

/** torch.serialization.MAGIC_NUMBER: the first pickle of a legacy (non-zip) torch.save file. */
export const TORCH_LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
/** Opcodes scanned per stream; past this the rest is reported as not checked. */
export const MAX_OPCODES = 50_000_000;
const MAX_NESTING = 4;

export interface ScanOptions {
  ctx?: ScanContext;
  depth?: number;
  /** Scans a zip archive found as bytes inside a pickle (torch.load of a nested checkpoint). */
  nestedZip?: (data: Buffer, label: string, depth: number) => ScanFinding[];
}

export interface StreamScan {
  info: PickleInfo;
  findings: ScanFinding[];
  /** The value each pickle of the stream builds, in order. */
  results: Sym[];
  /** Every persistent id (torch storages), in order. */
  persids: Array<{ pid: Sym; offset: number }>;
  /** Where reading stopped: after the last pickle (legacy torch: where the storages start). */
  end: number;
  legacyTorch: boolean;
  malformed: boolean;
  /** joblib NumpyArrayWrapper objects whose array bytes were located. */
  arrays: CallSym[];
  /** Bytes after the last pickle that are no pickle (pickle.load never reads them). */
  trailing: number;
}

function malformedFinding(pickle: string, e: PickleError): ScanFinding {
  return {
    severity: 'unknown',
    call: e.truncated ? 'truncated pickle' : 'malformed pickle',
    opcode: e.truncated ? 'TRUNCATED' : 'MALFORMED',
    offset: e.offset,
    pickle,
    why: `unknown: the pickle is malformed at offset ${e.offset} (${e.message}); nothing after that point was checked.`,
  };
}

function isMagic(sym: Sym | undefined): boolean {
  return sym?.t === 'const' && (sym.v === TORCH_LEGACY_MAGIC || (typeof sym.v === 'number' && BigInt(sym.v) === TORCH_LEGACY_MAGIC));
}

/** Scans every pickle in `input` from its position. Never throws for bad input: that is a finding. */
export function scanStream(input: ByteInput, name: string, opts: ScanOptions = {}): StreamScan {
  const start = input.pos;
  const depth = opts.depth ?? 0;
  const out: StreamScan = {
    info: { name, protocol: 0, opcodes: 0, bytes: 0, globals: [] },
    findings: [],
    results: [],
    persids: [],
    end: start,
    legacyTorch: false,
    malformed: false,
    arrays: [],
    trailing: 0,
  };
  const nested = (data: Buffer, label: string): ScanFinding[] => {
    if (depth >= MAX_NESTING) return [];
    if (data.length >= 4 && data.readUInt32LE(0) === 0x04034b50) return opts.nestedZip?.(data, label, depth + 1) ?? [];
    const inner = scanStream(ByteInput.fromBuffer(data), label, { ...opts, depth: depth + 1 });
    return inner.findings;
  };

  const runOne = (label: string, record = true): Sym | null => {
    const machine = new PickleMachine(label, opts.ctx, {
      nested,
      afterBuild: (obj) => joblibArray(obj, input, label, out, runOne),
    });
    try {
      for (const op of genops(input)) {
        machine.step(op);
        if (out.info.opcodes + machine.opcodes > MAX_OPCODES) {
          throw new PickleError(op.offset, `the stream has more than ${MAX_OPCODES} opcodes, past the scan limit`);
        }
      }
    } catch (err) {
      if (!(err instanceof PickleError)) throw err;
      // A nested object-array pickle that failed has already said so.
      if (!out.malformed) out.findings.push(malformedFinding(label, err));
      out.malformed = true;
    } finally {
      out.info.opcodes += machine.opcodes;
      out.info.protocol = Math.max(out.info.protocol, machine.protocol);
      for (const g of machine.globals) if (!out.info.globals.includes(g)) out.info.globals.push(g);
      out.findings.push(...machine.findings);
      out.persids.push(...machine.persids);
    }
    if (out.malformed) return null;
    if (record) out.results.push(machine.result!);
    return machine.result;
  };

  const first = runOne(name);
  if (first && isMagic(first)) {
    // torch/serialization.py _legacy_load: protocol version, sys_info, the data, the storage keys.
    out.legacyTorch = true;
    for (let i = 0; i < 4 && !out.malformed; i++) runOne(name);
  } else if (first) {
    // Further pickles in the stream, for loaders that read more than one; anything else is trailing bytes.
    while (!out.malformed && input.remaining > 1 && input.peek() === 0x80 && input.peek(1) <= 5) runOne(name);
    if (!out.malformed) out.trailing = input.remaining;
  }
  out.end = input.pos;
  out.info.bytes = input.pos - start;
  return out;
}

/**
 * joblib's NumpyPickler writes each array's bytes right after the BUILD of its NumpyArrayWrapper
 * (joblib/numpy_pickle.py write_array): a padding-length byte and padding when the wrapper has
 * numpy_array_alignment_bytes, then the raw bytes, or a nested protocol-2 pickle for object arrays.
 */
function joblibArray(
  obj: Sym,
  input: ByteInput,
  label: string,
  out: StreamScan,
  runOne: (label: string, record: boolean) => Sym | null,
): void {
  if (obj.t !== 'call' || obj.fn.t !== 'global' || obj.fn.imp.full !== 'joblib.numpy_pickle.NumpyArrayWrapper') return;
  const state = obj.state;
  if (state?.t !== 'dict') return;
  const field = (k: string) => state.entries.find(([key]) => constString(key) === k)?.[1];
  const dtype = readDtype(field('dtype'));
  const shapeSym = field('shape');
  const shape = shapeSym?.t === 'tuple' ? shapeSym.items.map((s) => constInt(s)) : null;
  const at = input.pos;
  if (!dtype || !shape || shape.some((d) => d === null || d < 0)) {
    throw new PickleError(at, 'a joblib array record has no readable dtype and shape, so its bytes cannot be skipped');
  }
  if (dtype.hasObject) {
    // The unpickler runs pickle.load on what follows: a pickle of its own, scanned as such.
    runOne(`${label} › object array at ${at}`, false);
    if (out.malformed) throw new PickleError(input.pos, 'the object array pickle is malformed');
    return;
  }
  const align = field('numpy_array_alignment_bytes');
  if (align && !(align.t === 'const' && align.v === null)) {
    const pad = input.u8(at, 'joblib array padding');
    input.skip(pad, at, 'joblib array padding');
  }
  const count = (shape as number[]).reduce((a, b) => a * b, 1);
  const bytes = count * dtype.itemsize;
  const offset = input.pos;
  input.skip(bytes, at, `a joblib array of ${bytes} bytes`);
  obj.array = { dtype: dtype.name, shape: shape as number[], bytes, offset };
  out.arrays.push(obj);
}

/** Scans one in-memory pickle stream (all pickles in it) under `name`. */
export function scanPickle(bytes: Buffer, name: string, opts: ScanOptions = {}): { info: PickleInfo; findings: ScanFinding[] } {
  const s = scanStream(ByteInput.fromBuffer(bytes), name, opts);
  return { info: s.info, findings: s.findings };
}

/** Scans a pickle file through positioned reads (big byte strings are skipped, not read). */
export function scanPickleSource(src: FileSource, opts: ScanOptions = {}): StreamScan {
  return scanStream(ByteInput.fromSource(src), src.name, opts);
}

function verdictOf(findings: ScanFinding[]): ScanVerdict {
  if (findings.some((f) => f.severity === 'dangerous')) return 'dangerous';
  return findings.length ? 'unknown' : 'safe';
}

function listCalls(findings: ScanFinding[], max = 4): string {
  const names = [...new Set(findings.map((f) => f.call))];
  return names.slice(0, max).join(', ') + (names.length > max ? `, and ${names.length - max} more` : '');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Folds the scans of every pickle in a file into its report: verdict, one-line summary, findings. */
export function scanReport(parts: Array<{ info: PickleInfo; findings: ScanFinding[] }>): ScanReport {
  const pickles = parts.map((p) => p.info);
  const findings = parts.flatMap((p) => p.findings);
  const verdict = verdictOf(findings);
  let summary: string;
  if (verdict === 'dangerous') {
    const bad = findings.filter((f) => f.severity === 'dangerous');
    const where = new Set(bad.map((f) => f.pickle.split(' › ')[0]));
    summary = `Dangerous: ${plural(where.size, 'pickle')} of ${pickles.length} would call ${listCalls(bad)} when loaded, which can run code on this machine. Do not load this file with torch.load or pickle.`;
  } else if (verdict === 'unknown') {
    const broken = findings.filter((f) => f.opcode === 'MALFORMED' || f.opcode === 'TRUNCATED');
    const unknown = findings.filter((f) => !broken.includes(f));
    const bits: string[] = [];
    if (unknown.length)
      bits.push(`it imports ${plural(new Set(unknown.map((f) => f.call)).size, 'callable')} not known to be safe (${listCalls(unknown)})`);
    if (broken.length) bits.push(`${plural(broken.length, 'pickle')} cannot be read to the end (malformed at offset ${broken[0]!.offset})`);
    summary = `Unknown: ${bits.join(', and ')}. Load it only if you trust where it came from.`;
  } else if (pickles.length === 0) {
    summary = 'Safe: the file holds no pickle, so loading it runs no pickled code.';
  } else {
    const globals = new Set(pickles.flatMap((p) => p.globals));
    summary = `Safe: ${plural(pickles.length, 'pickle')} ${pickles.length === 1 ? 'imports' : 'import'} only callables known to rebuild data (${plural(globals.size, 'distinct callable')}: tensors, arrays, containers${[...globals].some((g) => g.startsWith('sklearn.')) ? ', scikit-learn estimators' : ''}).`;
  }
  return { verdict, summary, pickles, findings };
}
