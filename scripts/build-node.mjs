// Bundles the Node side: the CLI (ESM), the runtime worker (ESM; the process that owns
// onnxruntime, forked by the CLI / web host and by Electron's utilityProcess), Electron main and
// preload (CommonJS; a sandboxed preload cannot load modules, so it is bundled whole). The renderer
// is built by Vite.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { __APP_VERSION__: JSON.stringify(version) },
};

// sharp (~20 MB with libvips) is loaded on the first picture, not at start: an image for a model
// that takes no pictures can leave it out.
const lazySharp = {
  name: 'lazy-sharp',
  setup(b) {
    b.onResolve({ filter: /^sharp$/ }, (args) =>
      args.namespace === 'lazy-sharp' ? { path: 'sharp', external: true } : { path: 'sharp', namespace: 'lazy-sharp' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-sharp' }, () => ({
      contents: "let s; export default function sharp(...a) { s ??= require('sharp'); return s(...a); }",
      loader: 'js',
    }));
  },
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['cli/index.ts'],
    outfile: 'dist/cli.mjs',
    format: 'esm',
    // Dependencies stay in node_modules (onnxruntime-node is native, ws has optional natives).
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: ['core/runtime/worker.ts'],
    outfile: 'dist/runtime-worker.mjs',
    format: 'esm',
    packages: 'external',
  }),
  // The inference server for the Docker image: every JS dependency inside, so the image needs no
  // npm; only the native ones stay outside (onnxruntime-node for the runtime worker, sharp for
  // pictures sent as BYTES). CommonJS dependencies get a `require` for their own imports.
  // The server's codec thread (server/codec-pool.ts): plain JS, no native dependency.
  build({
    ...common,
    entryPoints: ['server/codec-worker.ts'],
    outfile: 'dist/server-codec.mjs',
    format: 'esm',
  }),
  build({
    ...common,
    entryPoints: ['server/main.ts'],
    outfile: 'dist/server.mjs',
    format: 'esm',
    external: ['onnxruntime-node', 'sharp'],
    plugins: [lazySharp],
    banner: { js: "import { createRequire as __mcCreateRequire } from 'node:module'; const require = __mcCreateRequire(import.meta.url);" },
  }),
  build({
    ...common,
    entryPoints: ['electron/main/index.ts'],
    outfile: 'dist/electron/main.cjs',
    format: 'cjs',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: ['electron/preload/index.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
]);
