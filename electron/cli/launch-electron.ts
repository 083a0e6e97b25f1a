import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

export type LaunchOutcome = { ok: true } | { ok: false; reason: string };

/** How long a desktop start may take before we trust it is running rather than crashing. */
const STARTUP_GRACE_MS = 4000;

/**
 * Runs the desktop app when an Electron binary can start here. Our CI machines cannot download
 * one, and headless Linux has no display: in both cases the caller falls back to the web host.
 */
export async function launchElectron(mainFile: string, args: string[]): Promise<LaunchOutcome> {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'no display' };
  }
  if (!existsSync(mainFile)) return { ok: false, reason: 'the desktop build is missing; run npm run build' };
  const binary = findElectronBinary();
  if (!binary) return { ok: false, reason: 'no Electron binary could be installed' };
  const child = spawn(binary, [mainFile, ...args], { stdio: 'inherit' });
  return new Promise<LaunchOutcome>((resolve) => {
    const timer = setTimeout(() => {
      // Still running: it is the app now. Mirror its exit code when it closes.
      child.on('exit', (code) => process.exit(code ?? 0));
      resolve({ ok: true });
    }, STARTUP_GRACE_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: err.message });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code === 0 ? { ok: true } : { ok: false, reason: `Electron exited with ${signal ?? `code ${code}`}` });
    });
  });
}

/**
 * The Electron binary, downloading it on first use (electron's own install.js) where the network
 * allows. We run the download ourselves with its output captured: electron's index.js would print
 * progress on our stdout, which must carry only the URL when we fall back to the web host.
 */
function findElectronBinary(): string | null {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const located = () => {
    const pathFile = path.join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const bin = path.join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(bin) ? bin : null;
  };
  const found = located();
  if (found) return found;
  spawnSync(process.execPath, [path.join(pkgDir, 'install.js')], { stdio: 'pipe', timeout: 300_000 });
  return located();
}
