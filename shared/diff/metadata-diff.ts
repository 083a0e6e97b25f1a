// Metadata (shared/metadata/schema.ts), older vs newer, field by field (dotted paths; lists compared
// whole). The rules:
// - `name` is the OIP model name and the image name: serving URLs change → breaking;
// - labels and pre/postprocessing changed or removed change what an output index means or what a
//   client must feed: clients that follow the old record get wrong answers silently → breaking;
// - a field filled where it was empty: added documentation → compatible (minor);
// - any other text or value edit (description, authors, licence, card, …) → patch;
// - the version itself, the schema version and the measured performance: shown, not counted.
// A record on one side only is one finding (added: compatible; removed: patch), not a field-by-field
// comparison against guesses. When neither side stores one, the derived fields are compared except
// the name and title (guessed from the file name when the graph name says nothing) and the default
// version.
// Other metadata_props keys (not ours, not our mirrors) are compared as plain strings.
import type { ModelMetadata } from '../metadata/defaults';
import { METADATA_KEY } from '../metadata/onnx-props';
import type { Finding, Severity } from './types';

const MIRRORED = new Set([METADATA_KEY, 'model_author', 'model_license', 'labels']);
const NOT_COUNTED = new Set(['version', 'schemaVersion']);
/** Without a stored record these come from the file name (name, title) or a default (version). */
const DERIVED_GUESSES = new Set(['name', 'title', 'version']);
const BREAKING = [
  /^name$/,
  /^labels$/,
  /^inputs\.[^.]+\.preprocessing(\.|$)/,
  /^outputs\.[^.]+\.postprocessing(\.|$)/,
  /^inputs\.[^.]+\.kind$/,
];

export function diffMetadata(
  older: ModelMetadata,
  newer: ModelMetadata,
  olderProps: Record<string, string>,
  newerProps: Record<string, string>,
): Finding[] {
  const findings: Finding[] = [];
  if (older.source !== newer.source) {
    const added = newer.source === 'stored';
    findings.push({
      area: 'metadata',
      change: added ? 'added' : 'removed',
      severity: added ? 'compatible' : 'patch',
      subject: 'metadata record',
      message: added
        ? 'the newer model stores a metadata record'
        : 'the newer model stores no metadata record (defaults are read from the model)',
      why: added ? 'documentation added' : 'tools fall back to defaults read from the model; the contract is unchanged',
    });
  }
  // A record on one side only: the other side's fields are guesses, not a record to compare with.
  if (older.source === newer.source) findings.push(...fieldFindings(older, newer));
  for (const key of [...new Set([...Object.keys(olderProps), ...Object.keys(newerProps)])].sort()) {
    if (MIRRORED.has(key) || olderProps[key] === newerProps[key]) continue;
    const x = olderProps[key];
    const y = newerProps[key];
    const change = x === undefined ? 'added' : y === undefined ? 'removed' : 'changed';
    findings.push({
      area: 'metadata',
      change,
      severity: change === 'added' ? 'compatible' : 'patch',
      subject: `metadata_props "${key}"`,
      ...(x !== undefined ? { before: short(x) } : {}),
      ...(y !== undefined ? { after: short(y) } : {}),
      message: `metadata_props "${key}" ${change}`,
      why: change === 'added' ? 'information added' : 'a text edit outside the contract',
    });
  }
  return findings;
}

function fieldFindings(older: ModelMetadata, newer: ModelMetadata): Finding[] {
  const derived = older.source === 'derived';
  const a = flatten(older.metadata as unknown as Record<string, unknown>);
  const b = flatten(newer.metadata as unknown as Record<string, unknown>);
  const out: Finding[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    if (derived && DERIVED_GUESSES.has(key)) continue;
    if (a.get(key) !== b.get(key)) out.push(fieldFinding(key, a.get(key), b.get(key)));
  }
  return out;
}

function fieldFinding(key: string, x: string | undefined, y: string | undefined): Finding {
  const empty = (v: string | undefined) => v === undefined || v === '""' || v === '[]' || v === '{}';
  const change: Finding['change'] = empty(x) ? 'added' : empty(y) ? 'removed' : 'changed';
  let severity: Severity;
  let why: string;
  if (NOT_COUNTED.has(key) || key === 'performance' || key.startsWith('performance.')) {
    severity = 'info';
    why = key === 'version' ? 'the version is what this diff suggests' : 'shown, not counted';
  } else if (change !== 'added' && BREAKING.some((r) => r.test(key))) {
    severity = 'breaking';
    why =
      key === 'name'
        ? "the name is the served model's name (OIP route, image name): clients addressing the old name miss it"
        : key === 'labels'
          ? 'class indices map to other names: consumers that show labels mislabel'
          : 'clients preparing or reading tensors as the old record says get wrong answers';
  } else if (change === 'added') {
    severity = 'compatible';
    why = 'documentation added';
  } else {
    severity = 'patch';
    why = 'a text or value edit outside the contract';
  }
  return {
    area: 'metadata',
    change,
    severity,
    subject: `metadata ${key}`,
    ...(x !== undefined ? { before: short(x) } : {}),
    ...(y !== undefined ? { after: short(y) } : {}),
    message: `metadata ${key} ${change === 'changed' ? `${short(x!)} → ${short(y!)}` : change}`,
    why,
  };
}

/** Dotted paths to JSON text of leaves; arrays are leaves (a reordered list is a change). */
export function flatten(o: Record<string, unknown>, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(o)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out);
    else if (v !== undefined) out.set(key, JSON.stringify(v));
  }
  return out;
}

function short(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}
