// The manifests' claims, checked for real with Docker: the mlp image is built (parity gate, which
// now also measures memory), manifests are generated from that build result, and the image is run
// the way the Deployment's pod spec (and the InferenceService's predictor) says — its user, env,
// read-only root filesystem, the emptyDir mounts as tmpfs, all capabilities dropped, no new
// privileges, the memory limit — then the readiness and liveness probe paths and one OIP inference
// must all succeed. Its tests run in order (vitest runs a file's tests one after another) on the one
// image built in beforeAll.
import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildImage } from '../../core/image/build-image';
import { parseMemory } from '../../shared/deploy/quantity';
import { renderManifests } from '../../shared/deploy/render';
import type { ImageBuildResult } from '../../shared/image/types';
import { cleanupDocker, dockerAvailable, ensureBaseImage, testLabels } from '../fixtures/docker-base';
import { packTestBundle } from '../fixtures/docker-bundle';
import { mlpExpected } from '../fixtures/mlp-expected';
import { mlp } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';

const docker = dockerAvailable();
const SUITE = 'k8s-docker';
const LABELS = testLabels(SUITE);
const TAG = 'modelcrate-test-k8s/mlp:1.2.3';
type Obj = Record<string, any>;

/** `docker run` arguments that do what the pod spec says, for the one container. */
function runArgsFor(pod: Obj): string[] {
  const c = pod.containers[0];
  const sc = { ...pod.securityContext, ...c.securityContext };
  const args = ['run', '-d', ...Object.entries(LABELS).flatMap(([k, v]) => ['--label', `${k}=${v}`])];
  args.push('--user', `${sc.runAsUser}:${sc.runAsGroup}`);
  if (sc.readOnlyRootFilesystem) args.push('--read-only');
  for (const m of c.volumeMounts ?? []) {
    const vol = pod.volumes.find((v: Obj) => v.name === m.name);
    expect(vol?.emptyDir, `volume ${m.name} is an emptyDir`).toBeDefined();
    const size = vol.emptyDir.sizeLimit ? `,size=${parseMemory(vol.emptyDir.sizeLimit)}` : '';
    args.push('--tmpfs', `${m.mountPath}:rw,noexec,nosuid,uid=${sc.runAsUser},gid=${sc.runAsGroup},mode=0700${size}`);
  }
  for (const cap of sc.capabilities?.drop ?? []) args.push('--cap-drop', cap);
  if (sc.allowPrivilegeEscalation === false) args.push('--security-opt', 'no-new-privileges');
  // RuntimeDefault is the engine's default seccomp profile: nothing to pass, and nothing may turn it off.
  expect(sc.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  const limit = parseMemory(c.resources.limits.memory)!;
  args.push('--memory', String(limit), '--memory-swap', String(limit));
  for (const e of c.env ?? []) {
    if (e.value !== undefined) args.push('-e', `${e.name}=${e.value}`);
    // The downward API gives a resource as a plain number of bytes; only the container's own memory limit is used.
    else if (e.valueFrom?.resourceFieldRef?.resource === 'limits.memory') args.push('-e', `${e.name}=${limit}`);
    else throw new Error(`env ${e.name}: no docker equivalent for ${JSON.stringify(e.valueFrom)}`);
  }
  if (c.args) throw new Error('the container overrides the image CMD: run it with those args');
  const port = c.ports[0].containerPort;
  args.push('-p', `127.0.0.1::${port}`);
  return args;
}

async function status(url: string, init?: RequestInit): Promise<number> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(3000) }).then(
    (r) => r.status,
    () => 0,
  );
}

describe.skipIf(!docker)('manifests run as declared (real engine; skipped: Docker not reachable)', { timeout: 300_000 }, () => {
  const dir = suiteDir('k8s-docker');
  let build: ImageBuildResult;
  let modelPath: string;
  beforeAll(async () => {
    const base = ensureBaseImage();
    modelPath = mlp(dir);
    const bundle = await packTestBundle(modelPath, dir);
    build = await buildImage({ bundlePath: bundle, tag: TAG, baseImage: base, labels: LABELS, reportPath: false });
  });
  afterAll(() => cleanupDocker(SUITE, [TAG]));

  it("the parity check measures the warm container's memory and returns it in the build result", () => {
    expect(build.verified, JSON.stringify(build.parity)).toBe(true);
    const mem = build.parity!.memory!;
    expect(mem).toBeDefined();
    // node + onnxruntime + a tiny model: tens of MB, never more than the cgroup's usage.
    expect(mem.workingSetBytes).toBeGreaterThan(10 * 2 ** 20);
    expect(mem.workingSetBytes).toBeLessThan(1024 * 2 ** 20);
    expect(mem.workingSetBytes).toBeLessThanOrEqual(mem.usageBytes);
  });

  it.each(['Deployment', 'InferenceService'] as const)(
    'the image runs as the %s declares (uid, read-only root + /tmp tmpfs, cap-drop ALL, no-new-privileges, memory limit): probes and an inference succeed',
    async (kind) => {
      const r = renderManifests({
        image: build.tag,
        name: build.model.name,
        version: build.model.version,
        memoryBytes: build.parity!.memory!.workingSetBytes,
        memorySource: 'measured',
        coldStartMs: build.parity!.coldStartMs!,
      });
      const docs = parseAllDocuments(`${r.kubernetes}---\n${r.kserve}`).map((d) => d.toJS() as Obj);
      const doc = docs.find((d) => d.kind === kind)!;
      // KServe inlines the pod spec in the predictor.
      const pod = (kind === 'Deployment' ? doc.spec.template.spec : doc.spec.predictor) as Obj;
      const c = pod.containers[0];
      // The image's own user is the one the pod declares.
      const user = execFileSync('docker', ['image', 'inspect', '--format', '{{.Config.User}}', build.tag], { encoding: 'utf8' }).trim();
      expect(user).toBe(`${c.securityContext.runAsUser}:${c.securityContext.runAsGroup}`);

      const id = execFileSync('docker', [...runArgsFor(pod), c.image], { encoding: 'utf8' }).trim();
      onTestFinished(() => void execFileSync('docker', ['rm', '-f', id], { stdio: 'ignore' }));
      const hc = JSON.parse(execFileSync('docker', ['inspect', id], { encoding: 'utf8' }))[0].HostConfig;
      expect(hc).toMatchObject({ ReadonlyRootfs: true, CapDrop: ['ALL'], Memory: parseMemory(c.resources.limits.memory) });
      expect(hc.SecurityOpt).toContain('no-new-privileges');
      const port = execFileSync('docker', ['port', id, `${c.ports[0].containerPort}/tcp`], { encoding: 'utf8' })
        .trim()
        .split('\n')[0]!
        .split(':')
        .pop();
      const base = `http://127.0.0.1:${port}`;

      // Readiness as the kubelet would see it, within the probe's budget (initial delay + failures × period).
      const budgetMs =
        (c.readinessProbe.initialDelaySeconds + c.readinessProbe.failureThreshold * c.readinessProbe.periodSeconds) * 1000 + 30_000;
      // Both probes aim at the container's port (by name or number).
      for (const probe of [c.readinessProbe, c.livenessProbe])
        expect([c.ports[0].name, c.ports[0].containerPort]).toContain(probe.httpGet.port);
      await expect.poll(() => status(`${base}${c.readinessProbe.httpGet.path}`), { timeout: budgetMs, interval: 200 }).toBe(200);
      expect(await status(`${base}${c.livenessProbe.httpGet.path}`)).toBe(200);

      const res = await fetch(`${base}/v2/models/${build.model.name}/infer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 1, 1, 1] }] }),
      });
      expect(res.status).toBe(200);
      const out = ((await res.json()) as { outputs: Array<{ data: number[] }> }).outputs[0]!.data;
      const expected = mlpExpected(modelPath, [[1, 1, 1, 1]]).flat();
      expect(out).toHaveLength(expected.length);
      out.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
      // Still running, as the user declared, with the root filesystem really read-only.
      const st = JSON.parse(execFileSync('docker', ['inspect', id], { encoding: 'utf8' }))[0].State;
      expect([st.Running, st.OOMKilled]).toEqual([true, false]);
      // The server sized its budget of request bytes in flight from the pod's memory limit.
      const logs = execFileSync('docker', ['logs', id], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => l.startsWith('{'));
      const settings = logs.map((l) => JSON.parse(l) as Obj).find((l) => l.msg === 'load settings');
      expect(settings).toMatchObject({ memoryLimitBytes: parseMemory(c.resources.limits.memory), memoryLimitFrom: 'setting' });
      expect(settings!.bodyBudgetBytes).toBeGreaterThan(0);
    },
  );

  it('without the /tmp emptyDir the read-only image cannot serve (the server unpacks into a temp folder): the mount is needed', async () => {
    const id = execFileSync(
      'docker',
      [
        'run',
        '-d',
        '--read-only',
        '--user',
        '10001:10001',
        '--cap-drop',
        'ALL',
        ...Object.entries(LABELS).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
        build.tag,
      ],
      { encoding: 'utf8' },
    ).trim();
    onTestFinished(() => void execFileSync('docker', ['rm', '-f', id], { stdio: 'ignore' }));
    await expect
      .poll(() => JSON.parse(execFileSync('docker', ['inspect', id], { encoding: 'utf8' }))[0].State.Running, {
        timeout: 60_000,
        interval: 200,
      })
      .toBe(false);
    // The server's one log line says what failed and what to do (shared/errors.ts maps EROFS).
    const line = JSON.parse(
      execFileSync('docker', ['logs', id], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
        .trim()
        .split('\n')
        .pop()!,
    ) as { code: string; error: string; hint: string };
    expect(line.code).toBe('IO_ERROR');
    expect(line.error).toMatch(/^Read-only file system: \/tmp\//);
    expect(line.hint).toMatch(/emptyDir volume mounted at \/tmp/);
  });
});
