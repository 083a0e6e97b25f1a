// The Docker build context: Dockerfile, server, minimal runtime and the model bundle, as a tar
// streamed file by file (never held in memory whole: a model may be GBs) or written as a folder
// for people who build elsewhere. Reproducible: fixed order, mtime and owner, normalised modes.
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Header, Pax } from 'tar';
import type { Manifest } from '../../shared/bundle/manifest';
import { AppError } from '../../shared/errors';
import { APP_VERSION } from '../app-version';
import { openBundle } from '../bundle/open';
import { TAR_MTIME } from '../bundle/tar-write';
import { parsePublicKeyPem } from '../signing/ed25519';
import { bundleEntries, runtimeEntries, type ContextEntry, type RuntimeLocation } from './context-files';
import { PUBLIC_KEY_FILE, renderDockerfile } from './dockerfile';

export type { ContextEntry, RuntimeLocation } from './context-files';

export interface BuildContext {
  manifest: Manifest;
  entries: ContextEntry[];
  /** Total bytes per part, for the layer breakdown and progress. */
  bytes: { runtime: number; server: number; bundle: number };
  /** Removes the extraction folder of a .tar.gz bundle (a no-op for a folder bundle). */
  dispose(): Promise<void>;
}

export interface ContextOptions {
  runtime?: RuntimeLocation;
  signal?: AbortSignal;
  /** Where a .tar.gz bundle is extracted (default: a temp folder, removed by dispose). */
  tempParent?: string;
  /**
   * A PEM public key baked into the image: its server then serves only a bundle signed by it. The
   * bundle must already be (SIGNATURE_MISSING / _UNTRUSTED now, not an image that never starts).
   */
  publicKeyPem?: string;
}

export async function prepareContext(bundlePath: string, opts: ContextOptions = {}): Promise<BuildContext> {
  const temp = await mkdtemp(path.join(opts.tempParent ?? tmpdir(), 'mc-context-'));
  const dispose = () => rm(temp, { recursive: true, force: true });
  try {
    const key = opts.publicKeyPem === undefined ? undefined : parsePublicKeyPem(opts.publicKeyPem, 'The public key for the image');
    const opened = await openBundle(bundlePath, temp, {
      signal: opts.signal,
      ...(key ? { signature: { trusted: [key], require: true } } : {}),
    });
    const m = opened.manifest;
    const runtime = await runtimeEntries(m, opts.runtime);
    if (key)
      runtime.push({ name: `server/${PUBLIC_KEY_FILE}`, source: Buffer.from(key.pem), size: Buffer.byteLength(key.pem), mode: 0o644 });
    const bundle = await bundleEntries(opened.root, m);
    const dockerfile = Buffer.from(renderDockerfile(m, APP_VERSION, { requireSignature: !!key }));
    const entries = [{ name: 'Dockerfile', source: dockerfile, size: dockerfile.length, mode: 0o644 }, ...runtime, ...bundle];
    const sum = (prefix: string) => entries.filter((e) => e.name.startsWith(prefix)).reduce((n, e) => n + e.size, 0);
    return { manifest: m, entries, bytes: { runtime: sum('runtime/'), server: sum('server/'), bundle: sum('bundle/') }, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}

/** The context as a tar stream; `onBytes` counts file bytes as they are read (build upload progress). */
export function contextStream(entries: ContextEntry[], opts: { signal?: AbortSignal; onBytes?: (n: number) => void } = {}): Readable {
  return Readable.from(tarChunks(entries, opts), { objectMode: false, signal: opts.signal });
}

async function* tarChunks(entries: ContextEntry[], opts: { onBytes?: (n: number) => void }): AsyncGenerator<Buffer> {
  for (const e of entries) {
    const fields = {
      path: e.name,
      mode: e.mode,
      uid: 0,
      gid: 0,
      uname: '',
      gname: '',
      size: e.size,
      mtime: TAR_MTIME,
      type: 'File' as const,
    };
    const header = new Header(fields);
    // Names longer than ustar's 100+155 go into a PAX record ahead of the header.
    if (header.encode()) yield new Pax(fields).encode();
    yield header.block!;
    let read = 0;
    if (Buffer.isBuffer(e.source)) {
      read = e.source.length;
      yield e.source;
    } else {
      for await (const chunk of createReadStream(e.source, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
        read += chunk.length;
        if (read > e.size) break;
        opts.onBytes?.(chunk.length);
        yield chunk;
      }
    }
    if (read !== e.size)
      throw new AppError(
        'IO_ERROR',
        `${e.name} changed size while the build context was written (${e.size} → ${read} bytes).`,
        'Try again once nothing is writing to it.',
      );
    const pad = (512 - (e.size % 512)) % 512;
    if (pad) yield Buffer.alloc(pad);
  }
  yield Buffer.alloc(1024);
}

/** The same files as a folder (`modelcrate context`), plus a README line on how to build it. */
export async function writeContextDir(ctx: BuildContext, out: string, signal?: AbortSignal): Promise<void> {
  await mkdir(out, { recursive: true });
  for (const e of ctx.entries) {
    if (signal?.aborted) throw new AppError('CANCELLED', 'Writing the build context was cancelled.');
    const dest = path.join(out, ...e.name.split('/'));
    await mkdir(path.dirname(dest), { recursive: true });
    if (Buffer.isBuffer(e.source)) await writeFile(dest, e.source, { mode: e.mode });
    else await copyFile(e.source, dest);
  }
  const m = ctx.manifest.metadata;
  await writeFile(
    path.join(out, 'README.md'),
    `# ${m.name} ${m.version} — Docker build context\n\nBuild and run (needs linux/amd64):\n\n    docker build -t ${m.name}:${m.version} .\n    docker run -p 8080:8080 ${m.name}:${m.version}\n\nAnother base image (Debian-based, Node ≥ 20, glibc ≥ 2.28): \`--build-arg BASE_IMAGE=…\`.\n`,
  );
}
