// Findings → one classification and the semver bump from the older model's version. The worst
// counted finding decides: breaking → major, compatible → minor, patch → patch; `info` findings
// (sizes, latency, the version field) never count; nothing counted → none.
import semverInc from 'semver/functions/inc.js';
import semverGte from 'semver/functions/gte.js';
import semverValid from 'semver/functions/valid.js';
import type { Bump, Classification, Finding } from './types';

const BUMP: Record<Classification, Bump> = { breaking: 'major', compatible: 'minor', patch: 'patch', none: 'none' };

export function classify(findings: readonly Finding[]): Classification {
  if (findings.some((f) => f.severity === 'breaking')) return 'breaking';
  if (findings.some((f) => f.severity === 'compatible')) return 'compatible';
  if (findings.some((f) => f.severity === 'patch')) return 'patch';
  return 'none';
}

export function bumpOf(c: Classification): Bump {
  return BUMP[c];
}

/** `from` bumped (1.2.3 + minor → 1.3.0); an invalid version starts from 0.0.0. */
export function suggestVersion(from: string, bump: Bump): string {
  const base = semverValid(from) ?? '0.0.0';
  return bump === 'none' ? base : (semverInc(base, bump) ?? base);
}

/** Whether the newer model's own version already carries the bump (≥ the suggestion). */
export function versionCarriesBump(newer: string, suggested: string, bump: Bump): boolean {
  if (!semverValid(newer)) return false;
  return bump === 'none' ? true : semverGte(newer, suggested);
}
