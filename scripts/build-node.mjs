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

await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/cli/index.ts'],
    outfile: 'dist/cli.mjs',
    format: 'esm',
    // Dependencies stay in node_modules (onnxruntime-node is native, ws has optional natives).
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: ['electron/services/runtime/worker.ts'],
    outfile: 'dist/runtime-worker.mjs',
    format: 'esm',
    packages: 'external',
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
