import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const URL_LINE = /^(http:\/\/127\.0\.0\.1:(\d+))\/\?token=([A-Za-z0-9_-]+)\s*$/;

export interface StudioHost {
  /** The URL as printed, with its token. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  /** Everything the host wrote to stderr so far (for failure messages). */
  logs(): string;
  stop(): Promise<void>;
}

export interface HostOptions {
  model?: string;
  dataDir?: string;
  /** The host's os.tmpdir() (TMPDIR), so a test can look into the upload folders it makes there. */
  tmpDir?: string;
  /** Extra environment, e.g. DOCKER_HOST pointing at an engine that is not there. */
  env?: Record<string, string>;
}

/** Starts `modelcrate studio [model] --web --port 0` and reads the URL it prints on stdout. */
export async function startHost(opts: HostOptions = {}): Promise<StudioHost> {
  for (const built of ['dist/cli.mjs', 'dist/renderer/index.html']) {
    if (!existsSync(path.join(ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` before the e2e tests.`);
  }
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'modelcrate-e2e-data-'));
  const args = ['bin/modelcrate.mjs', 'studio', ...(opts.model ? [opts.model] : []), '--web', '--port', '0', '--data-dir', dataDir];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ORT_DISABLE_TELEMETRY: '1', ...(opts.tmpDir ? { TMPDIR: opts.tmpDir } : {}), ...opts.env },
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('the host printed no URL within 20 s')), 20_000);
    const lines = createInterface({ input: child.stdout! });
    const fail = (err: Error) => {
      clearTimeout(timer);
      lines.close();
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\n$ node ${args.join(' ')}\n${stderr}`));
    };
    lines.on('line', (line) => {
      const m = URL_LINE.exec(line);
      if (!m) return;
      clearTimeout(timer);
      resolve(m);
    });
    child.once('exit', (code, signal) => fail(new Error(`the host exited (${code ?? signal}) before printing its URL`)));
    child.once('error', fail);
  });
  return {
    url: match[0].trim(),
    origin: match[1]!,
    token: match[3]!,
    dataDir,
    logs: () => stderr,
    stop: () => stopChild(child),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
