import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function sameToken(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Browser-facing guard of the local host. The token proves the caller got the URL we printed;
 * the Host check defeats DNS rebinding (a foreign page whose name resolves to 127.0.0.1); the
 * Origin check stops other local pages from driving the API with a leaked token.
 */
export class HostGuard {
  private readonly allowedHosts: Set<string>;
  private readonly allowedOrigins: Set<string>;
  readonly cookieName: string;

  constructor(
    readonly token: string,
    port: number,
  ) {
    this.allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    this.allowedOrigins = new Set([...this.allowedHosts].map((h) => `http://${h}`));
    // Cookies are shared by every port of a host, so the name carries the port.
    this.cookieName = `modelcrate_${port}`;
  }

  hostOk(req: IncomingMessage): boolean {
    return this.allowedHosts.has(req.headers.host ?? '');
  }

  /** Browsers always send Origin on WebSocket and POST; tools (curl, tests) may not. */
  originOk(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    return origin === undefined || this.allowedOrigins.has(origin);
  }

  tokenOk(req: IncomingMessage, url: URL): boolean {
    return sameToken(url.searchParams.get('token'), this.token) || sameToken(readCookie(req, this.cookieName), this.token);
  }

  sessionCookie(): string {
    return `${this.cookieName}=${this.token}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}
