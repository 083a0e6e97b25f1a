// The inputs of a TorchScript module, from the source torch.jit.save keeps in code/: the root
// class's `def forward(self: __torch__.Net, x: Tensor, mask: Optional[Tensor]=None) -> Tensor`.
// Names and TorchScript types only (the archive records no shapes); read as text, never run. The
// Inspect step shows them, and Convert starts its inputs editor from their names.
import { AppError } from '../../../shared/errors';
import type { ForeignIo } from '../../../shared/formats/types';
import type { FileSource } from '../../onnx/file-source';
import { readZipEntry, type ZipEntry } from '../zip/zip-reader';

/** A code file bigger than this is not read for a signature. */
const MAX_CODE_BYTES = 1 << 20;

/**
 * `rootClass` is the module's class as data.pkl names it (`__torch__.Net`,
 * `__torch__.models.resnet.ResNet`); its source is code/<module path>.py under `prefix`.
 */
export function scriptSignature(src: FileSource, byName: Map<string, ZipEntry>, prefix: string, rootClass: string): ScriptSignature | null {
  const dot = rootClass.lastIndexOf('.');
  if (dot <= 0) return null;
  const module = rootClass.slice(0, dot);
  const entry = byName.get(`${prefix}code/${module.split('.').join('/')}.py`);
  if (!entry || entry.size > MAX_CODE_BYTES) return null;
  let text: string;
  try {
    text = readZipEntry(src, entry, MAX_CODE_BYTES).toString('utf8');
  } catch (err) {
    if (err instanceof AppError) return null; // a damaged entry: the table still lists the tensors
    throw err;
  }
  return forwardSignature(text, rootClass);
}

export interface ScriptSignature {
  inputs: ForeignIo[];
  /** The return annotation: "Tensor", "Tuple[Tensor, Tensor]". */
  returns: string | null;
}

/** The arguments after `self` of `def forward(self: <rootClass>, …) -> T` in `code`; null when absent. */
export function forwardSignature(code: string, rootClass: string): ScriptSignature | null {
  const at = code.indexOf(`def forward(self: ${rootClass}`);
  if (at < 0) return null;
  const open = code.indexOf('(', at);
  const args = balanced(code, open);
  if (args === null) return null;
  const params = splitTopLevel(args).slice(1); // drop self
  const inputs: ForeignIo[] = [];
  for (const p of params) {
    const m = /^\s*([A-Za-z_]\w*)\s*(?::\s*([^=]+?))?\s*(?:=.*)?$/s.exec(p);
    if (!m) return null;
    inputs.push({ name: m[1]!, dtype: (m[2] ?? 'Any').replace(/\s+/g, ' ').trim(), shape: null });
  }
  const ret = /^\)\s*->\s*([^\n:]+(?:\[[^\n]*\])?)\s*:/.exec(code.slice(open + args.length + 1));
  return { inputs, returns: ret ? ret[1]!.trim() : null };
}

/** The text between the parenthesis at `open` and its match. */
function balanced(s: string, open: number): string | null {
  let depth = 0;
  for (let i = open; i < s.length && i < open + 10_000; i++) {
    if (s[i] === '(' || s[i] === '[') depth++;
    else if (s[i] === ')' || s[i] === ']') {
      depth--;
      if (depth === 0) return s.slice(open + 1, i);
    }
  }
  return null;
}

/** Splits on commas outside brackets: `x: Tensor, h: Tuple[Tensor, Tensor]` → two. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out.filter((p) => p.trim() !== '');
}
