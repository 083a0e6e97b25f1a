// `modelcrate graph --format dot|svg`: Graphviz text or a standalone SVG picture of the graph model. Every id is quoted because
// ours contain ':' and tensor names may contain anything.
import type { GraphModel, GraphNode } from '../shared/graph/graph-model';
import { layoutGraph } from '../shared/graph/layout';
import { graphToSvg } from '../shared/graph/svg-export';

/** A DOT string literal: backslash and double quote escaped, newlines kept as DOT's \n. */
export const dotString = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;

function nodeLine(n: GraphNode): string {
  if (n.kind !== 'op') {
    const shape = n.kind === 'initializer' ? 'note' : n.kind === 'outer' ? 'plaintext' : 'ellipse';
    return `  ${dotString(n.id)} [label=${dotString(n.name)}, shape=${shape}];`;
  }
  // The op type is the label's first line: it is what people scan for; the name says which one.
  const lines = [n.domain ? `${n.domain}.${n.op}` : n.op!];
  if (n.name) lines.push(n.name);
  if (n.initializers?.length) lines.push(`+${n.initializers.length} initializer${n.initializers.length > 1 ? 's' : ''}`);
  if (n.subgraphs?.length) lines.push(`[${n.subgraphs.join(', ')}]`);
  return `  ${dotString(n.id)} [label=${dotString(lines.join('\n'))}, shape=box];`;
}

export function toDot(m: GraphModel): string {
  const out = [
    `digraph ${dotString(m.name || 'graph')} {`,
    '  rankdir=TB;',
    '  node [fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const n of m.nodes) out.push(nodeLine(n));
  for (const e of m.edges)
    out.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [label=${dotString(e.label || e.tensor)}, tooltip=${dotString(e.tensor)}];`);
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** `--format svg`: laid out with our layered engine (the one that copes with 50k-node graphs). */
export async function toSvg(m: GraphModel, theme: 'light' | 'dark'): Promise<string> {
  return graphToSvg(m, await layoutGraph(m, { engine: 'layered' }), { theme });
}
