// Issue 15's header-read figures: opening a 1 GiB safetensors checkpoint and a 1 GiB GGUF model reads
// only their headers, so a process doing just that must cost little more than node itself. Targets:
// the read ≤ 50 ms in-process and ≤ 50 ms of wall time beyond a node that starts and does nothing,
// peak RSS ≤ 100 MB. The fixtures are sparse (their data is a hole), so they cost the disk nothing.
// The CLI is measured as a whole process too (`modelcrate inspect FILE --json` against
// `modelcrate --version`), once `inspect` reads these formats; until then it reports so.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { writeSparseGguf } from '../fixtures/gguf-writer';
import { writeSparseSafetensors } from '../fixtures/safetensors-writer';
import { median, result, type BenchResult } from './harness';

const GIB = 2 ** 30;
const EXTRA_MS = 50;
const RSS_MB = 100;

interface Run {
  wallMs: number;
  maxRssMB: number;
  code: number | null;
  out: string;
  err: string;
}

/** Runs node with a preload that reports the process's own peak RSS on fd 3 as it exits. */
function runNode(hook: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, ['--import', hook, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let rss = '';
    p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    p.stdio[3]!.on('data', (d: Buffer) => (rss += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      const wallMs = performance.now() - t0;
      const maxRssMB = rss ? (JSON.parse(rss) as { maxRssMB: number }).maxRssMB : Number.NaN;
      resolve({ wallMs, maxRssMB, code, out, err });
    });
  });
}

/** Median wall time and highest RSS over `runs`, after one warm-up run (page cache, lazy loading). */
async function measure(hook: string, args: string[], cwd: string, runs: number): Promise<{ wallMs: number; rssMB: number; all: Run[] }> {
  await runNode(hook, args, cwd);
  const all: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await runNode(hook, args, cwd);
    if (r.code !== 0) throw new Error(`node ${args.join(' ')} exited ${r.code}: ${r.err.trim().slice(-1000)}`);
    all.push(r);
  }
  return { wallMs: median(all.map((r) => r.wallMs)), rssMB: Math.max(...all.map((r) => r.maxRssMB)), all };
}

/** The measuring child, bundled to plain JS (no loader inflating its RSS) from this inline entry. */
async function buildChild(root: string, outFile: string): Promise<void> {
  await build({
    stdin: {
      contents: `
        import { performance } from 'node:perf_hooks';
        import { openFileSource } from '../../core/onnx/file-source';
        import { readSafetensors } from '../../core/formats/safetensors/reader';
        import { readGguf } from '../../core/formats/gguf/reader';
        const [kind, file] = process.argv.slice(2);
        const t0 = performance.now();
        const src = openFileSource(file);
        const model = await (kind === 'gguf' ? readGguf(src) : readSafetensors(src));
        src.close();
        const ms = performance.now() - t0;
        console.log(JSON.stringify({ ms, tensors: model.tensorCount, bytes: model.tensorBytes }));
      `,
      resolveDir: path.join(root, 'test', 'bench'),
      sourcefile: 'formats-read.ts',
      loader: 'ts',
    },
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    absWorkingDir: root,
    logLevel: 'warning',
  });
}

/** Sparse fixtures are cheap to write but kept in .bench/ like the others. */
function fixtures(work: string): { safetensors: string; gguf: string } {
  const dir = path.join(work, 'formats');
  mkdirSync(dir, { recursive: true });
  const safetensors = path.join(dir, 'sparse-1gib.safetensors');
  const gguf = path.join(dir, 'sparse-1gib.gguf');
  if (!existsSync(safetensors) || statSync(safetensors).size < GIB) writeSparseSafetensors(safetensors, GIB);
  if (!existsSync(gguf) || statSync(gguf).size < GIB) writeSparseGguf(gguf, GIB);
  return { safetensors, gguf };
}

export async function formatsBench(work: string, opts: { runs: number; log: (s: string) => void }): Promise<BenchResult[]> {
  const root = path.resolve(import.meta.dirname, '../..');
  const childDir = path.join(work, 'children');
  mkdirSync(childDir, { recursive: true });
  const child = path.join(childDir, 'formats-read.mjs');
  const hook = path.join(childDir, 'rss-on-exit.mjs');
  writeFileSync(
    hook,
    "import { writeSync } from 'node:fs';\n" +
      "process.on('exit', () => { try { writeSync(3, JSON.stringify({ maxRssMB: process.resourceUsage().maxRSS / 1024 })); } catch {} });\n",
  );
  await buildChild(root, child);
  const files = fixtures(work);
  opts.log(`formats: sparse fixtures ${files.safetensors} and ${files.gguf} (1 GiB each, data is a hole)`);

  const out: BenchResult[] = [];
  const nothing = await measure(hook, ['-e', ''], root, opts.runs);
  const base = { name: 'node doing nothing', value: nothing.wallMs };
  const baseRss = { name: 'node doing nothing', value: nothing.rssMB };

  for (const [kind, file, label] of [
    ['safetensors', files.safetensors, '1 GiB safetensors'],
    ['gguf', files.gguf, '1 GiB GGUF'],
  ] as const) {
    const m = await measure(hook, [child, kind, file], root, opts.runs);
    const reports = m.all.map((r) => JSON.parse(r.out.trim().split('\n').pop()!) as { ms: number; tensors: number });
    const readMs = median(reports.map((r) => r.ms));
    opts.log(`formats: ${label}: ${reports[0]!.tensors} tensors`);
    out.push(result(`${label}: header read in-process`, readMs, 'ms', null, { text: `≤ ${EXTRA_MS} ms`, met: readMs <= EXTRA_MS }));
    out.push(
      result(`${label}: whole read process`, m.wallMs, 'ms', base, {
        text: `≤ node + ${EXTRA_MS} ms`,
        met: m.wallMs - nothing.wallMs <= EXTRA_MS,
      }),
    );
    out.push(result(`${label}: peak RSS of the read process`, m.rssMB, 'MB', baseRss, { text: `≤ ${RSS_MB} MB`, met: m.rssMB <= RSS_MB }));
  }

  out.push(...(await cliFigures(hook, root, files, opts)));
  return out;
}

/** `modelcrate inspect FILE --json` against `modelcrate --version`, once inspect reads these formats. */
async function cliFigures(
  hook: string,
  root: string,
  files: { safetensors: string; gguf: string },
  opts: { runs: number; log: (s: string) => void },
): Promise<BenchResult[]> {
  const bin = path.join(root, 'bin', 'modelcrate.mjs');
  const out: BenchResult[] = [];
  let version: { wallMs: number; rssMB: number } | null = null;
  for (const [file, label] of [
    [files.safetensors, '1 GiB safetensors'],
    [files.gguf, '1 GiB GGUF'],
  ] as const) {
    const probe = await runNode(hook, [bin, 'inspect', file, '--json'], root);
    let wired = probe.code === 0;
    try {
      if (wired) JSON.parse(probe.out);
    } catch {
      wired = false;
    }
    if (!wired) {
      const why = (probe.err.trim().split('\n').pop() ?? '').slice(0, 160);
      opts.log(`formats: CLI not wired yet for ${label} (inspect exited ${probe.code}: ${why})`);
      out.push(result(`CLI inspect --json, ${label}`, 0, 'ms', null, { text: 'CLI not wired yet', met: false }));
      continue;
    }
    version ??= await measure(hook, [bin, '--version'], root, opts.runs);
    const m = await measure(hook, [bin, 'inspect', file, '--json'], root, opts.runs);
    out.push(
      result(
        `CLI inspect --json, ${label}: whole process`,
        m.wallMs,
        'ms',
        { name: 'modelcrate --version', value: version.wallMs },
        {
          text: `≤ --version + ${EXTRA_MS} ms`,
          met: m.wallMs - version.wallMs <= EXTRA_MS,
        },
      ),
    );
    out.push(
      result(
        `CLI inspect --json, ${label}: peak RSS`,
        m.rssMB,
        'MB',
        { name: 'modelcrate --version', value: version.rssMB },
        {
          text: `≤ ${RSS_MB} MB`,
          met: m.rssMB <= RSS_MB,
        },
      ),
    );
  }
  return out;
}
