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
import { AppError } from '../../shared/errors';
import type { Digest } from '../bundle/hash-file';
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
  const data = {
    path: file.path,
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: file.size,
    mtime: TAR_MTIME,
    type: 'File' as const,
    uname: '',
    gname: '',
  };
  const block = Buffer.alloc(BLOCK);
  const needPax = new Header(data).encode(block, 0);
  if (!needPax) return block;
  const pax = new Pax({ path: file.path });
  // Pax's own header takes the mtime we give (else 0): nothing from the clock.
  pax.mtime = TAR_MTIME;
  return Buffer.concat([pax.encode(), block]);
}

interface Segment {
  start: number;
  length: number;
  /** Header, padding or end-of-archive bytes; else the file. */
  bytes?: Buffer;
  file?: LayerFile;
}

export class TarLayer implements BlobSource {
  readonly size: number;
  digest = '';
  /** Each non-empty file's size and sha256, filled by computeDigest. */
  readonly fileDigests = new Map<string, Digest>();
  private readonly segments: Segment[] = [];

  constructor(
    private readonly root: string,
    readonly files: LayerFile[],
  ) {
    let at = 0;
    const push = (seg: Omit<Segment, 'start'>) => {
      if (seg.length > 0) this.segments.push({ start: at, ...seg });
      at += seg.length;
    };
    for (const f of files) {
      const header = headerFor(f);
      push({ length: header.length, bytes: header });
      push({ length: f.size, file: f });
      const pad = (BLOCK - (f.size % BLOCK)) % BLOCK;
      push({ length: pad, bytes: Buffer.alloc(pad) });
    }
    push({ length: 2 * BLOCK, bytes: Buffer.alloc(2 * BLOCK) });
    this.size = at;
  }

  /**
   * Reads the layer once to learn its sha256 (also its diffId: the tar is not compressed), and on
   * the way each file's sha256 (fileDigests), so the push checks the files against the manifest
   * without reading the weights a further time.
   */
  async computeDigest(signal?: AbortSignal, onBytes?: (n: number) => void): Promise<string> {
    const hash = createHash('sha256');
    this.fileDigests.clear();
    for (const seg of this.segments) {
      const fileHash = seg.file ? createHash('sha256') : undefined;
      for await (const c of this.range(seg.start, seg.start + seg.length, signal)) {
        hash.update(c);
        fileHash?.update(c);
        onBytes?.(c.length);
      }
      if (seg.file) this.fileDigests.set(seg.file.path, { size: seg.file.size, sha256: fileHash!.digest('hex') });
    }
    this.digest = `sha256:${hash.digest('hex')}`;
    return this.digest;
  }

  /**
   * Bytes [start, end) of the tar, in pieces of at most 4 MiB read from disk as they are asked for.
   * A file whose size differs from when it was listed is BUNDLE_TAMPERED (never a corrupt layer).
   */
  async *range(start: number, end: number, signal?: AbortSignal): AsyncGenerator<Buffer> {
    for (const seg of this.segments) {
      const from = Math.max(start, seg.start);
      const to = Math.min(end, seg.start + seg.length);
      if (from >= to) continue;
      if (signal?.aborted) throw new AppError('CANCELLED', 'The transfer was cancelled.');
      if (seg.bytes) {
        yield seg.bytes.subarray(from - seg.start, to - seg.start);
        continue;
      }
      const file = seg.file!;
      const fh = await open(path.join(this.root, file.path), 'r');
      try {
        if ((await fh.stat()).size !== file.size) throw changed(file);
        for (let pos = from - seg.start; pos < to - seg.start;) {
          if (signal?.aborted) throw new AppError('CANCELLED', 'The transfer was cancelled.');
          const buf = Buffer.allocUnsafe(Math.min(READ, to - seg.start - pos));
          const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
          if (bytesRead === 0) throw changed(file);
          pos += bytesRead;
          yield buf.subarray(0, bytesRead);
        }
      } finally {
        await fh.close();
      }
    }
  }
}

function changed(file: LayerFile): AppError {
  return new AppError(
    'BUNDLE_TAMPERED',
    `${file.path} changed size while it was being pushed.`,
    'Do not edit the bundle during a push; push it again.',
  );
}
