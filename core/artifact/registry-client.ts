// The OCI distribution API, spoken directly with Node's fetch: HEAD a blob to skip what the registry
// already holds, POST + PATCH (chunks) + PUT to upload, PUT a manifest, GET with Accept headers.
// Authentication follows the registry's 401 challenge: Basic (htpasswd registries) or the Bearer
// token flow (realm/service/scope from WWW-Authenticate, token fetched with the user's credentials),
// then the request is repeated once. Idempotent requests (GET, HEAD, a manifest PUT, starting an
// upload) are tried up to RETRY_DELAYS_MS.length + 1 times on a network error or a 408/429/5xx, with
// backoff (Retry-After honoured up to MAX_RETRY_AFTER_MS); a blob download that breaks off midway
// starts again. Every failure becomes an AppError a user can act on.
import { createHash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { AppError } from '../../shared/errors';
import { formatBytes } from '../../shared/format';
import type { ArtifactReference } from './reference';

export interface RegistryCredentials {
  username?: string;
  password?: string;
}

export interface RegistryClientOptions {
  credentials?: RegistryCredentials;
  /** Talk HTTP instead of HTTPS (loopback registries, or --plain-http). */
  plainHttp: boolean;
  /** 'pull' or 'pull,push': the scope asked for in the Bearer flow. */
  actions: 'pull' | 'pull,push';
  signal?: AbortSignal;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

/** Where an upload's bytes come from: any byte range, read again for each attempt of a request. */
export interface BlobSource {
  digest: string;
  size: number;
  range(start: number, end: number, signal?: AbortSignal): AsyncIterable<Buffer>;
}

/** Blobs up to this size go up in one PUT from memory; bigger ones in streamed PATCH parts. */
export const MONOLITHIC_MAX = 8 << 20;
/**
 * Bytes per PATCH. Each part is streamed from disk (memory stays at one read buffer) and is the unit
 * a request is repeated in after a re-authentication; few, large parts, because the registry does
 * work per part (distribution reopens the upload and its hash state each time: 8 MiB parts made a
 * 512 MB push 2–3× slower than one request).
 */
export const UPLOAD_PART = 256 << 20;
/** A manifest or config is a few KB; refuse to buffer anything claiming to be much more. */
const MAX_DOCUMENT_BYTES = 4 << 20;

/** Waits before the 2nd, 3rd… attempt of an idempotent request: a registry restarting or a proxy's blip, not an outage. */
export const RETRY_DELAYS_MS = [500, 1500];
const MAX_RETRY_AFTER_MS = 10_000;
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Attempts a response took, for the message when the last one still failed. */
const attemptsOf = new WeakMap<Response, number>();

const CREDENTIALS_HINT =
  'Check the user and password (--registry-user with MODELCRATE_REGISTRY_PASSWORD or --registry-password-stdin; in the studio, the Registry fields). For a token, give it as the password.';

export class RegistryClient {
  private authorization: string | undefined;
  private readonly base: string;

  constructor(
    readonly ref: ArtifactReference,
    private readonly opts: RegistryClientOptions,
  ) {
    this.base = `${opts.plainHttp ? 'http' : 'https'}://${ref.apiHost}`;
  }

  private get repoPath(): string {
    return `/v2/${this.ref.repository}`;
  }

  /** One request, authenticated on the registry's challenge and repeated once. */
  /** `body` as a function: a streamed body, made afresh for each attempt. */
  /** `retry`: safe to repeat on a transient failure (default for GET and HEAD). */
  async request(
    method: string,
    url: string,
    init: { headers?: Record<string, string>; body?: Uint8Array | (() => AsyncIterable<Uint8Array>); retry?: boolean } = {},
  ): Promise<Response> {
    const target = new URL(url, this.base).toString();
    const retry = init.retry ?? (method === 'GET' || method === 'HEAD');
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { ...init.headers };
      if (this.authorization) headers.authorization = this.authorization;
      const res = await (retry
        ? this.sendWithRetry(target, { method, headers, body: init.body })
        : this.send(target, { method, headers, body: init.body }));
      if ((res.status === 401 || res.status === 403) && attempt === 0 && (res.status === 401 || !this.authorization)) {
        const challenge = res.headers.get('www-authenticate') ?? '';
        await res.body?.cancel().catch(() => {});
        await this.authenticate(challenge);
        continue;
      }
      if (res.status === 401 || res.status === 403) {
        await res.body?.cancel().catch(() => {});
        throw this.unauthorized(res.status);
      }
      return res;
    }
  }

  /** send(), repeated with backoff on a network error or a 408/429/5xx; the last answer or error stands. */
  private async sendWithRetry(
    url: string,
    init: Omit<RequestInit, 'body'> & { body?: Uint8Array | (() => AsyncIterable<Uint8Array>) },
  ): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      const last = attempt > RETRY_DELAYS_MS.length;
      let res: Response;
      try {
        res = await this.send(url, init);
      } catch (err) {
        if (last || !transient(err)) throw withAttempts(err, attempt);
        await this.pause(RETRY_DELAYS_MS[attempt - 1]!);
        continue;
      }
      if (last || !RETRY_STATUSES.has(res.status)) {
        attemptsOf.set(res, attempt);
        return res;
      }
      const after = Number(res.headers.get('retry-after'));
      await res.body?.cancel().catch(() => {});
      await this.pause(Number.isFinite(after) && after > 0 ? Math.min(after * 1000, MAX_RETRY_AFTER_MS) : RETRY_DELAYS_MS[attempt - 1]!);
    }
  }

  private pause(ms: number): Promise<void> {
    const signal = this.opts.signal;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new AppError('CANCELLED', 'The transfer was cancelled.'));
      const done = () => {
        signal?.removeEventListener('abort', stop);
        resolve();
      };
      const timer = setTimeout(done, ms);
      const stop = () => {
        clearTimeout(timer);
        reject(new AppError('CANCELLED', 'The transfer was cancelled.'));
      };
      signal?.addEventListener('abort', stop, { once: true });
    });
  }

  private async send(
    url: string,
    init: Omit<RequestInit, 'body'> & { body?: Uint8Array | (() => AsyncIterable<Uint8Array>) },
  ): Promise<Response> {
    const body = typeof init.body === 'function' ? init.body() : init.body;
    try {
      return await fetch(url, {
        ...init,
        body,
        ...(typeof init.body === 'function' ? { duplex: 'half' as const } : {}),
        redirect: 'follow',
        signal: this.opts.signal,
      });
    } catch (err) {
      if (this.opts.signal?.aborted) throw new AppError('CANCELLED', 'The transfer was cancelled.');
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const code = cause?.code ?? '';
      const tlsMismatch = /EPROTO|ERR_SSL|wrong version number|packet length too long/i.test(`${code} ${cause?.message ?? ''}`);
      const hint = tlsMismatch
        ? 'The registry does not speak HTTPS on this port: pass --plain-http (or tick "Plain HTTP") if it is a plain-HTTP registry you trust.'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'Check the registry host name in the reference.'
          : 'Check that the registry is running and the host and port in the reference are right.';
      throw new AppError(
        'REGISTRY_UNREACHABLE',
        `Could not reach the registry ${this.ref.registry} (${code || cause?.message || (err as Error).message}).`,
        hint,
      );
    }
  }

  private unauthorized(status: number, detail?: string): AppError {
    const user = this.opts.credentials?.username;
    const what =
      status === 403
        ? `denied access${user ? ` to user "${user}"` : ' without credentials'}`
        : user
          ? `refused the credentials for user "${user}"`
          : 'needs credentials and none were given';
    return new AppError(
      'REGISTRY_UNAUTHORIZED',
      `The registry ${this.ref.registry} ${what} (HTTP ${status}${detail ? `: ${detail}` : ''}).`,
      CREDENTIALS_HINT,
    );
  }

  private basic(): string | undefined {
    const c = this.opts.credentials;
    if (c?.username === undefined || c.username === '') return undefined;
    return `Basic ${Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64')}`;
  }

  private async authenticate(challenge: string): Promise<void> {
    const scheme = challenge.split(/\s+/, 1)[0]!.toLowerCase();
    if (scheme === 'basic') {
      const basic = this.basic();
      if (!basic) throw this.unauthorized(401, 'the registry needs a user and password');
      this.authorization = basic;
      return;
    }
    if (scheme !== 'bearer')
      throw this.unauthorized(401, challenge ? `unsupported authentication "${scheme}"` : 'no WWW-Authenticate challenge');
    const params = parseChallenge(challenge.slice(challenge.indexOf(' ') + 1));
    if (!params.realm) throw this.unauthorized(401, 'the Bearer challenge names no realm');
    const tokenUrl = new URL(params.realm);
    if (params.service) tokenUrl.searchParams.set('service', params.service);
    tokenUrl.searchParams.set('scope', `repository:${this.ref.repository}:${this.opts.actions}`);
    const basic = this.basic();
    const res = await this.sendWithRetry(tokenUrl.toString(), { method: 'GET', headers: basic ? { authorization: basic } : {} });
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel().catch(() => {});
      throw this.unauthorized(res.status, 'the token service refused them');
    }
    if (!res.ok) throw await this.failed(res, 'Getting an access token');
    const body = (await res.json().catch(() => ({}))) as { token?: unknown; access_token?: unknown };
    const token = typeof body.token === 'string' ? body.token : typeof body.access_token === 'string' ? body.access_token : undefined;
    if (!token)
      throw new AppError(
        'REGISTRY_ERROR',
        `The token service of ${this.ref.registry} answered without a token.`,
        "Check the registry's authentication setup.",
      );
    this.authorization = `Bearer ${token}`;
  }

  /** REGISTRY_ERROR naming what failed, the status and the registry's own error message. */
  async failed(res: Response, what: string): Promise<AppError> {
    const text = await res.text().catch(() => '');
    let detail = text.slice(0, 300).trim();
    try {
      const errors = (JSON.parse(text) as { errors?: Array<{ code?: string; message?: string }> }).errors;
      if (errors?.length) detail = errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
    } catch {
      /* not JSON: keep the text */
    }
    const notFound = res.status === 404;
    const attempts = attemptsOf.get(res) ?? 1;
    return new AppError(
      'REGISTRY_ERROR',
      `${what} failed: ${this.ref.registry} answered HTTP ${res.status}${detail ? ` (${detail})` : ''}${attempts > 1 ? `, ${attempts} attempts` : ''}.`,
      notFound
        ? `Check the repository and tag: ${this.ref.display}.`
        : RETRY_STATUSES.has(res.status)
          ? 'The registry kept failing; check its status or logs and run the command again later (nothing was written).'
          : "Check the reference and the registry's logs; try again.",
    );
  }

  async blobExists(digest: string): Promise<boolean> {
    const res = await this.request('HEAD', `${this.repoPath}/blobs/${digest}`);
    await res.body?.cancel().catch(() => {});
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw await this.failed(res, `Checking blob ${digest.slice(0, 19)}`);
  }

  /** Uploads a blob: POST, then one PUT when small, else streamed PATCH parts and a closing PUT. */
  async uploadBlob(blob: BlobSource, onBytes?: (n: number) => void, partBytes = UPLOAD_PART): Promise<void> {
    const signal = this.opts.signal;
    // Repeating a POST only opens another upload session; the abandoned one expires in the registry.
    const started = await this.request('POST', `${this.repoPath}/blobs/uploads/`, { headers: { 'content-length': '0' }, retry: true });
    if (started.status !== 202) throw await this.failed(started, 'Starting an upload');
    await started.body?.cancel().catch(() => {});
    let location = this.location(started);
    const close = async (body?: Buffer) => {
      const url = new URL(location);
      url.searchParams.set('digest', blob.digest);
      const res = await this.request('PUT', url.toString(), {
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(body?.length ?? 0) },
        body,
      });
      if (res.status !== 201) throw await this.failed(res, `Uploading blob ${blob.digest.slice(0, 19)}`);
      await res.body?.cancel().catch(() => {});
    };
    if (blob.size <= MONOLITHIC_MAX) {
      const parts: Buffer[] = [];
      for await (const c of blob.range(0, blob.size, signal)) parts.push(c);
      const body = Buffer.concat(parts);
      await close(body);
      onBytes?.(body.length);
      return;
    }
    for (let offset = 0; offset < blob.size; offset += partBytes) {
      const end = Math.min(blob.size, offset + partBytes);
      const res = await this.request('PATCH', location, {
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(end - offset),
          'content-range': `${offset}-${end - 1}`,
        },
        body: () => counted(blob.range(offset, end, signal), onBytes),
      });
      if (res.status !== 202) throw await this.failed(res, `Uploading blob ${blob.digest.slice(0, 19)} at ${formatBytes(offset)}`);
      await res.body?.cancel().catch(() => {});
      location = this.location(res);
    }
    await close();
  }

  private location(res: Response): string {
    const loc = res.headers.get('location');
    if (!loc)
      throw new AppError(
        'REGISTRY_ERROR',
        `${this.ref.registry} started an upload without saying where to send it (no Location header).`,
        'The registry does not follow the OCI distribution API.',
      );
    return new URL(loc, this.base).toString();
  }

  /** PUTs a manifest under `reference` (tag); returns the digest the registry reports, or ours. */
  async putManifest(bytes: Buffer, mediaType: string, reference: string): Promise<string> {
    const res = await this.request('PUT', `${this.repoPath}/manifests/${reference}`, {
      headers: { 'content-type': mediaType },
      body: bytes,
      retry: true,
    });
    if (res.status !== 201 && res.status !== 200) throw await this.failed(res, `Pushing the manifest to ${this.ref.display}`);
    await res.body?.cancel().catch(() => {});
    return res.headers.get('docker-content-digest') ?? sha256Digest(bytes);
  }

  /** GETs a manifest (OCI or Docker, image or index) and its digest, checked when it is a digest reference. */
  async getManifest(reference: string, accept: string[]): Promise<{ bytes: Buffer; mediaType: string; digest: string }> {
    const res = await this.request('GET', `${this.repoPath}/manifests/${reference}`, { headers: { accept: accept.join(', ') } });
    if (res.status === 404) {
      await res.body?.cancel().catch(() => {});
      throw new AppError(
        'REGISTRY_ERROR',
        `${this.ref.display} was not found in the registry.`,
        'Check the repository and tag (or digest).',
      );
    }
    if (!res.ok) throw await this.failed(res, `Getting the manifest of ${this.ref.display}`);
    const bytes = await readLimited(res, MAX_DOCUMENT_BYTES, 'The manifest');
    const digest = sha256Digest(bytes);
    if (reference.startsWith('sha256:') && digest !== reference)
      throw digestMismatch(`the manifest of ${this.ref.display}`, reference, digest);
    return { bytes, mediaType: (res.headers.get('content-type') ?? '').split(';')[0]!.trim(), digest };
  }

  /** A small blob (the config), read whole and checked against its descriptor. */
  async getSmallBlob(desc: Descriptor): Promise<Buffer> {
    if (desc.size > MAX_DOCUMENT_BYTES)
      throw new AppError(
        'ARTIFACT_INVALID',
        `The artifact's config is ${formatBytes(desc.size)}; a model config is a few KB.`,
        'This is not an artifact Modelcrate wrote.',
      );
    const res = await this.request('GET', `${this.repoPath}/blobs/${desc.digest}`);
    if (!res.ok) throw await this.failed(res, `Getting blob ${desc.digest.slice(0, 19)}`);
    const bytes = await readLimited(res, desc.size, 'The config blob');
    const got = sha256Digest(bytes);
    if (got !== desc.digest || bytes.length !== desc.size) throw digestMismatch('the config blob', desc.digest, got);
    return bytes;
  }

  /** Streams a blob into `file` (created), hashing as it goes; never writes more than the descriptor's size. */
  async downloadBlob(desc: Descriptor, file: string, what: string, onBytes?: (n: number) => void): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      let received = 0;
      try {
        return await this.downloadOnce(desc, file, what, (n) => {
          received += n;
          onBytes?.(n);
        });
      } catch (err) {
        // A connection that broke off midway (not a digest or size refusal): start the blob again.
        if (attempt > RETRY_DELAYS_MS.length || err instanceof AppError || this.opts.signal?.aborted || !brokenConnection(err)) throw err;
        onBytes?.(-received);
        await rm(file, { force: true });
        await this.pause(RETRY_DELAYS_MS[attempt - 1]!);
      }
    }
  }

  private async downloadOnce(desc: Descriptor, file: string, what: string, onBytes?: (n: number) => void): Promise<void> {
    const res = await this.request('GET', `${this.repoPath}/blobs/${desc.digest}`);
    if (!res.ok || !res.body) throw await this.failed(res, `Getting ${what}`);
    const hash = createHash('sha256');
    const out = await open(file, 'wx', 0o600);
    let size = 0;
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.length;
        if (size > desc.size)
          throw new AppError(
            'DIGEST_MISMATCH',
            `The registry sent more than the ${formatBytes(desc.size)} the manifest gives for ${what}.`,
            'The artifact in the registry is damaged or was replaced; push it again.',
          );
        hash.update(chunk);
        let off = 0;
        while (off < chunk.length) off += (await out.write(chunk, off, chunk.length - off)).bytesWritten;
        onBytes?.(chunk.length);
      }
    } catch (err) {
      await res.body.cancel().catch(() => {});
      if (this.opts.signal?.aborted) throw new AppError('CANCELLED', 'The transfer was cancelled.');
      throw err;
    } finally {
      await out.close();
    }
    const got = `sha256:${hash.digest('hex')}`;
    if (size !== desc.size || got !== desc.digest)
      throw digestMismatch(
        what,
        desc.digest,
        got,
        size !== desc.size ? `${formatBytes(size)} instead of ${formatBytes(desc.size)}` : undefined,
      );
  }
}

/** A network failure worth another attempt: not a TLS mismatch, an unknown host or a cancel. */
function transient(err: unknown): boolean {
  if (!(err instanceof AppError) || err.code !== 'REGISTRY_UNREACHABLE') return false;
  return !/ENOTFOUND|EPROTO|ERR_SSL|wrong version number|packet length too long|CERT|certificate/i.test(err.message);
}

/** An unreachable-registry error says how many attempts were made; anything else passes through. */
function withAttempts(err: unknown, attempts: number): unknown {
  if (attempts < 2 || !(err instanceof AppError) || err.code !== 'REGISTRY_UNREACHABLE') return err;
  return new AppError(err.code, err.message.replace(/\)\.$/, `, ${attempts} attempts).`), err.hint);
}

/** A body stream that broke off (undici's "terminated", a reset socket), not a disk or digest error. */
function brokenConnection(err: unknown): boolean {
  const code = (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code ?? '';
  return err instanceof TypeError || /^UND_ERR|^ECONNRESET$|^EPIPE$|^ETIMEDOUT$/.test(code);
}

/** Passes pieces through, reporting each one's size as fetch takes it (progress while a part streams). */
async function* counted(source: AsyncIterable<Buffer>, onBytes?: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const piece of source) {
    onBytes?.(piece.length);
    yield piece;
  }
}

export function digestMismatch(what: string, expected: string, got: string, sizeNote?: string): AppError {
  return new AppError(
    'DIGEST_MISMATCH',
    `The bytes of ${what} do not match the manifest: expected ${expected}, got ${got}${sizeNote ? ` (${sizeNote})` : ''}.`,
    'The artifact in the registry is damaged or was replaced after it was pushed; nothing was written. Push the bundle again.',
  );
}

async function readLimited(res: Response, limit: number, what: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of (res.body ?? []) as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) {
      await res.body?.cancel().catch(() => {});
      throw new AppError('ARTIFACT_INVALID', `${what} is larger than ${formatBytes(limit)}.`, 'This is not an artifact Modelcrate wrote.');
    }
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}

/** `realm="…",service="…",scope="…"` → a map (quoted values may hold commas). */
/** An OCI digest ("sha256:<hex>") of bytes held in memory: a manifest or the config. */
export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function parseChallenge(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([A-Za-z_]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g))
    out[m[1]!.toLowerCase()] = (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1');
  return out;
}
