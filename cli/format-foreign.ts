import { formatBytes, formatCount } from '../shared/format';
import type { Dim, ForeignIo, ForeignModel, ScanReport } from '../shared/formats/types';

const dims = (shape: Dim[] | null) => (shape === null ? '?' : `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`);

/** `modelcrate inspect` for a non-ONNX model file: what it is, the scan, the contract, the tensors. */
export function formatForeign(m: ForeignModel, readMs: number, maxTensors = 20): string {
  const lines: string[] = [];
  lines.push(`${m.fileName}  ${formatBytes(m.fileSize)}  (read in ${readMs.toFixed(1)} ms)`);
  lines.push(`  ${m.what}`);
  if (m.scan) lines.push('', ...formatScan(m.scan));
  if (m.io) {
    const io = (label: string, list: ForeignIo[]) => [
      label,
      ...(list.length ? list.map((v) => `  ${v.name}  ${v.dtype}  ${dims(v.shape)}`) : ['  (none)']),
    ];
    lines.push('', ...io('Inputs', m.io.inputs), '', ...io('Outputs', m.io.outputs));
  }
  lines.push(
    '',
    `Tensors ${formatCount(m.tensorCount)}` +
      (m.tensorBytes !== null ? ` · ${formatBytes(m.tensorBytes)}` : '') +
      (m.parameters !== null ? ` · ${formatCount(m.parameters)} parameters` : ''),
  );
  const width = Math.min(48, Math.max(0, ...m.tensors.slice(0, maxTensors).map((t) => t.name.length)));
  for (const t of m.tensors.slice(0, maxTensors)) {
    lines.push(`  ${t.name.padEnd(width)}  ${t.dtype.padEnd(8)}  ${dims(t.shape)}${t.bytes !== null ? `  ${formatBytes(t.bytes)}` : ''}`);
  }
  if (m.tensorCount > maxTensors) lines.push(`  … ${formatCount(m.tensorCount - maxTensors)} more (--json lists them)`);
  const meta = Object.entries(m.metadata);
  if (meta.length) lines.push('', 'Metadata', ...meta.slice(0, 40).map(([k, v]) => `  ${k}: ${oneLine(v)}`));
  for (const s of m.sections) {
    lines.push('', `${s.title}${s.total > s.rows.length ? ` (first ${s.rows.length} of ${s.total})` : ''}`);
    for (const r of s.rows.slice(0, 30)) lines.push(`  ${r.join('  ')}`);
    if (s.rows.length > 30) lines.push(`  … ${s.rows.length - 30} more (--json lists them)`);
  }
  if (m.notes.length) lines.push('', 'Notes', ...m.notes.map((n) => `  ${n}`));
  return lines.join('\n');
}

/** The scan verdict and every finding with its opcode offset: what `modelcrate scan` prints. */
export function formatScan(scan: ScanReport): string[] {
  const lines = [`Scan   ${scan.verdict.toUpperCase()}: ${scan.summary}`];
  for (const f of scan.findings) {
    lines.push(
      `  ${f.severity.padEnd(9)} ${f.call}${f.args ? `(${f.args})` : ''}  ${f.opcode} at byte ${f.offset} of ${f.pickle}: ${f.why}`,
    );
  }
  return lines;
}

function oneLine(v: string): string {
  const flat = v.replace(/\s+/g, ' ');
  return flat.length > 100 ? `${flat.slice(0, 97)}…` : flat;
}
