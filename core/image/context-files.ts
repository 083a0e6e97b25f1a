// Which files go into the build context, and from where: the server bundle from dist/, the minimal
// onnxruntime-node linux-x64 runtime from node_modules (docs/reference.md §onnxruntime-node: ~46 MB
// instead of the package's every platform), sharp only when the metadata has an image input, and the
// model bundle.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE, type Manifest } from '../../shared/bundle/manifest';
import { SIGNATURE_FILE } from '../../shared/bundle/manifest-signature';
import { AppError } from '../../shared/errors';
import type { ElemType, ValueInfo } from '../../shared/model-summary';
import { pictureSpec } from '../../shared/metadata/input-kind';

export interface ContextEntry {
  /** Path inside the context ('/'-separated). */
  name: string;
  /** Absolute source file, or the bytes themselves. */
  source: string | Buffer;
  size: number;
  mode: number;
}

/** Where the server and node_modules are; defaults work from the source tree and from dist/. */
export interface RuntimeLocation {
  /** Folder holding server.mjs, runtime-worker.mjs and server-codec.mjs (default: the app's dist/). */
  serverDir?: string;
  /** The node_modules folder with onnxruntime-node (default: resolved from this module). */
  nodeModules?: string;
}

const SERVER_FILES = ['server.mjs', 'runtime-worker.mjs', 'server-codec.mjs'];
/** Per package: files or folders (a trailing '/' takes the folder whole). */
const ORT_FILES: Record<string, string[]> = {
  'onnxruntime-node': [
    'package.json',
    'dist/',
    'bin/napi-v6/linux/x64/onnxruntime_binding.node',
    'bin/napi-v6/linux/x64/libonnxruntime.so.1',
  ],
  'onnxruntime-common': ['package.json', 'dist/cjs/'],
};
// sharp's loader needs its own small deps; the server bundle leaves sharp external.
const SHARP_FILES: Record<string, string[]> = {
  sharp: ['package.json', 'dist/'],
  '@img/sharp-linux-x64': ['./'],
  '@img/sharp-libvips-linux-x64': ['./'],
  '@img/colour': ['./'],
  'detect-libc': ['./'],
  semver: ['./'],
};

/**
 * The app's install folder (package.json named modelcrate-studio), found from the running script or
 * the working folder. Not from import.meta: this module is also bundled into Electron's CommonJS
 * main, where import.meta is empty (the packaged app passes RuntimeLocation explicitly).
 */
export function appRoot(): string {
  for (const start of [process.argv[1], process.cwd()]) {
    if (!start) continue;
    let dir = path.resolve(existsSync(start) ? realpathSync(start) : start);
    for (;;) {
      if (isAppFolder(dir)) return dir;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new AppError(
    'FILE_NOT_FOUND',
    'Cannot find the Modelcrate Studio install folder (for dist/server.mjs and node_modules).',
    'Run modelcrate from its install, or from the project folder.',
  );
}

function isAppFolder(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'modelcrate-studio';
  } catch {
    return false;
  }
}

export function defaultNodeModules(): string {
  return path.join(appRoot(), 'node_modules');
}

/**
 * Whether the server may need sharp: it decodes pictures sent as BYTES for the inputs whose kind in
 * the metadata is image (an input the record leaves out: its inferred kind), through pictureSpec as
 * server/picture-bytes.ts does. A model whose metadata says tensor, audio… goes without its ~19 MB,
 * however picture-like its shapes.
 */
export function needsSharp(m: Manifest): boolean {
  return m.signature.inputs.some((s) => {
    const v: ValueInfo = { name: s.name, type: { kind: 'tensor', elemType: s.type as ElemType, shape: s.shape, text: s.type } };
    return pictureSpec(v, m.metadata) !== null;
  });
}

export async function runtimeEntries(m: Manifest, loc: RuntimeLocation = {}): Promise<ContextEntry[]> {
  const serverDir = loc.serverDir ?? path.join(appRoot(), 'dist');
  const nm = loc.nodeModules ?? defaultNodeModules();
  const entries: ContextEntry[] = [];
  for (const f of SERVER_FILES) {
    const src = path.join(serverDir, f);
    if (!existsSync(src))
      throw new AppError('FILE_NOT_FOUND', `The inference server is not built: ${src} is missing.`, 'Run `npm run build` first.');
    entries.push(await fileEntry(`server/${f}`, src));
  }
  const packages = needsSharp(m) ? { ...ORT_FILES, ...SHARP_FILES } : ORT_FILES;
  for (const [pkg, files] of Object.entries(packages)) {
    for (const f of files) {
      const src = path.join(nm, pkg, f);
      if (!existsSync(src))
        throw new AppError(
          'FILE_NOT_FOUND',
          `The linux-x64 runtime file ${pkg}/${f} is missing from ${nm}.`,
          'Reinstall the dependencies (npm ci) on a linux-x64 machine.',
        );
      if (f.endsWith('/')) entries.push(...(await folderEntries(src, `runtime/node_modules/${pkg}/${f === './' ? '' : f}`)));
      else entries.push(await fileEntry(`runtime/node_modules/${pkg}/${f}`, src));
    }
  }
  return entries;
}

/** modelcrate.json and every file it lists, under bundle/. */
export async function bundleEntries(root: string, m: Manifest): Promise<ContextEntry[]> {
  const out: ContextEntry[] = [];
  // The signature goes along when there is one: the server in the image checks it at start-up.
  const signed = existsSync(path.join(root, SIGNATURE_FILE)) ? [SIGNATURE_FILE] : [];
  for (const p of [MANIFEST_FILE, ...signed, ...m.files.map((f) => f.path)]) out.push(await fileEntry(`bundle/${p}`, path.join(root, p)));
  return out;
}

async function fileEntry(name: string, src: string): Promise<ContextEntry> {
  const st = await stat(src);
  // Only the executable bit is kept: the same files give the same context on any machine.
  return { name, source: src, size: st.size, mode: st.mode & 0o111 ? 0o755 : 0o644 };
}

async function folderEntries(dir: string, prefix: string): Promise<ContextEntry[]> {
  const out: ContextEntry[] = [];
  const items = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const it of items) {
    const src = path.join(dir, it.name);
    if (it.isDirectory()) out.push(...(await folderEntries(src, `${prefix}${it.name}/`)));
    else if (it.isFile()) out.push(await fileEntry(`${prefix}${it.name}`, src));
  }
  return out;
}
