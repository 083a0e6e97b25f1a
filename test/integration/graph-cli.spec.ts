// `modelcrate graph` through the real bin, on models built by python's onnx (not by our writer),
// with edges checked against the node list python itself reads from the file.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphModel } from '../../shared/graph/graph-model';
import { mlp } from '../fixtures/models';
import { hasPythonOnnx, PYTHON, PYTHON_INSTALL, runPython } from '../fixtures/python-run';
import { suiteDir } from '../fixtures/tmp';
import { ROOT, runCliSync } from '../fixtures/cli-run';

const cli = runCliSync;

const graphJson = (...args: string[]): GraphModel => {
  const r = cli('graph', ...args, '--format', 'json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as GraphModel;
};

/** The node list as onnx reads it: [{op, inputs, outputs}] of the main graph. */
function pythonNodes(model: string): Array<{ op: string; inputs: string[]; outputs: string[] }> {
  const code =
    'import json,sys,onnx; g=onnx.load(sys.argv[1]).graph; print(json.dumps([{"op":n.op_type,"inputs":list(n.input),"outputs":list(n.output)} for n in g.node]))';
  return JSON.parse(execFileSync(PYTHON, ['-c', code, model], { encoding: 'utf8' })) as Array<{
    op: string;
    inputs: string[];
    outputs: string[];
  }>;
}

describe('modelcrate graph', () => {
  const dir = suiteDir('graph-cli');
  let models: Record<string, string> = {};
  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-node.mjs')], { cwd: ROOT, stdio: 'inherit' });
    // Without python in CI this must fail, not skip: the cross-check is the point.
    expect(hasPythonOnnx || process.env.CI !== 'true', `${PYTHON} cannot import onnx: ${PYTHON_INSTALL}`).toBe(true);
    if (!hasPythonOnnx) return;
    const paths = runPython<string[]>('build_models.py', [join(dir, 'py')]);
    models = Object.fromEntries(
      paths.map((p) => [
        p
          .split('/')
          .pop()!
          .replace(/\.onnx$/, ''),
        p,
      ]),
    );
  }, 120_000);

  it('CNN with a residual connection: every node input made by another node is an edge, and nothing else', () => {
    if (!hasPythonOnnx) return;
    const nodes = pythonNodes(models.cnn!);
    const m = graphJson(models.cnn!);
    const producer = new Map<string, number>();
    nodes.forEach((n, i) => n.outputs.forEach((o) => producer.set(o, i)));
    const expected = new Set<string>();
    nodes.forEach((n, i) => n.inputs.forEach((t) => producer.has(t) && expected.add(`n:${producer.get(t)}->n:${i}:${t}`)));
    const opEdges = m.edges.filter((e) => e.from.startsWith('n:') && e.to.startsWith('n:')).map((e) => `${e.from}->${e.to}:${e.tensor}`);
    expect(new Set(opEdges)).toEqual(expected);
    expect(opEdges).toHaveLength(expected.size);
    // Op nodes in file order, named by python's op types.
    expect(m.nodes.filter((n) => n.kind === 'op').map((n) => n.op)).toEqual(nodes.map((n) => n.op));

    const add = nodes.findIndex((n) => n.op === 'Add');
    const into = m.edges.filter((e) => e.to === `n:${add}`);
    expect(into.map((e) => e.tensor).sort()).toEqual(['c2', 'r1']);
    // Graph input and output as their own nodes, labelled with their declared types.
    expect(m.edges.find((e) => e.from === 'in:image')).toEqual({
      from: 'in:image',
      to: 'n:0',
      tensor: 'image',
      label: 'float32[N,3,32,32]',
    });
    expect(m.edges.find((e) => e.to === 'out:logits')).toMatchObject({ from: `n:${nodes.length - 1}`, label: 'float32[N,10]' });
    // Initializers are collapsed onto their consumers by default, one node each with --initializers nodes.
    expect(m.nodes.find((n) => n.id === 'n:0')?.initializers).toEqual(['c1_w', 'c1_b']);
    const withInits = graphJson(models.cnn!, '--initializers', 'nodes');
    expect(withInits.nodes.filter((n) => n.kind === 'initializer')).toHaveLength(10);
    expect(withInits.edges.find((e) => e.from === 'init:c1_w')).toEqual({
      from: 'init:c1_w',
      to: 'n:0',
      tensor: 'c1_w',
      label: 'float32[8,3,3,3]',
    });
  });

  it('DOT output: quoted ids, op-type labels, one arrow per JSON edge with its shape', () => {
    if (!hasPythonOnnx) return;
    const r = cli('graph', models.cnn!);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^digraph "cnn" \{\n/);
    expect(r.stdout).toContain('"n:4" [label="Add\\nresidual", shape=box];');
    expect(r.stdout).toContain('"in:image" -> "n:0" [label="float32[N,3,32,32]", tooltip="image"];');
    const arrows = r.stdout.split('\n').filter((l) => l.includes(' -> '));
    expect(arrows).toHaveLength(graphJson(models.cnn!).edges.length);
    // Graphviz itself, where installed, must accept it.
    const dot = spawnSync('dot', ['-Tsvg'], { input: r.stdout, encoding: 'utf8' });
    if (!dot.error) expect(dot.status, dot.stderr).toBe(0);
  });

  it('--subgraph selects an If branch and a Loop body (nodes without names by id); outer names come from "outer"', () => {
    if (!hasPythonOnnx) return;
    const main = graphJson(models.control_flow!);
    // In file order: onnx.helper.make_node stores attributes sorted by name.
    expect(main.nodes.filter((n) => n.kind === 'op').map((n) => [n.op, n.subgraphs])).toEqual([
      ['If', ['else_branch', 'then_branch']],
      ['Loop', ['body']],
    ]);

    const then = graphJson(models.control_flow!, '--subgraph', 'n:0/then_branch');
    expect(then.name).toBe('then');
    expect(then.edges).toEqual([
      { from: 'outer', to: 'n:0', tensor: 'x', label: 'float32[2]' },
      { from: 'n:0', to: 'out:t_out', tensor: 't_out', label: 'float32[2]' },
    ]);

    const body = graphJson(models.control_flow!, '--subgraph', 'n:1/body');
    expect(body.nodes.map((n) => n.id)).toEqual(['in:i', 'in:c_in', 'in:v_in', 'n:0', 'n:1', 'out:c_out', 'out:v_out']);
    expect(body.nodes.find((n) => n.op === 'Add')?.initializers).toEqual(['step']);
    expect(body.edges.map((e) => `${e.from}->${e.to}`)).toEqual(['in:c_in->n:0', 'in:v_in->n:1', 'n:0->out:c_out', 'n:1->out:v_out']);
  });

  it('SVG output: a valid document with one <g> per node and one <path> per edge of the JSON graph; --out writes the same bytes', () => {
    if (!hasPythonOnnx) return;
    const r = cli('graph', models.cnn!, '--format', 'svg');
    expect(r.code, r.stderr).toBe(0);
    const m = graphJson(models.cnn!);
    // Parsed by python's expat (strict XML), not by pattern matching.
    const code = `
import json, sys, xml.etree.ElementTree as ET
ns = '{http://www.w3.org/2000/svg}'
root = ET.fromstring(sys.stdin.buffer.read())
print(json.dumps({'tag': root.tag, 'viewBox': root.get('viewBox'),
  'nodes': [[g.get('data-node-id'), g.get('data-op')] for g in root.iter(ns + 'g') if g.get('data-node-id') is not None],
  'edges': [[p.get('data-from'), p.get('data-to'), p.get('data-tensor')] for p in root.iter(ns + 'path') if p.get('data-from') is not None]}))`;
    const parsed = JSON.parse(execFileSync(PYTHON, ['-c', code], { input: r.stdout, encoding: 'utf8' })) as {
      tag: string;
      viewBox: string;
      nodes: string[][];
      edges: string[][];
    };
    expect(parsed.tag).toBe('{http://www.w3.org/2000/svg}svg');
    expect(parsed.nodes).toEqual(m.nodes.map((n) => [n.id, n.op ?? null]));
    expect(parsed.edges).toEqual(m.edges.map((e) => [e.from, e.to, e.tensor]));
    expect(parsed.viewBox).toMatch(/^-?[\d.]+ -?[\d.]+ [\d.]+ [\d.]+$/);

    const out = join(dir, 'cnn.svg');
    const w = cli('graph', models.cnn!, '--format', 'svg', '--out', out);
    expect(w.code, w.stderr).toBe(0);
    expect(w.stdout).toBe(`wrote ${out} (${m.nodes.length} nodes, ${m.edges.length} edges, ${Buffer.byteLength(r.stdout)} bytes)\n`);
    expect(readFileSync(out, 'utf8')).toBe(r.stdout);
    // Replaced in place by rename: no temp file left beside it.
    expect(readdirSync(dir).filter((f) => f.includes('cnn.svg'))).toEqual(['cnn.svg']);
    // Made to be shared: the umask's permissions (was 0600, unreadable to anyone else).
    const umask = process.umask();
    expect((statSync(out).mode & 0o777).toString(8)).toBe((0o666 & ~umask).toString(8));
    const dark = cli('graph', models.cnn!, '--format', 'svg', '--theme', 'dark');
    expect(dark.stdout).toContain('fill="#0e1015"/>');
    // --out works for the other formats too.
    expect(cli('graph', models.cnn!, '--format', 'json', '--out', join(dir, 'cnn.json')).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'cnn.json'), 'utf8'))).toEqual(m);
  });

  it('exits 2 with one error line: unreadable model, a path that names no subgraph, a bad --format', () => {
    const model = mlp(dir);
    for (const [args, code] of [
      [[join(dir, 'missing.onnx')], 'FILE_NOT_FOUND'],
      [[model, '--subgraph', 'fc1/body'], 'INVALID_REQUEST'],
      [[model, '--format', 'png'], 'INVALID_REQUEST'],
      [[model, '--format', 'svg', '--theme', 'pink'], 'INVALID_REQUEST'],
      [[model, '--format', 'svg', '--out', join(dir, 'no-such-folder', 'g.svg')], 'FILE_NOT_FOUND'],
      [[model, '--format', 'svg', '--out', model], 'INVALID_REQUEST'],
      [[model, '--format', 'svg', '--out', dir], 'NOT_A_FILE'],
    ] as const) {
      const r = cli('graph', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^error\\[${code}\\]: \\S`));
    }
  });
});
