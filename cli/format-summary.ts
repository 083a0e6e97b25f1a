import type { ModelSummary, ValueInfo } from '../shared/model-summary';
import { formatBytes, formatCount, formatShape } from '../shared/format';

/** The readable `modelcrate inspect` report: the contract first, then what the graph is made of. */
export function formatSummary(s: ModelSummary, readMs: number): string {
  const lines: string[] = [];
  lines.push(`${s.file.name}  ${formatBytes(s.file.bytes)}  (read in ${readMs.toFixed(1)} ms)`);
  const opsets = s.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ');
  const producer = [s.producer.name, s.producer.version].filter(Boolean).join(' ') || 'unknown';
  lines.push(
    `  IR ${s.irVersion} · opsets ${opsets || 'none'} · producer ${producer}${s.modelVersion ? ` · model_version ${s.modelVersion}` : ''}`,
  );
  if (s.docString) lines.push(`  ${s.docString.split('\n')[0]}`);
  lines.push('', 'Inputs', ...table(s.graph.inputs), '', 'Outputs', ...table(s.graph.outputs), '');
  const st = s.stats;
  lines.push(
    `Graph  ${st.nodeCount} nodes · ${st.initializerCount} initializers` +
      (st.nested.graphCount ? ` · ${st.nested.graphCount} subgraphs with ${st.nested.nodeCount} nodes` : ''),
    `Weights ${formatCount(st.weights.parameterCount)} parameters (${formatBytes(st.weights.bytes)}${st.weights.precision === 'none' ? '' : `, ${st.weights.precision}`})` +
      ` · ${st.weights.initializers} initializers · ${st.weights.constants} in Constant nodes`,
  );
  const ops = Object.entries(st.opHistogram).sort((a, b) => b[1] - a[1]);
  if (ops.length)
    lines.push(
      `Ops    ${ops
        .slice(0, 12)
        .map(([op, n]) => `${op} ${n}`)
        .join(' · ')}${ops.length > 12 ? ` · …${ops.length - 12} more` : ''}`,
    );
  const meta = Object.entries(s.metadata);
  if (meta.length) lines.push('', 'Metadata', ...meta.map(([k, v]) => `  ${k}: ${oneLine(v)}`));
  if (s.externalData.length) lines.push('', 'External data', ...s.externalData.map((e) => `  ${e.location}  ${formatBytes(e.bytes)}`));
  return lines.join('\n');
}

function table(values: ValueInfo[]): string[] {
  if (!values.length) return ['  (none)'];
  const width = Math.min(40, Math.max(...values.map((v) => v.name.length)));
  return values.map((v) => {
    const t = v.type.kind === 'tensor' ? `${v.type.elemType ?? '?'}  ${formatShape(v.type.shape)}` : v.type.text;
    return `  ${v.name.padEnd(width)}  ${t}`;
  });
}

function oneLine(v: string): string {
  const flat = v.replace(/\s+/g, ' ');
  return flat.length > 100 ? `${flat.slice(0, 97)}…` : flat;
}
