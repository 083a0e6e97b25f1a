// Search, path highlight and op categories on models read by the real reader, with python's onnx
// as the reference: its operator schemas, and the node list of a residual CNN it built itself.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModelSummary } from '../../core/onnx/reader';
import { buildGraphModel } from '../../shared/graph/graph-model';
import { OTHER_ONNX_OPS, opCategory } from '../../shared/graph/op-colours';
import { pathToNode } from '../../shared/graph/path-highlight';
import { searchGraph } from '../../shared/graph/search';
import { manyNodes, mlp } from '../fixtures/models';
import { hasPythonOnnx, PYTHON, PYTHON_INSTALL, runPython } from '../fixtures/python-run';
import { suiteDir } from '../fixtures/tmp';

/** The operator schemas python's onnx knows, by domain ('' = ai.onnx). */
function pythonSchemas(): Record<string, string[]> {
  const code =
    'import json,onnx.defs as d; r={}\nfor s in d.get_all_schemas_with_history(): r.setdefault(s.domain,set()).add(s.name)\nprint(json.dumps({k:sorted(v) for k,v in r.items()}))';
  return JSON.parse(execFileSync(PYTHON, ['-c', code], { encoding: 'utf8' })) as Record<string, string[]>;
}

/** The main graph's nodes as onnx reads them from the file. */
function pythonNodes(model: string): Array<{ op: string; inputs: string[]; outputs: string[] }> {
  const code =
    'import json,sys,onnx; g=onnx.load(sys.argv[1]).graph; print(json.dumps([{"op":n.op_type,"inputs":list(n.input),"outputs":list(n.output)} for n in g.node]))';
  return JSON.parse(execFileSync(PYTHON, ['-c', code, model], { encoding: 'utf8' })) as Array<{
    op: string;
    inputs: string[];
    outputs: string[];
  }>;
}

describe('graph logic on real models', () => {
  const dir = suiteDir('graph-logic');
  let cnn = '';
  beforeAll(() => {
    // Without python in CI this must fail, not skip: the cross-checks are the point.
    expect(hasPythonOnnx || process.env.CI !== 'true', `${PYTHON} cannot import onnx: ${PYTHON_INSTALL}`).toBe(true);
    if (hasPythonOnnx) cnn = runPython<string[]>('build_models.py', [join(dir, 'py')]).find((p) => p.endsWith('cnn.onnx'))!;
  }, 120_000);

  it('every ai.onnx op python knows has a category, except the ones listed as other on purpose', () => {
    if (!hasPythonOnnx) return;
    const schemas = pythonSchemas();
    expect(schemas['']!.length).toBeGreaterThan(150);
    expect(schemas['']!.filter((op) => opCategory(op) === 'other' && !OTHER_ONNX_OPS.includes(op))).toEqual([]);
    // The deliberate list names real ops.
    expect(OTHER_ONNX_OPS.filter((op) => schemas['']!.includes(op)).length).toBeGreaterThan(15);
    // ai.onnx.ml: all but the tree ensembles.
    expect(schemas['ai.onnx.ml']!.filter((op) => opCategory(op, 'ai.onnx.ml') === 'other')).toEqual([
      'TreeEnsembleClassifier',
      'TreeEnsembleRegressor',
    ]);
  });

  it('search on the MLP fixture: names, ops and tensors (collapsed weights included) in graph order', async () => {
    const m = buildGraphModel((await readModelSummary(mlp(dir))).graph);
    const brief = (q: string) => searchGraph(m, q).map((h) => `${h.nodeId}|${h.field}|${h.text}`);
    expect(brief('fc')).toEqual(['n:0|name|fc1', 'n:1|name|fc1_bias', 'n:3|name|fc2', 'n:4|name|fc2_bias']);
    expect(brief('matmul')).toEqual(['n:0|op|MatMul', 'n:3|op|MatMul']);
    expect(brief('softmax')).toEqual(['n:5|name|softmax']);
    expect(brief('W2')).toEqual(['n:3|tensor|W2']);
    expect(brief('h3')).toEqual(['n:2|tensor|h3', 'n:3|tensor|h3']);
    expect(brief('y')).toEqual(['n:5|tensor|y', 'out:y|tensor|y']);
  });

  it("path on the python-built residual CNN: exactly the ancestors python's node list gives", () => {
    if (!hasPythonOnnx) return;
    const nodes = pythonNodes(cnn);
    const producer = new Map<string, number>();
    nodes.forEach((n, i) => n.outputs.forEach((o) => producer.set(o, i)));
    // Ancestors from python's list, computed independently (the graph input counts as one).
    const ancestors = (target: number): string[] => {
      const seen = new Set<string>([`n:${target}`]);
      const todo = [target];
      while (todo.length) {
        for (const t of nodes[todo.pop()!]!.inputs) {
          const p = producer.get(t);
          if (p !== undefined && !seen.has(`n:${p}`)) {
            seen.add(`n:${p}`);
            todo.push(p);
          }
          if (t === 'image') seen.add('in:image');
        }
      }
      return [...seen].sort();
    };
    return readModelSummary(cnn).then((summary) => {
      const m = buildGraphModel(summary.graph);
      nodes.forEach((_, i) => expect([...pathToNode(m, `n:${i}`).nodes].sort(), `n:${i} ${nodes[i]!.op}`).toEqual(ancestors(i)));
      const add = nodes.findIndex((n) => n.op === 'Add');
      const path = pathToNode(m, `n:${add}`);
      // The residual: both the skip (Relu → Add) and the branch through conv2 are on the path.
      expect([...path.edges].map((e) => `${m.edges[e]!.from}->${m.edges[e]!.to}:${m.edges[e]!.tensor}`).sort()).toEqual([
        'in:image->n:0:image',
        'n:0->n:1:c1',
        'n:1->n:2:bn',
        'n:2->n:3:r1',
        'n:2->n:4:r1',
        'n:3->n:4:c2',
      ]);
      expect(pathToNode(m, 'out:logits').nodes.size).toBe(m.nodes.length);
    });
  });

  it('a 50,000-node model from the reader: path from the output covers everything, search finds the last node', async () => {
    const m = buildGraphModel((await readModelSummary(manyNodes(dir, 50_000))).graph);
    const p = pathToNode(m, 'out:y');
    expect(p.nodes.size).toBe(50_002);
    expect(p.edges.size).toBe(50_001);
    expect(searchGraph(m, 'n49999')).toEqual([{ nodeId: 'n:49999', field: 'name', text: 'n49999' }]);
    expect(searchGraph(m, 'bias', 100_000)).toHaveLength(25_000);
  });
});
