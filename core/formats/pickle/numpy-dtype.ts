// A numpy dtype as a pickle builds it: numpy.dtype(code, False, True) then BUILD with the state
// tuple (version, byteorder, subarray, names, fields, elsize, alignment, flags) of
// numpy/core/src/multiarray/descriptor.c's arraydescr_reduce. Read statically to size joblib's
// array records and to name array dtypes.
import { NUMPY_KINDS } from '../../../shared/npy';
import { constInt, constString, type Sym } from './symbols';

export interface DtypeInfo {
  /** numpy's name: float32, int64, <U5, object… */
  name: string;
  itemsize: number;
  hasObject: boolean;
}

/** numpy's kind + item size → name: the .npy reader's, plus the types only a pickle may hold. */
const NAMES: Record<string, string> = { ...NUMPY_KINDS, f16: 'float128', c8: 'complex64', c16: 'complex128', c32: 'complex256' };

/** Reads a dtype symbol (a call of numpy.dtype, with its BUILD state); null when it is not one. */
export function readDtype(sym: Sym | undefined, depth = 0): DtypeInfo | null {
  if (!sym || sym.t !== 'call' || sym.fn.t !== 'global' || !/^numpy\.(dtype|core\.multiarray\.dtype)$/.test(sym.fn.imp.full)) return null;
  const code = sym.args.t === 'tuple' ? constString(sym.args.items[0]) : null;
  if (!code) return null;
  const state = sym.state?.t === 'tuple' ? sym.state.items : [];
  const elsize = constInt(state[5]);
  const fields = state[4];
  const m = /^([a-zA-Z])(\d*)/.exec(code);
  if (!m) return null;
  const kind = m[1]!;
  const digits = m[2] ? Number(m[2]) : 0;
  if (kind === 'O') return { name: 'object', itemsize: 8, hasObject: true };
  let hasObject = false;
  if (fields?.t === 'dict' && depth < 8) {
    for (const [, v] of fields.entries) {
      const sub = v.t === 'tuple' ? readDtype(v.items[0], depth + 1) : null;
      if (!sub || sub.hasObject) hasObject = true;
    }
  }
  const itemsize = elsize !== null && elsize > 0 ? elsize : kind === 'U' ? digits * 4 : digits;
  const name = NAMES[`${kind}${digits}`] ?? code;
  return { name, itemsize, hasObject };
}
