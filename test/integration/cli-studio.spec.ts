// `npm start` / `modelcrate studio` on a machine where Electron cannot start (no display, no
// binary — like CI): it must fall back to the web host and print only the URL on stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { mlp } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGTERM');
});

function firstStdoutLine(proc: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('exit', (code) => reject(new Error(`exited ${code} before printing a URL: ${err}`)));
  });
}

it('falls back to the browser UI without a display and prints its URL', async () => {
  expect(existsSync(join(ROOT, 'dist/renderer/index.html')), 'dist/renderer is missing: run `npm run build` (npm test does)').toBe(true);
  const dir = suiteDir('studio');
  const model = mlp(dir);
  const env: NodeJS.ProcessEnv = { ...process.env, MODELCRATE_DATA_DIR: join(dir, 'data') };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  child = spawn(process.execPath, [join(ROOT, 'bin/modelcrate.mjs'), 'studio', model], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await firstStdoutLine(child);
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  const page = await fetch(url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="root"');
  expect((await fetch(url.replace(/\?token=.*/, ''))).status).toBe(401);
});
