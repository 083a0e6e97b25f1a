// Issue 7's view targets, in Chromium through the real host: first paint after the summary is in
// the page (10k ≤ 2 s, 50k ≤ 5 s), pan/zoom frames (≤ 16 ms median) and the renderer's memory at
// 50k (≤ 1 GB). Baseline in the same run: the plain SVG renderer — the same graph's graphToSvg
// inserted into a page as DOM, moved by a transform on its root group along the same camera path.
import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser, type BrowserServer, type Page } from '@playwright/test';
import { readModelSummary } from '../../core/onnx/reader';
import { buildGraphModel } from '../../shared/graph/graph-model';
import { layoutGraph } from '../../shared/graph/layout';
import { graphToSvg } from '../../shared/graph/svg-export';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import { startHost } from '../e2e/support/host';
import { residualNet } from '../fixtures/graph-models';
import { cached, median, result, type BenchResult } from './harness';

const SIZES = [10_000, 50_000] as const;
const VIEWPORT = { width: 1360, height: 900 };
const label = (n: number) => `${n / 1000}k`;

/** The scripted camera path, one input per frame: zoom out far (where most of the graph is in
 *  view), pan while zoomed out, zoom back in, pan at reading zoom. */
const PLAN: Array<['wheel', number] | ['drag', number, number]> = [
  ...Array.from({ length: 30 }, () => ['wheel', 100] as ['wheel', number]),
  ...Array.from({ length: 30 }, (_, i) => ['drag', i % 10 < 5 ? 25 : -25, -30] as ['drag', number, number]),
  ...Array.from({ length: 30 }, () => ['wheel', -100] as ['wheel', number]),
  ...Array.from({ length: 30 }, () => ['drag', -12, -18] as ['drag', number, number]),
];

const p95 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(v.length * 0.95))] ?? NaN;

// ---- the renderer process's memory: the browser's descendants started with --type=renderer ----

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const todo = [root];
  while (todo.length)
    for (const c of children.get(todo.pop()!) ?? []) {
      out.push(c);
      todo.push(c);
    }
  return out;
}

function rendererRssMB(browserPid: number): number {
  let kb = 0;
  for (const pid of descendants(browserPid)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      /* gone */
    }
  }
  return kb / 1024;
}

/** Samples the renderer's RSS every 100 ms until stopped; returns the peak. */
function sampleRss(pid: number): () => number {
  let peak = rendererRssMB(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rendererRssMB(pid))), 100);
  return () => {
    clearInterval(timer);
    return Math.max(peak, rendererRssMB(pid));
  };
}

async function launch(): Promise<{ server: BrowserServer; browser: Browser; page: Page }> {
  const server = await chromium.launchServer({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const browser = await chromium.connect(server.wsEndpoint());
  const page = await browser.newPage({ viewport: VIEWPORT });
  return { server, browser, page };
}

// ---- in-page drivers (strings: the Node-side tsconfig has no DOM types) ----

/** Plays PLAN on the graph canvas as real input events, one per frame; returns the draw time of
 *  every frame (the view's own performance measures) and the interval between frames. */
const CANVAS_DRIVER = `(async (plan) => {
  const canvas = document.querySelector('canvas.graph-canvas');
  const r = canvas.getBoundingClientRect();
  const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
  const draws = [];
  const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'modelcrate:graph-draw') draws.push(e.duration); });
  obs.observe({ type: 'measure' });
  const frame = () => new Promise(requestAnimationFrame);
  const frames = [];
  let x = cx, y = cy, down = false;
  let last = await frame();
  for (const s of plan) {
    if (s[0] === 'wheel') {
      if (down) { canvas.dispatchEvent(new PointerEvent('pointerup', { pointerId: 1, button: 0, clientX: x, clientY: y, bubbles: true })); down = false; }
      canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: s[1], clientX: cx, clientY: cy, bubbles: true, cancelable: true }));
    } else {
      if (!down) { x = cx; y = cy; canvas.dispatchEvent(new PointerEvent('pointerdown', { pointerId: 1, button: 0, clientX: x, clientY: y, bubbles: true })); down = true; }
      x += s[1]; y += s[2];
      canvas.dispatchEvent(new PointerEvent('pointermove', { pointerId: 1, button: 0, buttons: 1, clientX: x, clientY: y, bubbles: true }));
    }
    const t = await frame();
    frames.push(t - last);
    last = t;
  }
  if (down) canvas.dispatchEvent(new PointerEvent('pointerup', { pointerId: 1, button: 0, clientX: x, clientY: y, bubbles: true }));
  await frame();
  await new Promise((r) => setTimeout(r, 50));
  obs.disconnect();
  return { draws, frames };
})`;

/** Inserts the SVG document as DOM and waits for the frame that shows it; then plays PLAN as a
 *  transform on a group around its content (the same camera maths as the canvas). */
const SVG_FIRST_PAINT = `(async () => {
  const host = document.getElementById('host');
  const t0 = performance.now();
  host.innerHTML = window.__svg;
  const svg = host.querySelector('svg');
  svg.removeAttribute('viewBox');
  svg.setAttribute('width', String(innerWidth));
  svg.setAttribute('height', String(innerHeight));
  const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
  g.setAttribute('id', 'camera');
  while (svg.firstChild) g.append(svg.firstChild);
  svg.append(g);
  const k = 0.8;
  g.setAttribute('transform', 'matrix(' + k + ' 0 0 ' + k + ' ' + (innerWidth / 2 - window.__inputX * k) + ' 24)');
  await new Promise(requestAnimationFrame);
  await new Promise(requestAnimationFrame);
  return performance.now() - t0;
})()`;

const SVG_DRIVER = `(async (plan) => {
  const g = document.getElementById('camera');
  const cx = innerWidth / 2, cy = innerHeight / 2;
  let k = 0.8, tx = innerWidth / 2 - window.__inputX * k, ty = 24;
  const frame = () => new Promise(requestAnimationFrame);
  const frames = [];
  let last = await frame();
  const began = performance.now();
  for (const s of plan) {
    // A DOM of 50k groups can take seconds a frame: the baseline stops after its time budget.
    if (performance.now() - began > 60000) break;
    if (s[0] === 'wheel') {
      const f = Math.exp(-s[1] * 0.0015);
      const wx = (cx - tx) / k, wy = (cy - ty) / k;
      k *= f; tx = cx - wx * k; ty = cy - wy * k;
    } else { tx += s[1]; ty += s[2]; }
    g.setAttribute('transform', 'matrix(' + k + ' 0 0 ' + k + ' ' + tx + ' ' + ty + ')');
    const t = await frame();
    frames.push(t - last);
    last = t;
  }
  return { frames };
})`;

// ---- the two renderers ----

interface CanvasRun {
  firstPaintMs: number;
  sentMs: number;
  workerMs: number;
  computeMs: string;
  drawMs: number;
  nodes: number;
  draws: number[];
  frames: number[];
  peakMB: number;
  heapMB: number;
  fitDrawMs: number;
}

async function canvasRun(model: string, withMotion: boolean): Promise<CanvasRun> {
  const host = await startHost({ model });
  const { server, browser, page } = await launch();
  const stop = sampleRss(server.process().pid!);
  try {
    await page.goto(host.url);
    const view = page.getByTestId('graph-view');
    await view.and(page.locator('[data-graph-state="ready"]')).waitFor({ timeout: 180_000 });
    const t = (await page.evaluate(`(() => {
      const at = (n) => performance.getEntriesByName(n).at(-1)?.startTime ?? NaN;
      return { summary: at('modelcrate:summary'), sent: at('modelcrate:graph-layout-sent'), received: at('modelcrate:graph-layout-received'), ready: at('modelcrate:graph-ready') };
    })()`)) as { summary: number; sent: number; received: number; ready: number };
    const nodes = Number(await view.getAttribute('data-node-count'));
    const computeMs = (await view.getAttribute('data-layout-ms')) ?? '';
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = (await cdp.send('Performance.getMetrics')).metrics;
    const heapMB = (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 2 ** 20;
    let draws: number[] = [];
    let frames: number[] = [];
    let fitDrawMs = NaN;
    if (withMotion) {
      ({ draws, frames } = (await page.evaluate(`${CANVAS_DRIVER}(${JSON.stringify(PLAN)})`)) as { draws: number[]; frames: number[] });
      // The worst case: the whole graph in view (Fit), every node drawn.
      const fit = (await page.evaluate(`(async () => {
        const out = [];
        const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'modelcrate:graph-draw') out.push(e.duration); });
        obs.observe({ type: 'measure' });
        const c = document.querySelector('canvas.graph-canvas');
        c.focus();
        for (let i = 0; i < 5; i++) {
          c.dispatchEvent(new KeyboardEvent('keydown', { key: '0', bubbles: true, cancelable: true }));
          await new Promise(requestAnimationFrame);
          c.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true, cancelable: true }));
          await new Promise(requestAnimationFrame);
        }
        await new Promise((r) => setTimeout(r, 50));
        obs.disconnect();
        return out;
      })()`)) as number[];
      fitDrawMs = median(fit);
    }
    return {
      firstPaintMs: t.ready - t.summary,
      sentMs: t.sent - t.summary,
      workerMs: t.received - t.sent,
      computeMs,
      drawMs: t.ready - t.received,
      nodes,
      draws,
      frames,
      peakMB: stop(),
      heapMB,
      fitDrawMs,
    };
  } finally {
    stop();
    await browser.close();
    await server.close();
    await host.stop();
  }
}

interface SvgRun {
  firstPaintMs: number;
  layoutMs: number;
  insertMs: number;
  frames: number[];
  peakMB: number;
  svgMB: number;
}

async function svgRun(model: string): Promise<SvgRun> {
  // What the plain renderer needs before it can insert anything: the graph model and its layout
  // (the same code the worker runs, here in Node), then the SVG text.
  const summary = await readModelSummary(model);
  const t0 = performance.now();
  const graph = buildGraphModel(summary.graph);
  const layout = await layoutGraph(graph, { engine: 'layered' });
  const svg = graphToSvg(graph, layout, { theme: 'light' });
  const layoutMs = performance.now() - t0;
  const input = graph.nodes.findIndex((n) => n.kind === 'input');
  const inputX = input >= 0 ? layout.nodes[input]!.x + layout.nodes[input]!.width / 2 : 0;
  const { server, browser, page } = await launch();
  try {
    await page.setContent('<!doctype html><body style="margin:0;overflow:hidden"><div id="host"></div></body>');
    const stop = sampleRss(server.process().pid!);
    await page.evaluate(([s, x]) => Object.assign(globalThis, { __svg: s, __inputX: x }), [svg, inputX] as const);
    const insertMs = (await page.evaluate(SVG_FIRST_PAINT)) as number;
    const { frames } = (await page.evaluate(`${SVG_DRIVER}(${JSON.stringify(PLAN)})`)) as { frames: number[] };
    return { firstPaintMs: layoutMs + insertMs, layoutMs, insertMs, frames, peakMB: stop(), svgMB: svg.length / 2 ** 20 };
  } finally {
    await browser.close();
    await server.close();
  }
}

export async function graphViewBench(work: string, opts: { runs: number; log: (s: string) => void }): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const size of SIZES) {
    const model = cached(work, `graph-view-${label(size)}`, (d) => residualNet(d, size), 1);
    const runs = size <= 10_000 ? Math.max(1, opts.runs) : 1;
    const canvas: CanvasRun[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await canvasRun(model, i === 0);
      opts.log(
        `  ${label(size)} canvas: first paint ${Math.round(r.firstPaintMs)} ms (page ${Math.round(r.sentMs)}, worker ${Math.round(r.workerMs)}: ${r.computeMs}, scene+first draw ${Math.round(r.drawMs)}), ${r.nodes} nodes, peak renderer RSS ${Math.round(r.peakMB)} MB, JS heap ${Math.round(r.heapMB)} MB`,
      );
      canvas.push(r);
    }
    const svg = await svgRun(model);
    opts.log(
      `  ${label(size)} svg: first paint ${Math.round(svg.firstPaintMs)} ms (model+layout+svg text ${Math.round(svg.layoutMs)}, insert+paint ${Math.round(svg.insertMs)}), ${svg.svgMB.toFixed(1)} MB of SVG, ${svg.frames.length}/${PLAN.length} frames played in the time budget, peak renderer RSS ${Math.round(svg.peakMB)} MB`,
    );
    const c0 = canvas[0]!;
    const first = median(canvas.map((r) => r.firstPaintMs));
    const limit = size === 10_000 ? 2000 : 5000;
    out.push(
      result(
        `${label(size)} nodes: first paint, canvas (summary in page → first frame)`,
        first,
        'ms',
        { name: 'SVG DOM', value: svg.firstPaintMs },
        { text: `≤ ${limit} ms`, met: first <= limit },
      ),
    );
    const drawMed = median(c0.draws);
    out.push(
      result(`${label(size)} nodes: pan/zoom draw per frame, median (${c0.draws.length} frames)`, drawMed, 'ms', null, {
        text: '≤ 16 ms',
        met: drawMed <= 16,
      }),
    );
    out.push(result(`${label(size)} nodes: pan/zoom draw per frame, p95`, p95(c0.draws), 'ms', null));
    out.push(
      result(`${label(size)} nodes: pan/zoom frame interval, median`, median(c0.frames), 'ms', {
        name: 'SVG DOM',
        value: median(svg.frames),
      }),
    );
    out.push(
      result(`${label(size)} nodes: pan/zoom frame interval, p95`, p95(c0.frames), 'ms', { name: 'SVG DOM', value: p95(svg.frames) }),
    );
    out.push(result(`${label(size)} nodes: draw with the whole graph in view (Fit), median`, c0.fitDrawMs, 'ms', null));
    const peak = Math.max(...canvas.map((r) => r.peakMB));
    out.push(
      result(
        `${label(size)} nodes: renderer process peak RSS`,
        peak,
        'MB',
        { name: 'SVG DOM', value: svg.peakMB },
        size === 50_000 ? { text: '≤ 1024 MB', met: peak <= 1024 } : undefined,
      ),
    );
  }
  return out;
}
