// Bounds on what a bundle tarball may write. Our tarballs carry modelcrate.json first; once it is
// read, every later entry must be a file it lists, of the size it lists, and all of them must fit
// on the disk. A small archive that inflates to fill the disk (a decompression bomb) is refused
// before it writes more than the manifest declares, and a bundle too big for the disk is refused
// before anything is extracted. Tarballs re-made by other tools (manifest not first) fall back to
// the inflation-ratio guard and to checking the files against the manifest afterwards.
import { statfsSync } from 'node:fs';
import type { ReadEntry } from 'tar';
import { parseManifest } from '../../shared/bundle/manifest';
import { MAX_SIGNATURE_BYTES, SIGNATURE_FILE } from '../../shared/bundle/manifest-signature';
import { AppError } from '../../shared/errors';
import { formatBytes } from '../../shared/format';
import { writeHashed, type Digest } from './hash-file';

/** modelcrate.json is a few KB (more with many samples and files); anything past this is not one. */
const MAX_MANIFEST_BYTES = 16 << 20;

export class ManifestLimits {
  private seenFirst = false;
  private sizes: Map<string, number> | null = null;
  /** Set when the declared files cannot fit: every later entry is refused with it. */
  private refusal: AppError | null = null;

  constructor(private readonly root: string) {}

  /** True for modelcrate.json as the archive's first file. */
  isLeadingManifest(rel: string, manifestName: string): boolean {
    const first = !this.seenFirst;
    this.seenFirst = true;
    return first && rel === manifestName;
  }

  /** Reads, writes and hashes the manifest; when it parses, its file list becomes the limits. */
  readManifest(entry: ReadEntry, abs: string): Promise<Digest> {
    const chunks: Buffer[] = [];
    let size = 0;
    // Listeners attached now, synchronously: the parser reads the next header only after this body.
    const body = new Promise<Buffer>((resolve, reject) => {
      entry.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_MANIFEST_BYTES)
          return reject(
            new AppError(
              'BUNDLE_INVALID',
              `The bundle's modelcrate.json is over ${formatBytes(MAX_MANIFEST_BYTES)}; no manifest is that big.`,
              'The file is damaged or not a bundle.',
            ),
          );
        chunks.push(c);
      });
      // Learnt here, synchronously: the next entry's header may be parsed in the same turn.
      entry.on('end', () => {
        const buf = Buffer.concat(chunks);
        this.learn(buf);
        resolve(buf);
      });
    });
    return body.then((buf) => {
      if (this.refusal) throw this.refusal;
      return writeHashed(abs, buf);
    });
  }

  /** Refuses an entry the leading manifest does not list, or lists with another size. */
  check(rel: string, size: number): void {
    if (this.refusal) throw this.refusal;
    if (!this.sizes) return;
    // The signature cannot be listed in the manifest it signs; it is small, and checked after extraction.
    if (rel === SIGNATURE_FILE) {
      if (size > MAX_SIGNATURE_BYTES)
        throw new AppError(
          'BUNDLE_TAMPERED',
          `The bundle's ${SIGNATURE_FILE} is ${size} bytes; a signature file is a few hundred.`,
          'The bundle was changed after it was packed; get it again or pack the model again.',
        );
      return;
    }
    const listed = this.sizes.get(rel);
    if (listed === undefined)
      throw new AppError(
        'BUNDLE_TAMPERED',
        `The bundle holds "${rel}", which modelcrate.json does not list.`,
        'The bundle was changed after it was packed; get it again or pack the model again.',
      );
    if (listed !== size)
      throw new AppError(
        'BUNDLE_TAMPERED',
        `The bundle's "${rel}" is ${size} bytes; modelcrate.json says ${listed}.`,
        'The bundle was changed after it was packed; get it again or pack the model again.',
      );
  }

  private learn(buf: Buffer): void {
    try {
      const { files } = parseManifest(JSON.parse(buf.toString('utf8')), 'modelcrate.json');
      this.sizes = new Map(files.map((f) => [f.path, f.size]));
    } catch {
      return; // reported by the manifest check after extraction, naming the field that is wrong
    }
    // Synchronous, like the rest of this handler: the next entry may already be on its way.
    const needed = [...this.sizes.values()].reduce((n, size) => n + size, 0);
    let free = Number.POSITIVE_INFINITY;
    try {
      const fs = statfsSync(this.root);
      free = fs.bavail * fs.bsize;
    } catch {
      // No figure for this file system: the write itself reports a full disk.
    }
    if (needed > free) {
      this.refusal = new AppError(
        'DISK_FULL',
        `The bundle needs ${formatBytes(needed)} to extract; only ${formatBytes(free)} is free there.`,
        'Free some disk space and open it again.',
      );
    }
  }
}
