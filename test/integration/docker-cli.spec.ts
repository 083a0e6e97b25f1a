// `modelcrate build` and `modelcrate context` through the real bin: a bare .onnx packed, built,
// verified (--json); a bundle built and pushed with the password on stdin; the CLI's error
// contract (exit 2, last stderr line `error[CODE]: …`) for an unreachable engine and a missing base.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { ImageBuildResult } from '../../shared/image/types';
import { cleanupDocker, dockerAvailable, ensureBaseImage } from '../fixtures/docker-base';
import { packTestBundle } from '../fixtures/docker-bundle';
import { startRegistry, type Registry } from '../fixtures/docker-registry';
import { validateAll } from '../fixtures/k8s-validate';
import { mlp } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';
import { runCli } from '../fixtures/cli-run';

const cli = runCli;
const docker = dockerAvailable();

const lastErrorLine = (stderr: string) => stderr.trim().split('\n').at(-1)!;

describe('modelcrate context / build without an engine', () => {
  const dir = suiteDir('docker-cli-ctx');
  let bundle: string;
  beforeAll(async () => {
    bundle = await packTestBundle(mlp(dir), dir);
  });

  it('context writes the folder with a Dockerfile and says how to build it; a non-empty --out is refused', async () => {
    const out = join(dir, 'ctx');
    const r = await cli(['context', bundle, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^wrote build context ${out} \\(\\d+ files, [\\d.]+ MB\\); build it with: docker build -t mlp:1\\.2\\.3 ${out}\\n$`),
    );
    expect(readFileSync(join(out, 'Dockerfile'), 'utf8')).toMatch(/^FROM \$\{BASE_IMAGE\}$/m);
    expect(existsSync(join(out, 'server', 'server.mjs'))).toBe(true);
    expect(existsSync(join(out, 'bundle', 'modelcrate.json'))).toBe(true);
    const again = await cli(['context', bundle, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error\[FILE_EXISTS\]: /);
  });

  it('build with the engine unreachable → exit 2, error[DOCKER_UNAVAILABLE] with what to do', async () => {
    const r = await cli(['build', bundle, '--tag', 'modelcrate-test/x:1'], { env: { DOCKER_HOST: 'unix:///tmp/nonexistent.sock' } });
    expect(r.code).toBe(2);
    expect(lastErrorLine(r.stderr)).toMatch(
      /^error\[DOCKER_UNAVAILABLE\]: Docker is not running at unix:\/\/\/tmp\/nonexistent\.sock .*Start Docker/,
    );
  });
});

describe.skipIf(!docker)('modelcrate build (real engine; skipped: Docker not reachable)', { timeout: 240_000 }, () => {
  const dir = suiteDir('docker-cli');
  let base: string;
  let registry: Registry;
  beforeAll(async () => {
    base = ensureBaseImage();
    registry = await startRegistry('ci', 'pa55word');
  });
  afterAll(async () => {
    cleanupDocker('docker-cli', ['modelcrate-test/cli-onnx:1', `${registry.address}/cli-mlp:1.2.3`]);
    await registry?.stop();
  });

  it('a bare model.onnx is packed with a random golden sample, built, verified; --json prints the result; the report lands beside the model', async () => {
    const model = mlp(dir);
    const r = await cli(['build', model, '--tag', 'modelcrate-test/cli-onnx:1', '--base-image', base, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as ImageBuildResult;
    expect(out).toMatchObject({
      tag: 'modelcrate-test/cli-onnx:1',
      verified: true,
      baseImage: base,
      reportPath: `${model}.image-report.json`,
    });
    expect(out.parity!.samples).toEqual([expect.objectContaining({ name: 'random-1', ok: true })]);
    expect(existsSync(`${model}.image-report.json`)).toBe(true);
  });

  it('a bundle built and pushed with --registry-user and the password on stdin; a missing base → error[BASE_IMAGE_MISSING]', async () => {
    const bundle = await packTestBundle(mlp(dir), dir, { out: join(dir, 'push-bundle') });
    const tag = `${registry.address}/cli-mlp:1.2.3`;
    const r = await cli(
      ['build', bundle, '--tag', tag, '--base-image', base, '--push', '--registry-user', 'ci', '--registry-password-stdin'],
      { stdin: 'pa55word\n' },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^built .* \(base .* \+ runtime .* \+ server .* \+ model .*\) in [\d.]+ s$/m);
    expect(r.stdout).toMatch(/^verified: 2\/2 samples reproduced \(exact\), cold start \d+ ms, memory [\d.]+ MB working set$/m);
    expect(r.stdout).toMatch(new RegExp(`^pushed ${tag} sha256:[0-9a-f]{64}$`, 'm'));
    const report = JSON.parse(readFileSync(`${bundle}.image-report.json`, 'utf8')) as ImageBuildResult & {
      push: { reference: string; digest: string };
    };
    expect(report).toMatchObject({ verified: true, push: { reference: tag } });
    expect(r.stdout).toContain(report.push.digest);
    expect(r.stderr).toMatch(/^Step \d+\/\d+: COPY/m);

    // The report feeds `k8s`: the pushed image pinned by its digest, resources from the measured memory.
    expect(report.parity!.memory!.workingSetBytes).toBeGreaterThan(10 * 2 ** 20);
    const k8s = await cli(['k8s', '--report', `${bundle}.image-report.json`, '--all']);
    expect(k8s.code, k8s.stderr).toBe(0);
    const docs = parseAllDocuments(k8s.stdout).map(
      (d) =>
        d.toJS() as {
          kind: string;
          metadata: { annotations?: Record<string, string> };
          spec: { template?: { spec: { containers: Array<{ image: string }> } } };
        },
    );
    expect(docs.map((d) => d.kind)).toEqual(['Deployment', 'Service', 'InferenceService']);
    expect(validateAll(docs as never)).toEqual([]);
    expect(docs[0]!.spec.template!.spec.containers[0]!.image).toBe(`${tag}@${report.push.digest}`);
    expect(docs[0]!.metadata.annotations!['modelcrate.io/measured-working-set']).toBe(
      `${Math.ceil(report.parity!.memory!.workingSetBytes / 2 ** 20)}Mi`,
    );

    const miss = await cli(['build', bundle, '--tag', 'modelcrate-test/never:1', '--base-image', 'modelcrate-test/does-not-exist:1']);
    expect(miss.code).toBe(2);
    expect(lastErrorLine(miss.stderr)).toMatch(
      /^error\[BASE_IMAGE_MISSING\]: The base image modelcrate-test\/does-not-exist:1 .* Use a base image this engine already has: .*`docker image ls` lists them for --base-image/,
    );
    // The hint never recommends the image that just failed.
    expect(lastErrorLine(miss.stderr).split('already has')[1]).not.toContain('does-not-exist');
  });
});
