// A layer as an uncompressed, reproducible tar of some bundle files, produced on demand from the
// files on disk (never held in memory, never written to a temp file): headers are encoded with
// node-tar's Header, so the bytes depend only on the paths and contents. Fixed mtime (the bundle
// tarball's), uid/gid 0 with no owner names, mode 0644, entries in the order given (sorted by the
// caller), no directory entries, no pax records except a path too long for ustar (that record
// holds the path only: no timestamps). Reading it twice gives the same bytes, so pushing the same
// bundle twice gives the same digests.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { Header, Pax } from 'tar';
import { AppError } from '../../../shared/errors';
import { TAR_MTIME } from '../bundle/tar-write';
import type { BlobSource } from './registry-client';

export interface LayerFile {
  /** Bundle-relative path: the entry's name in the tar. */
  path: string;
  size: number;
}

const BLOCK = 512;
const READ = 4 << 20;

/** The header block(s) of one file: a pax record first when the path does not fit ustar. */
function headerFor(file: LayerFile): Buffer {
  const data = { path: file.path, mode: 0o644, uid: 0, gid: 0, size: file.size, mtime: TAR_MTIME, type: 'File' as const, uname: '', gname: '' };
  const block = Buffer.alloc(BLOCK);
  const needPax = new Header(data).encode(block, 0);
  if (!needPax) return block;
  const pax = new Pax({ path: file.path });
  // Pax's own header takes the mtime we give (else 0): nothing from the clock.
  pax.mtime = TAR_MTIME;
  return Buffer.concat([pax.encode(), block]);
}

export class TarLayer implements BlobSource {
  readonly size: number;
  digest = '';
  private readonly headers: Buffer[];

  constructor(
    private readonly root: string,
    readonly files: LayerFile[],
  ) {
    this.headers = files.map(headerFor);
    this.size = files.reduce((n, f, i) => n + this.headers[i]!.length + Math.ceil(f.size / BLOCK) * BLOCK, 0) + 2 * BLOCK;
  }

  /** Reads the layer once to learn its sha256 (also its diffId: the tar is not compressed). */
  async computeDigest(signal?: AbortSignal, onBytes?: (n: number) => void): Promise<string> {
    const hash = createHash('sha256');
    for await (const c of this.chunks(READ, signal)) {
      hash.update(c);
      onBytes?.(c.length);
    }
    this.digest = `sha256:${hash.digest('hex')}`;
    return this.digest;
  }

  /** The tar's bytes in chunks of at most `chunkSize`; a file that changed size since it was listed is an error. */
  async *chunks(chunkSize: number, signal?: AbortSignal): AsyncGenerator<Buffer> {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const take = function* (buf: Buffer): Generator<Buffer> {
      let off = 0;
      while (off < buf.length) {
        const n = Math.min(chunkSize - pendingBytes, buf.length - off);
        pending.push(buf.subarray(off, off + n));
        pendingBytes += n;
        off += n;
        if (pendingBytes === chunkSize) {
          yield Buffer.concat(pending);
          pending = [];
          pendingBytes = 0;
        }
      }
    };
    for (const [i, file] of this.files.entries()) {
      yield* take(this.headers[i]!);
      const fh = await open(path.join(this.root, file.path), 'r');
      try {
        let read = 0;
        while (read < file.size) {
          if (signal?.aborted) throw new AppError('CANCELLED', 'The transfer was cancelled.');
          const buf = Buffer.allocUnsafe(Math.min(READ, file.size - read));
          const { bytesRead } = await fh.read(buf, 0, buf.length, read);
          if (bytesRead === 0) break;
          read += bytesRead;
          yield* take(buf.subarray(0, bytesRead));
        }
        const extra = await fh.read(Buffer.alloc(1), 0, 1, read);
        if (read !== file.size || extra.bytesRead !== 0) {
          throw new AppError('BUNDLE_TAMPERED', `${file.path} changed size while it was being pushed.`, 'Do not edit the bundle during a push; push it again.');
        }
      } finally {
        await fh.close();
      }
      const pad = (BLOCK - (file.size % BLOCK)) % BLOCK;
      if (pad) yield* take(Buffer.alloc(pad));
    }
    yield* take(Buffer.alloc(2 * BLOCK));
    if (pendingBytes) yield Buffer.concat(pending);
  }
}
