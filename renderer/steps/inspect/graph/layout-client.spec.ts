// The layout client against a stand-in worker (a Web Worker cannot run under Node): which requests
// carry the summary, what the cache answers, what a newer request does to an older one, and what
// the view is told when the worker fails (a fault that cannot be produced on purpose for real).
import { describe, expect, it } from 'vitest';
import { buildGraphModel } from '../../../../shared/graph/graph-model';
import { nodeSize } from '../../../../shared/graph/layout';
import { layeredLayout } from '../../../../shared/graph/layered-layout';
import type { GraphSummary } from '../../../../shared/model-summary';
import { LayoutClient } from './layout-client';
import type { LayoutRequest, LayoutResponse } from './layout-protocol';
import { packLayout } from './scene';

const vi = (name: string) => ({ name, type: { kind: 'tensor' as const, elemType: 'float32' as const, shape: [1], text: 'float32[1]' } });
const body: GraphSummary = {
  name: 'then',
  inputs: [],
  outputs: [vi('t')],
  valueInfo: [],
  initializers: [],
  overridableInitializers: [],
  sparseInitializerCount: 0,
  nodes: [{ name: 'r', opType: 'Relu', domain: '', inputs: ['x'], outputs: ['t'], attributes: [] }],
};
const graph: GraphSummary = {
  name: 'main',
  inputs: [vi('x'), vi('c')],
  outputs: [vi('y')],
  valueInfo: [],
  initializers: [],
  overridableInitializers: [],
  sparseInitializerCount: 0,
  nodes: [
    {
      name: 'if1',
      opType: 'If',
      domain: '',
      inputs: ['c'],
      outputs: ['y'],
      attributes: [
        { name: 'then_branch', type: 'graph', value: body },
        { name: 'alpha', type: 'float', value: 1 },
      ],
    },
  ],
};

/** Holds each message until the test lets the "worker" answer it, as the real one would. */
class StandInWorker {
  onmessage: ((ev: MessageEvent<LayoutResponse>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  received: LayoutRequest[] = [];
  terminated = false;
  private held: GraphSummary | null = null;
  postMessage(msg: LayoutRequest) {
    this.received.push(msg);
    if (msg.graphJson) this.held = JSON.parse(msg.graphJson) as GraphSummary;
  }
  terminate() {
    this.terminated = true;
  }
  /** Answers the latest request with a real layout, or as told. */
  answer(kind: 'done' | 'need-graph' | 'error' = 'done') {
    const req = this.received.at(-1)!;
    const reply = (data: LayoutResponse) => this.onmessage?.({ data } as MessageEvent<LayoutResponse>);
    if (kind === 'need-graph') return reply({ id: req.id, kind });
    if (kind === 'error')
      return reply({ id: req.id, kind, error: { code: 'INVALID_REQUEST', message: 'No node "x".', hint: 'Pick another.' } });
    const model = buildGraphModel(this.held!, { path: req.path, initializers: req.initializers });
    const layout = layeredLayout(model, nodeSize);
    reply({
      id: req.id,
      kind: 'done',
      modelJson: JSON.stringify(model),
      ...packLayout(layout),
      width: layout.width,
      height: layout.height,
      modelMs: 1,
      layoutMs: 1,
      startedAt: 0,
      finishedAt: 0,
    });
  }
  crash() {
    this.onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
  }
}

function setup() {
  const workers: StandInWorker[] = [];
  const client = new LayoutClient(() => {
    const w = new StandInWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  return { client, workers };
}

const main = { modelId: 'm1', graph, path: [], initializers: 'collapsed' as const };
const sub = { ...main, path: [{ node: 'if1', attribute: 'then_branch' }] };

describe('LayoutClient', () => {
  it('sends a trimmed summary once per model; a subgraph then sends its path only; going back is served from the cache', async () => {
    const { client, workers } = setup();
    const first = client.request(main);
    workers[0]!.answer();
    const r1 = await first;
    expect(r1).toMatchObject({ ok: true, cached: false });
    if (!r1?.ok) throw new Error('no scene');
    expect(r1.scene.model.nodes.map((n) => n.id)).toEqual(['in:x', 'in:c', 'n:0', 'out:y']);
    expect(r1.scene.boxes.length).toBe(16);
    // Only graph attributes travel: the float `alpha` stayed behind.
    expect((JSON.parse(workers[0]!.received[0]!.graphJson!) as GraphSummary).nodes[0]!.attributes.map((a) => a.name)).toEqual([
      'then_branch',
    ]);

    const second = client.request(sub);
    expect(workers[0]!.received[1]!.graphJson).toBeUndefined();
    workers[0]!.answer();
    const r2 = await second;
    expect(r2?.ok && r2.scene.model.nodes.map((n) => n.id)).toEqual(['outer', 'n:0', 'out:t']);

    const back = await client.request(main);
    expect(back).toMatchObject({ ok: true, cached: true });
    expect(back?.ok && back.scene).toBe(r1.scene);
    expect(workers[0]!.received).toHaveLength(2);
  });

  it('a newer request makes the one in flight stale: it resolves null and its busy worker is replaced', async () => {
    const { client, workers } = setup();
    const old = client.request(main);
    const next = client.request(sub);
    expect(await old).toBeNull();
    expect(workers[0]!.terminated).toBe(true);
    // The new worker holds no summary yet: this request carries it.
    expect(workers[1]!.received[0]!.graphJson).toBeDefined();
    workers[1]!.answer();
    expect(await next).toMatchObject({ ok: true });
  });

  it('a worker that lost the summary asks for it and gets it again', async () => {
    const { client, workers } = setup();
    const first = client.request(main);
    workers[0]!.answer();
    await first;
    const second = client.request(sub);
    workers[0]!.answer('need-graph');
    expect(workers[0]!.received.at(-1)!.graphJson).toBeDefined();
    workers[0]!.answer();
    expect(await second).toMatchObject({ ok: true });
  });

  it('errors come back as data: the worker’s own (a bad path), and a crashed worker with what to do', async () => {
    const { client, workers } = setup();
    const bad = client.request(main);
    workers[0]!.answer('error');
    expect(await bad).toEqual({ ok: false, error: { code: 'INVALID_REQUEST', message: 'No node "x".', hint: 'Pick another.' } });

    const crashed = client.request({ ...main, initializers: 'nodes' });
    workers[0]!.crash();
    const r = await crashed;
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(r?.ok === false && r.error.message).toContain('out of memory');
    expect(r?.ok === false && r.error.hint).toMatch(/Reload/);
    // The next request gets a fresh worker.
    void client.request(sub);
    expect(workers).toHaveLength(2);
  });
});
