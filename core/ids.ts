import { createHash, randomBytes } from 'node:crypto';

/** Opaque ids handed to the renderer instead of paths (it passes ids back, we map them). */
export function newId(): string {
  return randomBytes(12).toString('base64url');
}

/** Stable id for a path, so a recent entry keeps its id across restarts. */
export function idForPath(p: string): string {
  return createHash('sha256').update(p).digest('base64url').slice(0, 16);
}
