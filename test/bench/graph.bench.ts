// Issue 7's layout question: elkjs or dagre (keep the faster), or our own layered layout if it
// wins. Each engine lays out the same ResNet/Inception-like graph (children/graph-synthetic.ts) in
// its own process, engines interleaved per size in one run, each capped so 50k cannot hang the bench.
import { spawn } from 'node:child_process';
import type { LayoutEngine } from '../../shared/graph/layout';
import { median, result, type BenchResult } from './harness';

interface LayoutReport {
  engine: LayoutEngine;
  ms: number;
  modelMs: number;
  maxRssMB: number;
  nodes: number;
  edges: number;
}
/** ok: measured (overflowedDefaultStack: only with a BIG_STACK_MB stack); dnf: hit the cap. */
type Outcome = { kind: 'ok'; report: LayoutReport; overflowedDefaultStack: boolean } | { kind: 'dnf' } | { kind: 'failed'; error: string };

const SIZES = [1_000, 10_000, 50_000];
const ENGINES: LayoutEngine[] = ['elk', 'dagre', 'layered'];
const CAP_MS = 120_000;
const BIG_STACK_MB = 512;

function runOnce(
  child: string,
  args: string[],
  capMs: number,
): Promise<{ code: number | null; out: string; err: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      p.kill('SIGKILL');
    }, capMs);
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err, timedOut });
    });
  });
}

async function measure(child: string, engine: LayoutEngine, size: number): Promise<Outcome> {
  const started = Date.now();
  let r = await runOnce(child, [engine, String(size)], CAP_MS);
  const overflowed = r.code !== 0 && /Maximum call stack size exceeded/.test(r.err);
  // The cap counts the default-stack attempt too: a layout that needs 100 s to overflow and 100 s
  // more to finish did not finish in 120 s.
  if (overflowed) r = await runOnce(child, [engine, String(size), '--stack-mb', String(BIG_STACK_MB)], CAP_MS - (Date.now() - started));
  if (r.timedOut) return { kind: 'dnf' };
  if (r.code !== 0)
    return {
      kind: 'failed',
      error:
        r.err
          .trim()
          .split('\n')
          .find((l) => /Error/.test(l)) ?? `exit ${r.code}`,
    };
  return { kind: 'ok', report: JSON.parse(r.out.trim().split('\n').pop()!) as LayoutReport, overflowedDefaultStack: overflowed };
}

const label = (n: number) => `${n / 1000}k`;

export async function graphBench(children: { layout: string }, opts: { runs: number; log: (s: string) => void }): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const size of SIZES) {
    const best = new Map<LayoutEngine, Outcome>();
    const times = new Map<LayoutEngine, number[]>();
    // Small graphs are cheap: repeat and take the median. 10k/50k library runs take seconds to
    // minutes each, so one run (the ratio between them is far larger than the run-to-run noise).
    const runs = size <= 1_000 ? opts.runs : 1;
    for (let i = 0; i < runs; i++) {
      for (const engine of ENGINES) {
        if (best.get(engine)?.kind === 'dnf') continue;
        const o = await measure(children.layout, engine, size);
        opts.log(
          `  ${label(size)} ${engine}: ${o.kind === 'ok' ? `${Math.round(o.report.ms)} ms, ${Math.round(o.report.maxRssMB)} MB${o.overflowedDefaultStack ? ' (default stack overflowed)' : ''}` : o.kind === 'dnf' ? 'did not finish' : o.error}`,
        );
        if (o.kind === 'ok') times.set(engine, [...(times.get(engine) ?? []), o.report.ms]);
        // A failure in any run stands; otherwise the first report, with the median time below.
        if (!best.has(engine) || o.kind !== 'ok') best.set(engine, o);
      }
    }
    for (const [engine, o] of best) if (o.kind === 'ok') o.report.ms = median(times.get(engine)!);
    out.push(...figures(size, best));
  }
  return out;
}

function figures(size: number, r: Map<LayoutEngine, Outcome>): BenchResult[] {
  const ok = (e: LayoutEngine) => {
    const o = r.get(e);
    return o?.kind === 'ok' ? o : undefined;
  };
  const why = (e: LayoutEngine) => {
    const o = r.get(e);
    return o?.kind === 'dnf' ? `did not finish in ${CAP_MS / 1000} s` : o?.kind === 'failed' ? `failed: ${o.error}` : '';
  };
  const name = (e: LayoutEngine) =>
    `${label(size)} nodes: layout ${e}${ok(e)?.overflowedDefaultStack ? ' (overflows the default stack)' : ''}`;
  const target =
    size === 10_000
      ? { text: '≤ 2000 ms (first paint at 10k)', met: false }
      : size === 50_000
        ? { text: '≤ 5000 ms (first paint at 50k)', met: false }
        : undefined;
  const withTarget = (e: LayoutEngine, ms: number) => (target ? { ...target, met: ms <= Number(/\d+/.exec(target.text)![0]) } : undefined);
  const rows: BenchResult[] = [];
  const elk = ok('elk');
  const dagre = ok('dagre');
  for (const [engine, other] of [
    ['elk', dagre],
    ['dagre', elk],
  ] as const) {
    const mine = ok(engine);
    if (!mine)
      rows.push({ name: `${label(size)} nodes: layout ${engine} — ${why(engine)}`, value: NaN, unit: 'ms', baseline: null, ratio: null });
    else
      rows.push(
        result(
          name(engine),
          mine.report.ms,
          'ms',
          other ? { name: other === elk ? 'elk' : 'dagre', value: other.report.ms } : null,
          withTarget(engine, mine.report.ms),
        ),
      );
  }
  const own = ok('layered');
  const faster = [elk, dagre].filter((o) => o !== undefined).sort((a, b) => a.report.ms - b.report.ms)[0];
  if (own) {
    rows.push(
      result(
        name('layered'),
        own.report.ms,
        'ms',
        faster ? { name: `${faster.report.engine} (faster library)`, value: faster.report.ms } : null,
        withTarget('layered', own.report.ms),
      ),
    );
    rows.push(
      result(
        `${label(size)} nodes: graph model from the summary`,
        own.report.modelMs,
        'ms',
        null,
        size === 50_000 ? { text: '< 1000 ms', met: own.report.modelMs < 1000 } : undefined,
      ),
    );
    rows.push(
      result(
        `${label(size)} nodes: peak RSS layered`,
        own.report.maxRssMB,
        'MB',
        faster ? { name: faster.report.engine, value: faster.report.maxRssMB } : null,
      ),
    );
  } else
    rows.push({ name: `${label(size)} nodes: layout layered — ${why('layered')}`, value: NaN, unit: 'ms', baseline: null, ratio: null });
  if (elk && dagre)
    rows.push(result(`${label(size)} nodes: peak RSS elk`, elk.report.maxRssMB, 'MB', { name: 'dagre', value: dagre.report.maxRssMB }));
  return rows;
}
