import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureElectronBinary } from './electron-binary';

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
  const binary = ensureElectronBinary();
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
