import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

function electronPackageDir(): string | null {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/**
 * The binary electron's own index.js would return, found the way it finds it
 * (path.txt, ELECTRON_OVERRIDE_DIST_PATH) but without calling it: on a miss that require starts a
 * download and prints progress on our stdout.
 */
export function locateElectronBinary(): string | null {
  const pkgDir = electronPackageDir();
  if (!pkgDir) return null;
  const pathFile = path.join(pkgDir, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const bin = override ? path.join(override, rel || 'electron') : rel ? path.join(pkgDir, 'dist', rel) : '';
  return bin && existsSync(bin) ? bin : null;
}

/**
 * The binary, downloading it first (electron's own install.js, output captured) where the network
 * allows — on our CI machines it cannot, and this returns null quickly.
 */
export function ensureElectronBinary(): string | null {
  const found = locateElectronBinary();
  const pkgDir = electronPackageDir();
  if (found || !pkgDir) return found;
  spawnSync(process.execPath, [path.join(pkgDir, 'install.js')], { stdio: 'pipe', timeout: 300_000 });
  return locateElectronBinary();
}
