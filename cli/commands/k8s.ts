// `modelcrate k8s [image-ref]`: Kubernetes manifests (Deployment + Service, + HPA with --hpa) or a
// KServe InferenceService for a built image. Memory and cold start come from a measurement: the
// build report `modelcrate build` writes beside the bundle (--report), or --memory given by hand.
// YAML to stdout, or to --out written atomically (a temp file, fsync, rename).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseMemory } from '../../shared/deploy/quantity';
import { renderManifests } from '../../shared/deploy/render';
import { AppError } from '../../shared/errors';
import { formatBytes } from '../../shared/format';
import { writeOutFile } from '../out-file';
import { runCommand } from '../run-command';

export interface K8sCommandOptions {
  report?: string;
  name?: string;
  version?: string;
  memory?: string;
  digest?: string;
  port?: number;
  replicas?: number;
  hpa?: string;
  namespace?: string;
  what: 'kubernetes' | 'kserve' | 'all';
  out?: string;
}

/** What the manifests need from an image report (ImageBuildResult as written by `build`, + push). */
const ReportSchema = z.object({
  tag: z.string(),
  model: z.object({ name: z.string(), version: z.string() }),
  parity: z.object({ coldStartMs: z.number().nullable(), memory: z.object({ workingSetBytes: z.number() }).optional() }).optional(),
  push: z.object({ reference: z.string(), digest: z.string().optional() }).optional(),
});
type Report = z.infer<typeof ReportSchema>;

export function k8sCommand(imageRef: string | undefined, opts: K8sCommandOptions): Promise<void> {
  return runCommand(async () => {
    const report = opts.report ? await readReport(opts.report) : undefined;
    // A pushed image is pinned by the registry's digest; otherwise the tag that was built.
    const image = imageRef ?? report?.push?.reference ?? report?.tag;
    if (!image)
      throw new AppError(
        'INVALID_REQUEST',
        'No image: give an image reference or --report <bundle>.image-report.json.',
        'E.g. modelcrate k8s registry.example.com/team/mlp:1.2.3 --memory 300Mi',
      );
    const digest = opts.digest ?? (!imageRef || imageRef === report?.push?.reference ? report?.push?.digest : undefined);
    const memoryBytes = opts.memory !== undefined ? memoryOption(opts.memory) : report?.parity?.memory?.workingSetBytes;
    if (memoryBytes === undefined) {
      throw new AppError(
        'INVALID_REQUEST',
        'No memory figure to size the pods from.',
        'Pass --report with the report `modelcrate build` wrote (it measures the running container), or --memory, e.g. --memory 300Mi.',
      );
    }
    const name = opts.name ?? report?.model.name ?? nameFromRef(image);
    const version = opts.version ?? report?.model.version ?? tagFromRef(image);
    const r = renderManifests({
      image,
      ...(digest ? { digest } : {}),
      name,
      version,
      memoryBytes,
      memorySource: opts.memory !== undefined ? 'given' : 'measured',
      ...(report?.parity?.coldStartMs != null ? { coldStartMs: report.parity.coldStartMs } : {}),
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.replicas !== undefined ? { replicas: opts.replicas } : {}),
      ...(opts.hpa ? { hpa: hpaOption(opts.hpa) } : {}),
      ...(opts.namespace ? { namespace: opts.namespace } : {}),
    });
    const text = opts.what === 'kubernetes' ? r.kubernetes : opts.what === 'kserve' ? r.kserve : `${r.kubernetes}---\n${r.kserve}`;
    if (opts.out) {
      const out = path.resolve(opts.out);
      await writeOutFile(out, text);
      const kinds = [
        ...(opts.what !== 'kserve' ? ['Deployment', 'Service', ...(r.objects.hpa ? ['HorizontalPodAutoscaler'] : [])] : []),
        ...(opts.what !== 'kubernetes' ? ['InferenceService'] : []),
      ];
      const res = (
        r.objects.deployment.spec as {
          template: { spec: { containers: Array<{ resources: { requests: { memory: string }; limits: { memory: string } } }> } };
        }
      ).template.spec.containers[0]!.resources;
      process.stderr.write(
        `wrote ${out}: ${kinds.join(', ')} for ${image} (measured ${formatBytes(memoryBytes)} → memory request ${res.requests.memory}, limit ${res.limits.memory})\n`,
      );
    } else {
      process.stdout.write(text);
    }
  });
}

async function readReport(file: string): Promise<Report> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    if (err instanceof SyntaxError)
      throw new AppError(
        'MALFORMED',
        `${file} is not JSON: ${err.message}`,
        'Give the .image-report.json that `modelcrate build` wrote beside the bundle.',
      );
    throw err;
  }
  const r = ReportSchema.safeParse(json);
  if (!r.success)
    throw new AppError(
      'MALFORMED',
      `${file} is not an image build report (${r.error.issues[0]!.path.join('.') || 'top level'}: ${r.error.issues[0]!.message}).`,
      'Give the .image-report.json that `modelcrate build` wrote beside the bundle.',
    );
  return r.data;
}

function memoryOption(v: string): number {
  const bytes = parseMemory(v);
  if (bytes === null)
    throw new AppError(
      'INVALID_REQUEST',
      `--memory "${v}" is not a memory quantity.`,
      'Use a Kubernetes quantity such as 300Mi, 1Gi or 512M (bytes without a unit).',
    );
  return bytes;
}

function hpaOption(v: string): { min: number; max: number; cpu: number } {
  const m = /^(\d+):(\d+):(\d+)%?$/.exec(v.trim());
  if (!m)
    throw new AppError(
      'INVALID_REQUEST',
      `--hpa "${v}" is not min:max:cpu.`,
      'E.g. --hpa 2:10:70 (2 to 10 replicas, 70% of the CPU request).',
    );
  return { min: Number(m[1]), max: Number(m[2]), cpu: Number(m[3]) };
}

/** registry:5000/team/mlp:1.2.3@sha256:… → mlp */
function nameFromRef(ref: string): string {
  return ref.replace(/@.*$/, '').split('/').pop()!.replace(/:.*$/, '');
}

function tagFromRef(ref: string): string {
  const last = ref.replace(/@.*$/, '').split('/').pop()!;
  return last.includes(':') ? last.slice(last.indexOf(':') + 1) : 'latest';
}
