// The security scan of a Keras model config: a Lambda layer stores its function as marshalled
// Python bytecode (Keras 2: `function` = [base64, defaults, closure], function_type 'lambda';
// Keras 3: `function` = {class_name: '__lambda__', config: {code: base64}}), and loading the
// model runs it (Keras 3 only refuses it in safe_mode). Everything else in a config names layer
// classes, which load no code of the file's own. The walk covers nested models (a Sequential
// inside a functional model, TimeDistributed wrappers) at any depth.
import type { ScanFinding, ScanReport } from '../../../shared/formats/types';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isObj = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Nodes visited at most: a config is a few thousand objects; a hostile one gets no more. */
const MAX_NODES = 1_000_000;

export interface LambdaLayer {
  name: string;
  /** Its function is stored as bytecode (runs on load), or named by module and name (looked up and run when called). */
  kind: 'bytecode' | 'named';
  /** For a named function: module.name. */
  target?: string;
}

/** Every Lambda layer in a config, at any depth. */
export function lambdaLayers(config: unknown): LambdaLayer[] {
  const found: LambdaLayer[] = [];
  const stack: unknown[] = [config];
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_NODES) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    if (!isObj(v)) continue;
    const cfg = isObj(v.config) ? v.config : null;
    if (cfg && v.class_name === 'Lambda') found.push(describe(v, cfg));
    for (const x of Object.values(v)) if (typeof x === 'object' && x !== null) stack.push(x);
  }
  return found.reverse();
}

function describe(layer: Record<string, Json>, cfg: Record<string, Json>): LambdaLayer {
  const name = typeof cfg.name === 'string' ? cfg.name : typeof layer.name === 'string' ? layer.name : '(unnamed)';
  const fn = cfg.function;
  // Keras 2 names a function with function_type 'function' and a module; Keras 3 as a plain string.
  if (cfg.function_type === 'function' || typeof fn === 'string') {
    const fname = typeof fn === 'string' ? fn : Array.isArray(fn) && typeof fn[0] === 'string' ? fn[0] : '?';
    const module = typeof cfg.module === 'string' ? cfg.module : isObj(fn) && typeof fn.module === 'string' ? fn.module : null;
    return { name, kind: 'named', target: module ? `${module}.${fname}` : fname };
  }
  return { name, kind: 'bytecode' };
}

/** The scan report of a Keras model whose config is in `where` (config.json, or the HDF5 model_config attribute). */
export function kerasScan(config: unknown, where: string): ScanReport {
  const lambdas = lambdaLayers(config);
  if (lambdas.length === 0) {
    return {
      verdict: 'safe',
      summary: 'Safe: the model config names only layer classes; no Lambda layer stores or names Python code.',
      pickles: [],
      findings: [],
    };
  }
  const findings: ScanFinding[] = lambdas.map((l) =>
    l.kind === 'bytecode'
      ? {
          severity: 'dangerous',
          call: `Lambda layer ${l.name}`,
          opcode: 'Lambda',
          offset: 0,
          pickle: where,
          why: 'Its function is stored as marshalled Python bytecode, which Keras runs when the model is loaded (Keras 2 always; Keras 3 unless safe_mode).',
        }
      : {
          severity: 'unknown',
          call: `Lambda layer ${l.name} → ${l.target ?? '?'}`,
          opcode: 'Lambda',
          offset: 0,
          pickle: where,
          why: 'It names a Python function that Keras looks up and runs whenever the model is called; check that it is one you expect.',
        },
  );
  const code = findings.filter((f) => f.severity === 'dangerous').length;
  return {
    verdict: code > 0 ? 'dangerous' : 'unknown',
    summary:
      code > 0
        ? `Dangerous: ${code} Lambda layer${code === 1 ? ' stores' : 's store'} Python code that runs when the model is loaded.`
        : `Unknown: ${findings.length} Lambda layer${findings.length === 1 ? ' names' : 's name'} a Python function the model runs.`,
    pickles: [],
    findings,
  };
}
