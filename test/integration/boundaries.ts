// The allowed arrows between top-level folders (docs/architecture.md, "Layout and the allowed
// arrows"), as data, and the check that reads every import against them.
import { builtinModules } from 'node:module';
import path from 'node:path';

export interface SourceFile {
  path: string; // relative to the repository root, with forward slashes
  text: string;
}

export interface Violation {
  file: string;
  line: number;
  target: string;
  rule: string;
}

type Layer = 'shared' | 'core' | 'electron' | 'host' | 'server' | 'cli' | 'renderer' | 'test' | 'tooling';

/** Which folders a layer may import from. `host/index` and `server/index` are the entry files other deliverables may use. */
const ALLOWED: Record<Layer, readonly string[] | 'any'> = {
  shared: ['shared'],
  core: ['shared', 'core'],
  electron: ['shared', 'core', 'electron'],
  host: ['shared', 'core', 'host'],
  server: ['shared', 'core', 'server'],
  // The CLI is where commands are composed: `studio --web` starts the host, `serve` the server,
  // each through its one public entry file.
  cli: ['shared', 'core', 'cli', 'host/index', 'server/index'],
  renderer: ['shared', 'renderer'],
  test: 'any',
  tooling: 'any',
};

/** Code that runs in the page as well as in Node: no Node builtins. */
const ISOMORPHIC: ReadonlySet<Layer> = new Set(['shared', 'renderer']);

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

export function layerOf(file: string): Layer {
  const [top, second] = file.split('/');
  if (top === 'electron') return second === 'main' || second === 'preload' ? 'electron' : 'tooling';
  if (top === 'shared' || top === 'core' || top === 'host' || top === 'server' || top === 'cli' || top === 'renderer' || top === 'test')
    return top;
  return 'tooling';
}

const IMPORT_RE = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;

export function importsOf(text: string): { spec: string; line: number }[] {
  const out: { spec: string; line: number }[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const line = text.slice(0, m.index).split('\n').length;
    out.push({ spec: m[2]!, line });
  }
  return out;
}

export function importViolations(files: readonly SourceFile[]): Violation[] {
  const out: Violation[] = [];
  for (const f of files) {
    const layer = layerOf(f.path);
    const allowed = ALLOWED[layer];
    if (allowed === 'any') continue;
    const isSpec = /\.spec\.tsx?$/.test(f.path);
    for (const { spec, line } of importsOf(f.text)) {
      if (spec.startsWith('.')) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(f.path), spec)).replace(/\.(ts|tsx|js|mjs)$/, '');
        const targetLayer = layerOf(target);
        if (targetLayer === 'test' && isSpec) continue; // specs beside code use the shared fixtures
        const entry = target.replace(/\/index$/, '');
        // 'host/index' opens only that entry file (or the folder import that means it), not the layer.
        const ok = allowed.some((a) => (a.includes('/') ? entry === a.replace(/\/index$/, '') : a === targetLayer));
        if (!ok) out.push({ file: f.path, line, target, rule: `${layer}/ may import only ${allowed.join(', ')}` });
      } else if (spec === 'electron' || spec.startsWith('electron/')) {
        if (layer !== 'electron')
          out.push({ file: f.path, line, target: spec, rule: 'only electron/main and electron/preload import electron' });
      } else if (ISOMORPHIC.has(layer) && (spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0]!))) {
        out.push({ file: f.path, line, target: spec, rule: `${layer}/ runs in the page too: no Node builtins` });
      }
    }
  }
  return out;
}
