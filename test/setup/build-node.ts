// Vitest global setup: tests fork the runtime worker bundle (dist/runtime-worker.mjs) and run the
// CLI bundle, so build them from the current sources first (esbuild, well under a second).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, ['scripts/build-node.mjs'], { cwd: root, stdio: 'inherit' });
}
