// Two models (or bundles) → the DiffReport: the static comparison of what the reader sees, plus,
// when the service ran them, golden-sample results and latency. Pure: the service gathers the
// inputs (summaries, metadata, weight digests, runs), this decides.
import type { ModelMetadata } from '../metadata/defaults';
import { metadataOfModel } from '../metadata/defaults';
import { versionFromNumber } from '../metadata/onnx-props';
import type { ModelSummary } from '../model-summary';
import { bumpOf, classify, suggestVersion, versionCarriesBump } from './classify';
import { diffOps, diffOpsets, diffWeights, pct, sizeFindings } from './graph-diff';
import { diffIo } from './io-diff';
import { diffMetadata } from './metadata-diff';
import { sampleFindings } from './sample-diff';
import type { DiffReport, Finding, OutputCheck, SideFacts } from './types';

export interface DiffSide {
  label: string;
  kind: 'model' | 'bundle';
  summary: ModelSummary;
  /** Default: metadataOfModel(summary) (a bundle's model carries its manifest's record). */
  metadata?: ModelMetadata;
  /** Weight id → digest of its bytes (core/diff/weight-digests.ts); without it, value-only weight changes are not seen. */
  weights?: Record<string, string>;
}

export interface RunResults {
  samples?: DiffReport['samples'];
  performance?: DiffReport['performance'];
}

export function diffModels(older: DiffSide, newer: DiffSide, run: RunResults = {}): DiffReport {
  const ma = older.metadata ?? metadataOfModel(older.summary);
  const mb = newer.metadata ?? metadataOfModel(newer.summary);
  const inputs = diffIo('inputs', older.summary.graph.inputs, newer.summary.graph.inputs);
  const symbols = new Set(
    newer.summary.graph.inputs.flatMap((i) => (i.type.shape ?? []).filter((d): d is string => typeof d === 'string')),
  );
  const outputs = diffIo('outputs', older.summary.graph.outputs, newer.summary.graph.outputs, symbols);
  const opsets = diffOpsets(older.summary, newer.summary);
  const ops = diffOps(older.summary, newer.summary);
  const weights = diffWeights(older.weights, newer.weights);
  const findings: Finding[] = [
    ...inputs.findings,
    ...outputs.findings,
    ...opsets.findings,
    ...ops.findings,
    ...weights.findings,
    ...diffMetadata(ma, mb, older.summary.metadata, newer.summary.metadata),
    ...sizeFindings(older.summary, newer.summary),
    ...(run.samples ? sampleFindings(run.samples.results) : []),
    ...(run.performance ? [latencyFinding(run.performance)] : []),
  ];
  const classification = classify(findings);
  const outputCheck = outputCheckOf(run);
  const bump = bumpOf(classification);
  const fromVersion = versionOf(ma, older.summary);
  const suggestedVersion = suggestVersion(fromVersion, bump);
  const newerVersion = versionOf(mb, newer.summary);
  return {
    schemaVersion: 1,
    older: facts(older, ma),
    newer: facts(newer, mb),
    classification,
    verdict: classification === 'breaking' || outputCheck !== 'unverified' ? classification : 'unverified',
    outputCheck,
    bump,
    fromVersion,
    suggestedVersion,
    newerVersionOk: versionCarriesBump(newerVersion, suggestedVersion, bump),
    findings,
    io: { inputs: inputs.rows, outputs: outputs.rows },
    opsets: opsets.rows,
    ops: ops.rows,
    ...(weights.rows ? { weights: weights.rows } : {}),
    ...(run.samples ? { samples: run.samples } : {}),
    ...(run.performance ? { performance: run.performance } : {}),
  };
}

/** A sample that ran on the older model and then on the newer (matching, differing or failing there) verifies. */
function outputCheckOf(run: RunResults): OutputCheck {
  if (!run.samples) return 'not-run';
  return run.samples.results.some((r) => r.status === 'match' || r.status === 'differ' || r.status === 'newer-failed')
    ? 'verified'
    : 'unverified';
}

/** The stored record's version, else ONNX model_version, else 0.1.0 (what the Metadata step starts with). */
function versionOf(m: ModelMetadata, s: ModelSummary): string {
  if (m.source === 'stored') return m.metadata.version;
  return versionFromNumber(s.modelVersion) ?? '0.1.0';
}

function facts(side: DiffSide, m: ModelMetadata): SideFacts {
  const s = side.summary;
  return {
    label: side.label,
    kind: side.kind,
    name: m.metadata.name,
    version: versionOf(m, s),
    metadataSource: m.source,
    irVersion: s.irVersion,
    producer: [s.producer.name, s.producer.version].filter(Boolean).join(' '),
    fileBytes: s.file.bytes,
    externalBytes: s.externalData.reduce((n, e) => n + e.fileBytes, 0),
    parameterCount: s.stats.weights.parameterCount,
    weightBytes: s.stats.weights.bytes,
    nodeCount: s.stats.nodeCount,
  };
}

function latencyFinding(p: NonNullable<DiffReport['performance']>): Finding {
  const [x, y] = [p.older.p50, p.newer.p50];
  return {
    area: 'performance',
    change: 'changed',
    severity: 'info',
    subject: 'latency p50',
    before: `${x} ms`,
    after: `${y} ms`,
    message: `latency p50 ${x} ms → ${y} ms (${pct(x, y)}, ${p.inputs})`,
    why: 'measured here, shown, not counted',
  };
}
