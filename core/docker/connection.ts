// Where the engine is (DOCKER_HOST or the default socket) and which API version to speak. The
// version is negotiated (docs/reference.md §Docker Engine API): GET /_ping answers with the
// engine's Api-Version; we use it, capped at the newest version whose shapes we rely on — never a
// hard-pinned one (Docker 29.0–29.2 refuses APIs below 1.44, Debian 12's engine speaks only 1.41).
import http from 'node:http';
import { AppError } from '../../shared/errors';

export const DEFAULT_SOCKET = '/var/run/docker.sock';
const NEWEST_KNOWN = [1, 47];

export type Endpoint = { socketPath: string; label: string } | { host: string; port: number; label: string };

export function endpointFromEnv(dockerHost = process.env.DOCKER_HOST): Endpoint {
  if (!dockerHost) return { socketPath: DEFAULT_SOCKET, label: DEFAULT_SOCKET };
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length), label: dockerHost };
  const m = /^(?:tcp|http):\/\/([^:/]+):(\d+)\/?$/.exec(dockerHost);
  if (m) return { host: m[1]!, port: Number(m[2]), label: dockerHost };
  throw new AppError(
    'DOCKER_UNAVAILABLE',
    `DOCKER_HOST=${dockerHost} is not a unix:// socket or tcp://host:port address.`,
    'Fix or unset DOCKER_HOST.',
  );
}

/** The engine's API version ("1.41"), or a DOCKER_UNAVAILABLE / DOCKER_PERMISSION error. */
export function pingVersion(ep: Endpoint, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const target = 'socketPath' in ep ? { socketPath: ep.socketPath } : { host: ep.host, port: ep.port };
    const req = http.get({ ...target, path: '/_ping', timeout: timeoutMs }, (res) => {
      res.resume();
      const v = res.headers['api-version'];
      if (res.statusCode !== 200)
        return reject(
          new AppError(
            'DOCKER_UNAVAILABLE',
            `The Docker engine at ${ep.label} answered /_ping with HTTP ${res.statusCode}.`,
            'Check that Docker is running and healthy.',
          ),
        );
      resolve(typeof v === 'string' && /^\d+\.\d+$/.test(v) ? capVersion(v) : '1.41');
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (err) => reject(connectionError(err, ep)));
  });
}

function capVersion(v: string): string {
  const [maj, min] = v.split('.').map(Number) as [number, number];
  return maj > NEWEST_KNOWN[0]! || (maj === NEWEST_KNOWN[0] && min > NEWEST_KNOWN[1]!) ? NEWEST_KNOWN.join('.') : v;
}

/** Socket-level failures in words a user can act on; anything else is returned unchanged. */
export function connectionError(err: unknown, ep: Endpoint): unknown {
  const code = (err as { code?: string } | null)?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'ETIMEDOUT' || code === 'ECONNRESET' || code === 'EHOSTUNREACH') {
    return new AppError(
      'DOCKER_UNAVAILABLE',
      `Docker is not running at ${ep.label} (${code}).`,
      'Start Docker (Docker Desktop, or `sudo systemctl start docker` / `dockerd`), or set DOCKER_HOST to where it runs.',
    );
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new AppError(
      'DOCKER_PERMISSION',
      `Permission denied on the Docker socket ${ep.label}.`,
      'Add your user to the docker group (`sudo usermod -aG docker $USER`, then log in again), or use rootless Docker.',
    );
  }
  return err;
}
