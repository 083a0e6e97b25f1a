// The generated manifests against the Kubernetes OpenAPI schemas (kubernetes-models: runtime
// validators + strict unknown-field check through its TypeScript types) and the reduced KServe InferenceService schema,
// across option combinations; deliberately wrong documents must fail, so the check can fail; the
// YAML parses back to the same objects.
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildManifests as build } from '../../shared/deploy/manifests';
import type { DeployOptions } from '../../shared/deploy/options';
import { parseMemory } from '../../shared/deploy/quantity';
import { memoryRequestBytes, resourcesFor } from '../../shared/deploy/resources';
import { renderManifests } from '../../shared/deploy/render';
import { kserveErrors, runtimeErrors, strictErrors, validateAll } from '../fixtures/k8s-validate';

type Obj = Record<string, any>;
const MI = 1024 * 1024;
/** The generator's objects, typed loosely for reading nested fields. */
const buildManifests = (o: DeployOptions) => build(o) as unknown as { deployment: Obj; service: Obj; hpa?: Obj; inferenceService: Obj };
const base: DeployOptions = {
  image: 'registry.example.com/team/mlp:1.2.3',
  name: 'mlp',
  version: '1.2.3',
  memoryBytes: 150 * MI,
  memorySource: 'measured',
  coldStartMs: 2300,
};

const combos: Array<[string, DeployOptions]> = [
  ['defaults', base],
  ['namespace + 3 replicas', { ...base, namespace: 'models', replicas: 3 }],
  ['HPA', { ...base, hpa: { min: 2, max: 10, cpu: 70 } }],
  [
    'HPA + namespace + digest + other port',
    { ...base, namespace: 'ml-prod', hpa: { min: 1, max: 3, cpu: 50 }, digest: `sha256:${'a'.repeat(64)}`, port: 9000 },
  ],
  [
    'odd name and build version, no cold start',
    { image: '127.0.0.1:5055/my_model:2.0.0-rc.1', name: 'My_Model.V2', version: '2.0.0-rc.1+build.7', memoryBytes: 3 * 1024 * MI },
  ],
];

describe('Kubernetes + KServe manifests', { timeout: 60_000 }, () => {
  it.each(combos)('%s: every document validates (types, required, unknown fields) and the YAML round-trips', (_label, o) => {
    const r = renderManifests(o);
    const k8s = parseAllDocuments(r.kubernetes).map((d) => d.toJS() as Obj);
    const isvc = parseAllDocuments(r.kserve).map((d) => d.toJS() as Obj);
    // YAML round trip: the text holds exactly the objects.
    const m = r.objects;
    expect(k8s).toEqual([m.deployment, m.service, ...(m.hpa ? [m.hpa] : [])]);
    expect(isvc).toEqual([m.inferenceService]);
    expect(`${r.kubernetes}${r.kserve}`).not.toMatch(/[&*]a\d/); // no YAML anchors or aliases
    expect(k8s.map((d) => d.kind)).toEqual(['Deployment', 'Service', ...(o.hpa ? ['HorizontalPodAutoscaler'] : [])]);
    expect(validateAll([...k8s, ...isvc])).toEqual([]);
  });

  it('the pod runs as the image was verified to: non-root uid 10001, read-only root, no capabilities, RuntimeDefault seccomp, /tmp writable', () => {
    const { deployment, inferenceService } = buildManifests(base);
    expect(deployment.spec.template.spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    // Knative would refuse a pod-level one by default; the container's context carries the same.
    expect(inferenceService.spec.predictor.securityContext).toBeUndefined();
    for (const pod of [deployment.spec.template.spec, inferenceService.spec.predictor] as Obj[]) {
      const c = pod.containers[0];
      expect(c.securityContext).toEqual({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        runAsNonRoot: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
      expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
      expect(c.readinessProbe.httpGet.path).toBe('/v2/health/ready');
      expect(c.livenessProbe.httpGet.path).toBe('/v2/health/live');
      // Delays from the 2.3 s cold start: readiness from 3 s, liveness not before 10 s.
      expect(c.readinessProbe.initialDelaySeconds).toBe(3);
      expect(c.livenessProbe.initialDelaySeconds).toBe(10);
      expect(pod.automountServiceAccountToken).toBe(false);
      // The server's memory budget follows the container's limit (server/memory-budget.ts).
      expect(c.env).toContainEqual({
        name: 'MODELCRATE_MEMORY_LIMIT',
        valueFrom: { resourceFieldRef: { containerName: c.name, resource: 'limits.memory' } },
      });
    }
    expect(inferenceService.spec.predictor.containers[0]).toMatchObject({
      name: 'kserve-container',
      env: [{ name: 'PROTOCOL', value: 'v2' }, expect.objectContaining({ name: 'MODELCRATE_MEMORY_LIMIT' })],
      ports: [{ name: 'http1', containerPort: 8080 }],
    });
    expect(deployment.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'mlp',
      'app.kubernetes.io/instance': 'mlp',
      'app.kubernetes.io/version': '1.2.3',
      'app.kubernetes.io/component': 'inference-server',
      'app.kubernetes.io/managed-by': 'modelcrate',
    });
    // The selector leaves the version out: it is immutable, and the next version's rollout keeps it.
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'mlp', 'app.kubernetes.io/instance': 'mlp' });
  });

  it('resources follow the documented rule: request = measured × 1.5 up to 16 Mi (≥ 64 Mi), limit = 2 × request, cpu 250m', () => {
    expect(resourcesFor(150 * MI)).toEqual({ requests: { cpu: '250m', memory: '240Mi' }, limits: { memory: '480Mi' } });
    expect(resourcesFor(100 * MI + 1)).toEqual({ requests: { cpu: '250m', memory: '160Mi' }, limits: { memory: '320Mi' } });
    expect(memoryRequestBytes(10 * MI)).toBe(64 * MI);
    expect(buildManifests(base).deployment.spec.template.spec.containers[0].resources).toEqual(resourcesFor(150 * MI));
    expect(buildManifests(base).deployment.metadata.annotations['modelcrate.io/measured-working-set']).toBe('150Mi');
    // A figure typed by hand is not called a measurement.
    const given = buildManifests({ ...base, memorySource: 'given' }).deployment.metadata.annotations;
    expect([given['modelcrate.io/memory-basis'], given['modelcrate.io/measured-working-set']]).toEqual(['150Mi', undefined]);
    expect([
      parseMemory('300Mi'),
      parseMemory('1Gi'),
      parseMemory('512M'),
      parseMemory('1.5Gi'),
      parseMemory('300MB'),
      parseMemory('-1Mi'),
      parseMemory('0'),
    ]).toEqual([300 * MI, 1024 * MI, 512e6, 1536 * MI, null, null, null]);
  });

  it('HPA: autoscaling/v2 on cpu utilisation; the Deployment leaves replicas to it; KServe gets min/max/cpu target', () => {
    const m = buildManifests({ ...base, replicas: 4, hpa: { min: 2, max: 10, cpu: 70 } });
    expect(m.deployment.spec.replicas).toBeUndefined();
    expect(m.hpa!.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'mlp' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    expect(m.inferenceService.spec.predictor).toMatchObject({ minReplicas: 2, maxReplicas: 10, scaleMetric: 'cpu', scaleTarget: 70 });
    const fixed = buildManifests({ ...base, replicas: 4, namespace: 'ml' });
    expect([fixed.deployment.spec.replicas, fixed.hpa, fixed.service.metadata.namespace]).toEqual([4, undefined, 'ml']);
    expect(fixed.inferenceService.spec.predictor).toMatchObject({ minReplicas: 4, maxReplicas: 4 });
  });

  it('a digest pins the image; a name that is not a DNS label is made into one; a build suffix is made label-safe', () => {
    const digest = `sha256:${'b'.repeat(64)}`;
    expect(buildManifests({ ...base, digest }).deployment.spec.template.spec.containers[0].image).toBe(
      `registry.example.com/team/mlp:1.2.3@${digest}`,
    );
    const odd = buildManifests({ ...base, name: 'My_Model.V2', version: '2.0.0+build.7' });
    expect(odd.deployment.metadata.name).toBe('my-model-v2');
    expect(odd.deployment.metadata.labels['app.kubernetes.io/version']).toBe('2.0.0_build.7');
  });

  it('bad options are refused with the field named', () => {
    expect(() => buildManifests({ ...base, namespace: 'Bad_NS' })).toThrow(/namespace/);
    expect(() => buildManifests({ ...base, hpa: { min: 5, max: 2, cpu: 70 } })).toThrow(/minimum must not exceed/);
    expect(() => buildManifests({ ...base, memoryBytes: 0 })).toThrow(/memoryBytes/);
    expect(() => buildManifests({ ...base, image: 'Not A Ref' })).toThrow(/image reference/);
  });

  describe('the check can fail', () => {
    const good = buildManifests(base);
    const clone = <T>(x: T): T => structuredClone(x);

    it('an unknown field (a typo in the container securityContext) fails the strict check', () => {
      const d = clone(good.deployment) as Obj;
      d.spec.template.spec.containers[0].securityContext.runAsNonRot = true;
      expect(runtimeErrors('apps/v1 Deployment', d)).toEqual([]); // the validators alone let it through
      const errs = strictErrors([{ kind: 'apps/v1 Deployment', doc: d }]);
      expect(errs.join('\n')).toMatch(/runAsNonRot/);
    });

    it('a wrong type or a missing required field fails the runtime validators', () => {
      const d = clone(good.deployment) as Obj;
      d.spec.replicas = 'two';
      expect(runtimeErrors('apps/v1 Deployment', d).join('\n')).toMatch(/replicas must be integer/);
      const s = clone(good.service) as Obj;
      delete s.spec.ports[0].port;
      expect(runtimeErrors('v1 Service', s).join('\n')).toMatch(/port/);
      const h = clone(buildManifests({ ...base, hpa: { min: 1, max: 2, cpu: 50 } }).hpa) as Obj;
      h.spec.metrics[0].resource.target.averageUtilization = '50%';
      expect(validateAll([h]).join('\n')).toMatch(/averageUtilization/);
    });

    it('an InferenceService with a field KServe does not have, or a PodSpec typo inside the predictor, fails', () => {
      const i = clone(good.inferenceService) as Obj;
      i.spec.predictor.protocolVersion = 'v2'; // only model/framework specs have it, not a custom predictor
      expect(kserveErrors(i).join('\n')).toMatch(/additional properties.*protocolVersion/);
      const j = clone(good.inferenceService) as Obj;
      j.spec.predictor.containers[0].readinessProbe.httpGet.paht = '/x';
      expect(validateAll([j]).join('\n')).toMatch(/paht/);
      const k = clone(good.inferenceService) as Obj;
      k.spec.predictor.minReplicas = 'one';
      expect(kserveErrors(k).join('\n')).toMatch(/minReplicas must be integer/);
      const l = clone(good.inferenceService) as Obj;
      l.spec.predictor.containers[0].env[0].value = 'grpc-v2';
      l.spec.predictor.containers[0].ports[0].name = 'http';
      l.spec.predictor.securityContext = { runAsNonRoot: true };
      expect(kserveErrors(l)).toEqual([
        'PROTOCOL must be v1 or v2, got grpc-v2',
        'port name http: Knative takes http1 or h2c',
        'pod securityContext: Knative admits it only with kubernetes.podspec-securitycontext enabled',
      ]);
    });
  });
});
