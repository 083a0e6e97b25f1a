// The engine's failures in words a user can act on: socket errors (not running, permission) and a
// failed build's line (missing base, disk full, any other step) — the cases a test machine running
// as root with a working engine cannot provoke for real.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { buildError } from './build-errors';
import { connectionError, endpointFromEnv } from './connection';

const sock = { socketPath: '/var/run/docker.sock', label: '/var/run/docker.sock' };

describe('Docker errors', () => {
  it('socket errors: refused/missing → DOCKER_UNAVAILABLE, EACCES → DOCKER_PERMISSION with the docker group hint', () => {
    for (const code of ['ECONNREFUSED', 'ENOENT']) {
      const e = connectionError(Object.assign(new Error(code), { code }), sock) as AppError;
      expect(e.code).toBe('DOCKER_UNAVAILABLE');
      expect(e.hint).toMatch(/Start Docker/);
    }
    const p = connectionError(Object.assign(new Error('x'), { code: 'EACCES' }), sock) as AppError;
    expect(p.code).toBe('DOCKER_PERMISSION');
    expect(p.hint).toMatch(/docker group/);
    const other = new Error('other');
    expect(connectionError(other, sock)).toBe(other);
  });

  it('DOCKER_HOST: unix:// and tcp:// are understood, anything else is refused', () => {
    expect(endpointFromEnv('unix:///tmp/d.sock')).toEqual({ socketPath: '/tmp/d.sock', label: 'unix:///tmp/d.sock' });
    expect(endpointFromEnv('tcp://127.0.0.1:2375')).toEqual({ host: '127.0.0.1', port: 2375, label: 'tcp://127.0.0.1:2375' });
    expect(endpointFromEnv(undefined)).toMatchObject({ socketPath: '/var/run/docker.sock' });
    expect(() => endpointFromEnv('ssh://box')).toThrow(AppError);
  });

  it('build lines: a pull failure at FROM → BASE_IMAGE_MISSING; no space → DISK_FULL; else BUILD_FAILED naming the step', () => {
    const from = 'Step 2/14 : FROM ${BASE_IMAGE}';
    expect(buildError("pull access denied for foo, repository does not exist or may require 'docker login'", from, 'foo:1').code).toBe(
      'BASE_IMAGE_MISSING',
    );
    expect(buildError('manifest for foo:1 not found: manifest unknown', from, 'foo:1').hint).toMatch(/base image/);
    // Offline, the default base is the one that fails: the hint must not send the user back to it.
    const offline = buildError('dial tcp: lookup registry-1.docker.io: no such host', from, 'node:22-bookworm-slim');
    expect(offline.code).toBe('BASE_IMAGE_MISSING');
    expect(offline.hint).not.toContain('node:22-bookworm-slim');
    expect(offline.hint).toMatch(/already has/);
    expect(buildError('write /var/lib/docker/tmp/x: no space left on device', 'Step 7/14 : COPY bundle/ /app/bundle/', 'b').code).toBe(
      'DISK_FULL',
    );
    const step = buildError('COPY failed: file not found in build context', 'Step 5/14 : COPY runtime/ /app/', 'b');
    expect(step.code).toBe('BUILD_FAILED');
    expect(step.message).toContain('at Step 5/14 : COPY runtime/ /app/: COPY failed');
  });
});
