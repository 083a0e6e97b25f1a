// Field checks the schema uses, from well-kept libraries rather than home-made regexes: SPDX's own
// license list (spdx-expression-parse) and npm's semver.
import parseSpdx from 'spdx-expression-parse';
import validSemver from 'semver/functions/valid.js';

/** An SPDX expression over known license ids (or LicenseRef-…), e.g. "MIT OR Apache-2.0". */
export function isValidSpdx(expression: string): boolean {
  try {
    parseSpdx(expression);
    return true;
  } catch {
    return false;
  }
}

/** Strict semver 2.0 (no leading "v", no loose forms): what bundles and image tags carry. */
export function isValidSemver(version: string): boolean {
  return validSemver(version) === version;
}
