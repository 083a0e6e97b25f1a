// What the manifest generator takes, validated the same way wherever it comes from (CLI flags, the
// Export step's form): one zod schema, so a bad namespace or an HPA with min > max is refused with
// the field named before any YAML is written.
import { z } from 'zod';
import { AppError } from '../errors';
import { IMAGE_PORT } from './image-facts';

/** DNS-1123 label: what Kubernetes accepts as a namespace or a Service name. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** An image reference, optionally pinned by digest: [registry[:port]/]name[:tag][@sha256:…]. */
export const IMAGE_WITH_DIGEST = /^[a-z0-9]([a-z0-9._/:-]*[a-zA-Z0-9_.-])?(@sha256:[a-f0-9]{64})?$/;
/** Names go into YAML comments and annotations: one line, nothing invisible. */
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const PRINTABLE = /^[^\x00-\x1f\x7f]+$/;
export const DIGEST = /^sha256:[a-f0-9]{64}$/;

export const HpaSchema = z
  .object({
    min: z.number().int().min(1).max(1000),
    max: z.number().int().min(1).max(1000),
    /** Target average CPU utilisation, in % of the CPU request. */
    cpu: z.number().int().min(1).max(1000),
  })
  .strict()
  .refine((h) => h.min <= h.max, { message: 'the HPA minimum must not exceed its maximum', path: ['max'] });

export const DeployOptionsSchema = z
  .object({
    image: z
      .string()
      .min(1)
      .max(512)
      .regex(IMAGE_WITH_DIGEST, 'an image reference such as mlp:1.0.0 or registry.example.com/team/mlp:1.0.0[@sha256:…]'),
    /** The registry's manifest digest when known (after a push): the pods then run exactly that image. */
    digest: z.string().regex(DIGEST, 'a digest sha256:<64 hex digits>').optional(),
    /** The model's name (metadata); made into a DNS label for object names. */
    name: z.string().min(1).max(253).regex(PRINTABLE, 'a name without control characters'),
    version: z.string().min(1).max(128).regex(PRINTABLE, 'a version without control characters'),
    port: z.number().int().min(1).max(65535).default(IMAGE_PORT),
    /** Measured working set of the running container, in bytes (what resources are sized from). */
    memoryBytes: z
      .number()
      .int()
      .positive()
      .max(2 ** 50),
    /** Whether memoryBytes was measured (a build's parity check) or given by hand: the annotation says which. */
    memorySource: z.enum(['measured', 'given']).default('given'),
    /** Measured start → ready, in ms; sets the probes' delays. */
    coldStartMs: z.number().nonnegative().max(3_600_000).optional(),
    replicas: z.number().int().min(1).max(1000).default(1),
    hpa: HpaSchema.optional(),
    namespace: z
      .string()
      .max(63)
      .regex(DNS_LABEL, 'a namespace: lowercase letters, digits and -, starting and ending with a letter or digit')
      .optional(),
  })
  .strict();

export type DeployOptions = z.input<typeof DeployOptionsSchema>;
export type ParsedDeployOptions = z.output<typeof DeployOptionsSchema>;

/** "My_Model.v2" → "my-model-v2": an object name Kubernetes accepts (≤ 63, for Service names). */
export function dnsName(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return s || 'model';
}

/** A label value (≤ 63, [A-Za-z0-9._-], alphanumeric at both ends): "1.2.3+build" → "1.2.3_build". */
export function labelValue(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

/** Parses the options or throws INVALID_REQUEST naming the first bad field and what it takes. */
export function parseDeployOptions(input: unknown): ParsedDeployOptions {
  const r = DeployOptionsSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.join('.') || 'options';
  throw new AppError('INVALID_REQUEST', `Invalid ${field}: ${issue.message}.`, 'Correct it and generate the manifests again.');
}
