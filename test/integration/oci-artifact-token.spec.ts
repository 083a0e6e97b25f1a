// The Bearer token flow against a real registry configured for token auth (test/fixtures/
// token-registry.ts): the client reads the 401 challenge, gets a token for the repository's
// pull,push scope with the user's password, and the registry accepts it; a wrong password is
// refused by the token service and reported as REGISTRY_UNAUTHORIZED.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullArtifact } from '../../core/artifact/pull-artifact';
import { pushArtifact } from '../../core/artifact/push-artifact';
import { forkRuntime } from '../../core/runtime/fork-runtime';
import { RuntimeService } from '../../core/runtime/runtime-service';
import { AppError } from '../../shared/errors';
import { packTestBundle } from '../fixtures/docker-bundle';
import { mlp } from '../fixtures/models';
import { startTokenRegistry, type TokenRegistry } from '../fixtures/token-registry';
import { suiteDir } from '../fixtures/tmp';

describe('artifact push / pull with Bearer tokens', { timeout: 120_000 }, () => {
  const dir = suiteDir('oci-token');
  const runtime = new RuntimeService(forkRuntime());
  let registry: TokenRegistry;
  let bundle: string;
  beforeAll(async () => {
    registry = await startTokenRegistry('ada', 'tok3n-pass');
    bundle = await packTestBundle(mlp(dir), dir);
  }, 120_000);
  afterAll(async () => {
    await runtime.dispose();
    await registry?.stop();
  });

  it('push gets a pull,push token, pull a pull token; the pulled bundle verifies', async () => {
    const ref = `${registry.address}/team/mlp:1.2.3`;
    const pushed = await pushArtifact({ bundlePath: bundle, reference: ref, credentials: { username: 'ada', password: 'tok3n-pass' } });
    expect(pushed.digest).toMatch(/^sha256:/);
    expect(registry.issued).toContain('repository:team/mlp:pull,push');
    const pulled = await pullArtifact({
      reference: ref,
      out: join(dir, 'pulled'),
      credentials: { username: 'ada', password: 'tok3n-pass' },
      runtime,
    });
    expect(pulled.digest).toBe(pushed.digest);
    expect(pulled.verify.ok).toBe(true);
    expect(registry.issued).toContain('repository:team/mlp:pull');
  });

  it('a wrong password is refused by the token service: REGISTRY_UNAUTHORIZED', async () => {
    const err = await pushArtifact({
      bundlePath: bundle,
      reference: `${registry.address}/team/mlp:bad`,
      credentials: { username: 'ada', password: 'nope' },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('REGISTRY_UNAUTHORIZED');
    expect((err as AppError).message).toMatch(/refused the credentials for user "ada" \(HTTP 401: the token service refused them\)/);
  });
});
