// Finding an If/Loop/Scan body from the main graph. Pure (the renderer's breadcrumbs use it too).
import { AppError } from '../errors';
import type { GraphSummary, NodeInfo } from '../model-summary';

/** One step down: the node (by name, or by its id `n:<index>` when it has no unique name) and the
 *  attribute that holds the graph; `index` picks one graph of a `graphs` attribute. */
export interface SubgraphStep {
  node: string;
  attribute: string;
  index?: number;
}

/** Node ids are positions, not names: names may be empty or repeated in valid models. */
export const opNodeId = (index: number): string => `n:${index}`;

/** The graph names held by a node's attributes (If: then_branch/else_branch, Loop/Scan: body). */
export function subgraphAttributes(node: NodeInfo): string[] {
  return node.attributes.filter((a) => a.type === 'graph' || a.type === 'graphs').map((a) => a.name);
}

function findNode(graph: GraphSummary, ref: string): number {
  let found = -1;
  for (let i = 0; i < graph.nodes.length; i++) {
    if (graph.nodes[i]!.name !== ref) continue;
    // A repeated name cannot say which node is meant; the id form can.
    if (found >= 0)
      throw new AppError(
        'INVALID_REQUEST',
        `Node name "${ref}" is used by more than one node in graph "${graph.name}".`,
        `Use its id instead, e.g. ${opNodeId(found)}.`,
      );
    found = i;
  }
  if (found >= 0) return found;
  const m = /^n:(\d+)$/.exec(ref);
  if (m && Number(m[1]) < graph.nodes.length) return Number(m[1]);
  return -1;
}

/** Walks `path` from `root`; returns every graph on the way, root first, the selected one last. */
export function resolveSubgraphPath(root: GraphSummary, path: readonly SubgraphStep[]): GraphSummary[] {
  const chain = [root];
  for (const step of path) {
    const graph = chain[chain.length - 1]!;
    const at = findNode(graph, step.node);
    if (at < 0)
      throw new AppError(
        'INVALID_REQUEST',
        `No node "${step.node}" in graph "${graph.name}".`,
        'Name a node that holds a subgraph (If, Loop, Scan), or use its id n:<index>.',
      );
    const node = graph.nodes[at]!;
    const attr = node.attributes.find((a) => a.name === step.attribute);
    const held = attr?.type === 'graph' ? [attr.value] : attr?.type === 'graphs' ? attr.value : [];
    const sub = held[step.index ?? 0];
    if (!sub) {
      const names = subgraphAttributes(node);
      throw new AppError(
        'INVALID_REQUEST',
        `Node "${step.node}" (${node.opType}) has no subgraph "${step.attribute}${step.index ? `[${step.index}]` : ''}".`,
        names.length ? `Its subgraphs: ${names.join(', ')}.` : 'It holds no subgraph.',
      );
    }
    chain.push(sub);
  }
  return chain;
}

/**
 * Parses the CLI form `node/attr[/node/attr…]` against the graph itself: exported node names often
 * contain "/" (PyTorch's "/layer1/conv/Conv"), so each step takes the node name that exists and
 * holds a graph attribute named by the next segment, trying the shortest name first.
 */
export function parseSubgraphPath(root: GraphSummary, text: string): SubgraphStep[] {
  const steps: SubgraphStep[] = [];
  let graph = root;
  let rest = text;
  while (rest.length > 0) {
    let step: SubgraphStep | undefined;
    for (let cut = rest.indexOf('/', 1); cut > 0 && !step; cut = rest.indexOf('/', cut + 1)) {
      const node = rest.slice(0, cut);
      const after = rest.slice(cut + 1);
      const attribute = after.split('/')[0]!;
      const at = findNode(graph, node);
      if (at >= 0 && subgraphAttributes(graph.nodes[at]!).includes(attribute)) {
        step = { node, attribute };
        rest = after.slice(attribute.length + 1);
      }
    }
    if (!step)
      throw new AppError(
        'INVALID_REQUEST',
        `Cannot find "${rest}" in graph "${graph.name}": expected node/attribute, e.g. loop_1/body.`,
        'List node names with `modelcrate graph <model> --format json`.',
      );
    steps.push(step);
    graph = resolveSubgraphPath(graph, [step])[1]!;
  }
  return steps;
}
