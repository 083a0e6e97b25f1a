// What a version diff says: every change found between an older and a newer model (or bundle), each
// with how much it matters to a consumer and why, and the semver bump that follows. The CLI's
// `diff --json` prints a DiffReport as it is, so fields here are a documented, stable shape.
import type { Dim } from '../model-summary';

/**
 * How much a change matters to someone already using the older model:
 * - breaking: a caller or consumer written for the older model can fail or misread (→ major);
 * - compatible: old callers keep working, something was added or the behaviour moved (→ minor);
 * - patch: the same contract, internals or text changed (→ patch);
 * - info: shown, never counted (sizes, latency, the version field itself).
 */
export type Severity = 'breaking' | 'compatible' | 'patch' | 'info';
export type Classification = 'breaking' | 'compatible' | 'patch' | 'none';
export type Bump = 'major' | 'minor' | 'patch' | 'none';
/**
 * What a release gate acts on: the classification, except that a diff whose outputs were to be
 * compared but could not be (no sample ran on both models) is 'unverified', never 'none' or
 * 'patch' — changed weights with unchecked outputs are not a safe release. Breaking stays breaking.
 */
export type Verdict = Classification | 'unverified';
/** verified: at least one sample ran on both models; unverified: asked, none could; not-run: --no-run. */
export type OutputCheck = 'verified' | 'unverified' | 'not-run';

export type FindingArea = 'inputs' | 'outputs' | 'opsets' | 'ops' | 'weights' | 'metadata' | 'size' | 'samples' | 'performance';

export interface Finding {
  area: FindingArea;
  change: 'added' | 'removed' | 'renamed' | 'changed';
  severity: Severity;
  /** What changed, e.g. `input "x"`, `opset ai.onnx`, `metadata description`. */
  subject: string;
  before?: string;
  after?: string;
  /** One line: what changed. */
  message: string;
  /** Why it has this severity. */
  why: string;
}

export interface IoEntry {
  name: string;
  /** Element type for tensors, the type's text otherwise. */
  type: string;
  shape: Dim[] | null;
}

/** One row of the side-by-side IO table: matched by name, or by position for a rename. */
export interface IoRow {
  status: 'same' | 'added' | 'removed' | 'renamed' | 'changed';
  older?: IoEntry;
  newer?: IoEntry;
  /** Per change, e.g. "dim 0: 1 → batch". */
  notes: string[];
}

export interface SideFacts {
  /** The file or folder name the user gave. */
  label: string;
  kind: 'model' | 'bundle';
  name: string;
  version: string;
  /** Whether the metadata is the record stored in the model or defaults read from it. */
  metadataSource: 'stored' | 'derived';
  irVersion: number;
  producer: string;
  fileBytes: number;
  externalBytes: number;
  /** Over every weight: initializers and Constant values, in every graph (shared/model-weights.ts). */
  parameterCount: number;
  weightBytes: number;
  nodeCount: number;
}

export interface SampleResult {
  name: string;
  /** Both models ran and every output the two share agrees within compare-outputs' tolerances. */
  status: 'match' | 'differ' | 'older-failed' | 'newer-failed' | 'skipped';
  /** Outputs compared (present in both). */
  outputs: string[];
  /** Largest |newer − older| over float outputs, when any. */
  maxAbsDiff?: number;
  /** The first difference beyond tolerance, in words (compare-outputs' `why`). */
  detail?: string;
  /** A model refused the inputs or failed: its error code and message. */
  error?: { code: string; message: string };
}

export interface SideLatency {
  p50: number;
  p90: number;
  runs: number;
  loadMs: number;
}

export interface DiffReport {
  schemaVersion: 1;
  older: SideFacts;
  newer: SideFacts;
  classification: Classification;
  bump: Bump;
  /** The older model's version (metadata, else model_version, else 0.1.0). */
  fromVersion: string;
  verdict: Verdict;
  outputCheck: OutputCheck;
  /** fromVersion bumped; equal to it when nothing changed. */
  suggestedVersion: string;
  /** Whether the newer model's own version is at least the suggested one. */
  newerVersionOk: boolean;
  findings: Finding[];
  io: { inputs: IoRow[]; outputs: IoRow[] };
  opsets: Array<{ domain: string; older: number | null; newer: number | null }>;
  /** Main-graph op counts that differ (domain-qualified op types). */
  ops: Array<{ op: string; older: number; newer: number }>;
  /** Weight ids (shared/model-weights.ts) whose bytes differ, appear or disappear; absent when not hashed. */
  weights?: WeightChanges;
  /** Absent with --no-run / when not asked. */
  samples?: {
    source: 'bundle' | 'given' | 'random';
    results: SampleResult[];
    /** When the generated sample could not run: which dims were guessed and how to size them. */
    hint?: string;
  };
  performance?: { older: SideLatency; newer: SideLatency; inputs: string };
}

export interface WeightChanges {
  /** Weights on each side: initializers and Constant values, every graph. */
  older: number;
  newer: number;
  changed: string[];
  added: string[];
  removed: string[];
}

export const SEVERITY_ORDER: readonly Severity[] = ['breaking', 'compatible', 'patch', 'info'];

/** Counted findings, most severe first (stable within a severity): the "why" list of a report. */
export function countedFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .filter((f) => f.severity !== 'info')
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
}
