// What `--out` writes for people to share or apply (a graph picture, Kubernetes manifests, a
// public key): atomically (temp file, fsync, rename) and with the umask's permissions, not the
// owner-only mode writeFileAtomic gives settings and keys.
import { writeFileAtomic } from '../core/fs/atomic-write';

export function writeOutFile(file: string, text: string): Promise<void> {
  return writeFileAtomic(file, text, { mode: 0o666 });
}
