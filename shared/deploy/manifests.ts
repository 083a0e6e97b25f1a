// Deployment + Service (+ HorizontalPodAutoscaler) and a KServe InferenceService for an image the
// studio built. Pure: the same objects in the CLI and in the renderer's preview. The pod runs the
// way the image was verified to run: as the image's numeric user, read-only root filesystem, no
// capabilities, no privilege escalation, RuntimeDefault seccomp, probes on the OIP health routes,
// memory sized from the parity check's measurement (resources.ts says how).
import { IMAGE_GID, IMAGE_PORT, IMAGE_UID } from './image-facts';
import { dnsName, labelValue, parseDeployOptions, type DeployOptions, type ParsedDeployOptions } from './options';
import { probesFor } from './probes';
import { formatMi } from './quantity';
import { resourcesFor } from './resources';

type Obj = Record<string, unknown>;

export interface Manifests {
  deployment: Obj;
  service: Obj;
  hpa?: Obj;
  inferenceService: Obj;
}

/**
 * /tmp as an emptyDir: with a read-only root the server cannot start without it (it makes its data
 * folder with mkdtemp under os.tmpdir() — EROFS otherwise; test/integration/k8s-docker.spec.ts runs
 * the image both ways). Disk-backed with a cap: a Memory medium would count against the limit.
 */
export const TMP_VOLUME = { name: 'tmp', mountPath: '/tmp', sizeLimit: '64Mi' } as const;

/** The container name KServe looks for (it sets the protocol from this container's PROTOCOL env). */
const KSERVE_CONTAINER = 'kserve-container';

export function buildManifests(input: DeployOptions): Manifests {
  const o = parseDeployOptions(input);
  const name = dnsName(o.name);
  const labels = standardLabels(name, o);
  const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name };
  const meta = (kind: string) => ({ name: kind ? `${name}-${kind}` : name, ...(o.namespace ? { namespace: o.namespace } : {}), labels });
  const annotations = {
    'modelcrate.io/model': `${o.name}@${o.version}`,
    // The figure the resources come from, so a reviewer can redo the arithmetic (and knows whether
    // it was measured or typed).
    [o.memorySource === 'measured' ? 'modelcrate.io/measured-working-set' : 'modelcrate.io/memory-basis']: formatMi(o.memoryBytes),
    ...(o.coldStartMs !== undefined ? { 'modelcrate.io/measured-cold-start-ms': String(Math.round(o.coldStartMs)) } : {}),
  };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { ...meta(''), annotations },
    spec: {
      // With an HPA the autoscaler owns the count: a fixed replicas here would be re-applied over it.
      ...(o.hpa ? {} : { replicas: o.replicas }),
      selector: { matchLabels: selector },
      template: { metadata: { labels, annotations }, spec: podSpec(o, 'server', 'http') },
    },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(''),
    spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port: o.port, targetPort: 'http', protocol: 'TCP' }] },
  };
  const hpa = o.hpa
    ? {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: meta(''),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: o.hpa.min,
          maxReplicas: o.hpa.max,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: o.hpa.cpu } } }],
        },
      }
    : undefined;
  // Knative (KServe's serverless mode) accepts only the port names http1 and h2c.
  const pod = podSpec(o, KSERVE_CONTAINER, 'http1');
  const scaling = o.hpa
    ? { minReplicas: o.hpa.min, maxReplicas: o.hpa.max, scaleMetric: 'cpu', scaleTarget: o.hpa.cpu }
    : { minReplicas: o.replicas, maxReplicas: o.replicas };
  const inferenceService = {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { ...meta(''), annotations },
    spec: { predictor: { ...scaling, ...pod } },
  };
  return { deployment, service, ...(hpa ? { hpa } : {}), inferenceService };
}

function standardLabels(name: string, o: ParsedDeployOptions): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': name,
    ...(labelValue(o.version) ? { 'app.kubernetes.io/version': labelValue(o.version) } : {}),
    'app.kubernetes.io/component': 'inference-server',
    'app.kubernetes.io/managed-by': 'modelcrate',
  };
}

function imageOf(o: ParsedDeployOptions): string {
  return o.digest && !o.image.includes('@') ? `${o.image}@${o.digest}` : o.image;
}

function podSpec(o: ParsedDeployOptions, containerName: string, portName: string): Obj {
  const kserve = containerName === KSERVE_CONTAINER;
  return {
    // The server talks to no Kubernetes API: no token in the pod.
    automountServiceAccountToken: false,
    // Knative (KServe's serverless mode) admits a pod-level securityContext only behind its
    // kubernetes.podspec-securitycontext flag; the container's own context below says it all anyway.
    ...(kserve
      ? {}
      : {
          securityContext: {
            runAsNonRoot: true,
            runAsUser: IMAGE_UID,
            runAsGroup: IMAGE_GID,
            fsGroup: IMAGE_GID,
            seccompProfile: { type: 'RuntimeDefault' },
          },
        }),
    containers: [
      {
        name: containerName,
        image: imageOf(o),
        imagePullPolicy: 'IfNotPresent',
        // The image's CMD listens on 8080; another port is passed the way the server takes it.
        ...(o.port !== IMAGE_PORT ? { args: ['--bundle', '/app/bundle', '--port', String(o.port)] } : {}),
        env: [
          ...(kserve ? [{ name: 'PROTOCOL', value: 'v2' }] : []),
          // The server sizes its budget of request bytes in flight from this (server/memory-budget.ts);
          // it reads the cgroup too, but the limit named here is the one a reviewer sees.
          { name: 'MODELCRATE_MEMORY_LIMIT', valueFrom: { resourceFieldRef: { containerName, resource: 'limits.memory' } } },
        ],
        ports: [{ name: portName, containerPort: o.port, protocol: 'TCP' }],
        ...probesFor(o.coldStartMs, kserve ? o.port : portName),
        resources: resourcesFor(o.memoryBytes),
        securityContext: {
          runAsNonRoot: true,
          runAsUser: IMAGE_UID,
          runAsGroup: IMAGE_GID,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        },
        volumeMounts: [{ name: TMP_VOLUME.name, mountPath: TMP_VOLUME.mountPath }],
      },
    ],
    volumes: [{ name: TMP_VOLUME.name, emptyDir: { sizeLimit: TMP_VOLUME.sizeLimit } }],
  };
}
