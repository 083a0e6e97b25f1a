import { open, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/**
 * Writes a file so that readers see either the old content or the new one, never half of it:
 * temp file in the same folder (same file system, so rename is atomic), fsync, rename.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, opts: { mode?: number } = {}): Promise<void> {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  // Owner-only unless asked: most callers write settings, keys and state. Files made for people
  // to share (an exported graph) pass 0o666 and get the usual umask-filtered permissions.
  const fh = await open(tmp, 'wx', opts.mode ?? 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  try {
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
