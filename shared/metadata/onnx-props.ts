// How the metadata lives inside an ONNX file. The whole record is one JSON value under our own
// namespaced key (lossless, versioned); the fields other tools already read are mirrored into the
// keys they read: model_author / model_license (ONNX's documented keys), "labels" (what our Test
// step, and many exporters, read class names from), doc_string and model_version.
import type { Metadata } from './schema';
import parseSemver from 'semver/functions/parse.js';

export const METADATA_KEY = 'modelcrate.metadata';
const MIRRORED = ['model_author', 'model_license', 'labels'] as const;

export interface PropsEdit {
  set: Record<string, string>;
  remove: string[];
  docString: string;
  /** Absent when the version cannot be packed into ONNX's int64 (see versionNumber). */
  modelVersion?: number;
}

export function metadataToProps(m: Metadata): PropsEdit {
  const mirrored: Record<(typeof MIRRORED)[number], string> = {
    model_author: m.authors.join(', '),
    model_license: m.license,
    labels: m.labels.length ? JSON.stringify(m.labels) : '',
  };
  const set: Record<string, string> = { [METADATA_KEY]: JSON.stringify(m) };
  const remove: string[] = [];
  // A mirror emptied in the form is removed, not left stale beside the record that cleared it.
  for (const key of MIRRORED) {
    if (mirrored[key]) set[key] = mirrored[key];
    else remove.push(key);
  }
  const modelVersion = versionNumber(m.version);
  return { set, remove, docString: m.description, ...(modelVersion === null ? {} : { modelVersion }) };
}

/**
 * ONNX's model_version is one int64: MAJOR·10^6 + MINOR·10^3 + PATCH, so 1.2.3 → 1002003 and the
 * order of versions is kept. Null when minor or patch exceed 999 or there is a pre-release.
 */
export function versionNumber(version: string): number | null {
  const v = parseSemver(version);
  if (!v || v.prerelease.length || v.minor > 999 || v.patch > 999 || v.major > 9_000_000_000) return null;
  return v.major * 1_000_000 + v.minor * 1_000 + v.patch;
}

/**
 * A version for a model_version found in a file (0 = unset). Exporters mostly write small counters
 * (1, 2, …): those read as majors; larger numbers as versionNumber's packing.
 */
export function versionFromNumber(n: number): string | null {
  if (!Number.isSafeInteger(n) || n <= 0) return null;
  if (n < 1_000) return `${n}.0.0`;
  return `${Math.floor(n / 1_000_000)}.${Math.floor(n / 1_000) % 1_000}.${n % 1_000}`;
}
