// `modelcrate k8s` as a user runs it (the built bin): YAML on stdout or written atomically to --out,
// sized from --memory or from the report `build` writes; every document it prints validates against
// the Kubernetes schemas; mistakes exit 2 with error[CODE] and write nothing.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli-run';
import { validateAll } from '../fixtures/k8s-validate';
import { suiteDir } from '../fixtures/tmp';

type Obj = Record<string, any>;
const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as Obj);
const DIGEST = `sha256:${'c'.repeat(64)}`;

describe('modelcrate k8s', { timeout: 60_000 }, () => {
  const dir = suiteDir('k8s-cli');
  // The fields of an image report as `modelcrate build --push` writes it (ImageBuildResult + push).
  const report = join(dir, 'mlp-bundle.image-report.json');
  writeFileSync(
    report,
    JSON.stringify({
      tool: { name: 'modelcrate', version: '0.1.0' },
      tag: '127.0.0.1:5055/mlp:1.2.3',
      imageId: `sha256:${'d'.repeat(64)}`,
      verified: true,
      model: { name: 'mlp', version: '1.2.3', sha256: 'e'.repeat(64) },
      parity: { verified: true, coldStartMs: 4200, samples: [], memory: { workingSetBytes: 41 * 2 ** 20, usageBytes: 45 * 2 ** 20 } },
      push: { reference: '127.0.0.1:5055/mlp:1.2.3', digest: DIGEST },
    }),
  );

  it('image ref + --memory + --hpa + --namespace: Deployment, Service, HPA on stdout, valid, sized from 300Mi', async () => {
    const r = await runCli(['k8s', 'registry.example.com/team/mlp:1.2.3', '--memory', '300Mi', '--hpa', '2:10:70', '--namespace', 'ml']);
    expect(r.code, r.stderr).toBe(0);
    const d = docs(r.stdout);
    expect(d.map((x) => x.kind)).toEqual(['Deployment', 'Service', 'HorizontalPodAutoscaler']);
    expect(validateAll(d)).toEqual([]);
    const c = d[0]!.spec.template.spec.containers[0];
    // 300 Mi × 1.5 = 450 Mi → 464 Mi (next multiple of 16); limit twice that.
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '464Mi' }, limits: { memory: '928Mi' } });
    expect(c.image).toBe('registry.example.com/team/mlp:1.2.3');
    expect(d.every((x) => x.metadata.namespace === 'ml')).toBe(true);
    expect(d[0]!.metadata.labels['app.kubernetes.io/version']).toBe('1.2.3'); // from the tag
    expect(d[0]!.metadata.annotations).toEqual({ 'modelcrate.io/model': 'mlp@1.2.3', 'modelcrate.io/memory-basis': '300Mi' });
    expect(d[2]!.spec).toMatchObject({ minReplicas: 2, maxReplicas: 10 });
  });

  it('--report --all --out: the measured memory, cold start and pushed digest; written atomically', async () => {
    const out = join(dir, 'deploy.yaml');
    const r = await runCli(['k8s', '--report', report, '--all', '--replicas', '3', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /wrote .*deploy\.yaml: Deployment, Service, InferenceService for 127\.0\.0\.1:5055\/mlp:1\.2\.3 \(measured 41\.0 MB → memory request 64Mi, limit 128Mi\)/,
    );
    // Manifests are made to be shared and applied: the umask's permissions, not owner-only.
    const umask = process.umask();
    expect((statSync(out).mode & 0o777).toString(8)).toBe((0o666 & ~umask).toString(8));
    const d = docs(readFileSync(out, 'utf8'));
    expect(d.map((x) => x.kind)).toEqual(['Deployment', 'Service', 'InferenceService']);
    expect(validateAll(d)).toEqual([]);
    expect(d[0]!.spec.replicas).toBe(3);
    expect(d[0]!.spec.template.spec.containers[0].image).toBe(`127.0.0.1:5055/mlp:1.2.3@${DIGEST}`);
    expect(d[2]!.spec.predictor.containers[0].image).toBe(`127.0.0.1:5055/mlp:1.2.3@${DIGEST}`);
    // 4.2 s cold start: readiness from 5 s, liveness from 15 s.
    expect(d[0]!.spec.template.spec.containers[0].readinessProbe.initialDelaySeconds).toBe(5);
    expect(d[0]!.spec.template.spec.containers[0].livenessProbe.initialDelaySeconds).toBe(15);
    expect(d[0]!.metadata.annotations['modelcrate.io/measured-working-set']).toBe('41Mi');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--kserve: only the InferenceService, valid against the KServe schema', async () => {
    const r = await runCli(['k8s', '--report', report, '--kserve', '--memory', '1Gi']);
    expect(r.code, r.stderr).toBe(0);
    const d = docs(r.stdout);
    expect(d.map((x) => x.kind)).toEqual(['InferenceService']);
    expect(validateAll(d)).toEqual([]);
    expect(d[0]!.spec.predictor.containers[0].resources.requests.memory).toBe('1536Mi');
  });

  it('mistakes exit 2 with a clear error and write nothing', async () => {
    const out = join(dir, 'never.yaml');
    const cases: Array<[string[], RegExp]> = [
      [['k8s', 'mlp:1', '--out', out], /error\[INVALID_REQUEST\]: No memory figure .*--memory, e\.g\. --memory 300Mi/],
      [['k8s', 'mlp:1', '--memory', '300MB', '--out', out], /error\[INVALID_REQUEST\]: --memory "300MB" is not a memory quantity/],
      [
        ['k8s', 'mlp:1', '--memory', '300Mi', '--hpa', '10:2:70', '--out', out],
        /error\[INVALID_REQUEST\]: Invalid hpa\.max: the HPA minimum must not exceed its maximum/,
      ],
      [['k8s', 'mlp:1', '--memory', '300Mi', '--hpa', 'lots', '--out', out], /error\[INVALID_REQUEST\]: --hpa "lots" is not min:max:cpu/],
      [['k8s', 'mlp:1', '--memory', '300Mi', '--namespace', 'Prod_NS', '--out', out], /error\[INVALID_REQUEST\]: Invalid namespace/],
      [['k8s', 'Not A Ref', '--memory', '300Mi', '--out', out], /error\[INVALID_REQUEST\]: Invalid image/],
      [['k8s', '--report', join(dir, 'missing.json'), '--out', out], /error\[FILE_NOT_FOUND\]/],
      [['k8s', '--report', join(dir, 'deploy.yaml'), '--out', out], /error\[MALFORMED\]: .* is not JSON/],
      [['k8s', 'mlp:1', '--memory', '300Mi', '--out', join(dir, 'no-such-dir', 'x.yaml')], /error\[FILE_NOT_FOUND\]/],
    ];
    writeFileSync(join(dir, 'deploy.yaml'), 'kind: Deployment\n');
    for (const [args, message] of cases) {
      const r = await runCli(args);
      expect([r.code, r.stdout], args.join(' ')).toEqual([2, '']);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('never') || f.endsWith('.tmp'))).toEqual([]);
  });
});
