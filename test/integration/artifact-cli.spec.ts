// `modelcrate artifact push` / `artifact pull` through the real bin against the loopback registry:
// the digest printed first, the password on stdin or in the environment, the pulled folder verifies;
// the CLI's error contract (exit 2, one `error[CODE]: …` line) for a wrong password, an unreachable
// registry and a bad reference.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli-run';
import { packTestBundle } from '../fixtures/docker-bundle';
import { freePort, startRegistry, type Registry } from '../fixtures/docker-registry';
import { mlp } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';

const lastLine = (s: string) => s.trim().split('\n').at(-1)!;

describe('modelcrate artifact push / pull', { timeout: 120_000 }, () => {
  const dir = suiteDir('artifact-cli');
  let registry: Registry;
  let bundle: string;
  beforeAll(async () => {
    registry = await startRegistry('ci', 'pa55word');
    bundle = await packTestBundle(mlp(dir), dir);
  }, 120_000);
  afterAll(() => registry?.stop());

  it('push prints the manifest digest first; pull with the password in the environment writes a folder that verifies', async () => {
    const ref = `${registry.address}/cli/mlp:1.2.3`;
    const push = await runCli(['artifact', 'push', bundle, ref, '--registry-user', 'ci', '--registry-password-stdin'], {
      stdin: 'pa55word\n',
    });
    expect(push.code, push.stderr).toBe(0);
    const [digest, summary] = push.stdout.trim().split('\n');
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(summary).toMatch(new RegExp(`^pushed ${ref.replace(/[.]/g, '\\.')} \\(6 layers, `));

    const again = await runCli(['artifact', 'push', bundle, ref, '--json'], {
      env: { MODELCRATE_REGISTRY_USER: 'ci', MODELCRATE_REGISTRY_PASSWORD: 'pa55word' },
    });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ digest, uploadedBytes: 0 });

    const out = join(dir, 'pulled');
    const pull = await runCli(['artifact', 'pull', `${registry.address}/cli/mlp@${digest}`, out], {
      env: { MODELCRATE_REGISTRY_USER: 'ci', MODELCRATE_REGISTRY_PASSWORD: 'pa55word' },
    });
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stdout).toMatch(
      new RegExp(
        `^${digest}\\npulled .* into ${out.replace(/[.]/g, '\\.')} \\(\\d+ files, .*\\); verified: all \\d+ checks hold; unsigned\\n$`,
      ),
    );
    const verify = await runCli(['verify', out]);
    expect(verify.code, verify.stdout).toBe(0);
  });

  it('a wrong password → exit 2, error[REGISTRY_UNAUTHORIZED] naming the user, with a hint', async () => {
    const r = await runCli(
      ['artifact', 'push', bundle, `${registry.address}/cli/mlp:bad`, '--registry-user', 'ci', '--registry-password-stdin'],
      { stdin: 'nope\n' },
    );
    expect(r.code).toBe(2);
    expect(lastLine(r.stderr)).toMatch(
      /^error\[REGISTRY_UNAUTHORIZED\]: The registry 127\.0\.0\.1:\d+ refused the credentials for user "ci" \(HTTP 401\)\. Check the user and password/,
    );
  });

  it('an unreachable registry, a bad reference and a non-empty destination → exit 2 with the right code; nothing written', async () => {
    const port = await freePort(); // nothing listens there
    const down = await runCli(['artifact', 'pull', `127.0.0.1:${port}/cli/mlp:1`, join(dir, 'never')]);
    expect(down.code).toBe(2);
    expect(lastLine(down.stderr)).toMatch(
      new RegExp(
        `^error\\[REGISTRY_UNREACHABLE\\]: Could not reach the registry 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED, 3 attempts\\)\\. Check that the registry is running`,
      ),
    );
    expect(existsSync(join(dir, 'never'))).toBe(false);
    const bad = await runCli(['artifact', 'push', bundle, 'Registry/Bad Name']);
    expect(bad.code).toBe(2);
    expect(lastLine(bad.stderr)).toMatch(/^error\[INVALID_REQUEST\]: "Registry\/Bad Name" is not an artifact reference/);
    const taken = await runCli(['artifact', 'pull', `${registry.address}/cli/mlp:1.2.3`, dir]);
    expect(taken.code).toBe(2);
    expect(lastLine(taken.stderr)).toMatch(/^error\[FILE_EXISTS\]: /);
  });
});
