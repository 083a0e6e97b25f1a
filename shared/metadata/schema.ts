// The model's metadata: one versioned schema, stored inside the ONNX file (metadata_props, see
// onnx-props.ts) and in a bundle's modelcrate.json. The form in the Metadata step, `meta set`, the
// model card and the server all read this one shape. Bump METADATA_SCHEMA_VERSION and add a
// migration in parse-metadata.ts when a field changes meaning.
import { z } from 'zod';
import { PreprocessingSchema } from '../preprocessing';
import { tensorNameSchema } from '../tensor-schema';
import { isValidSemver, isValidSpdx } from './validators';

export const METADATA_SCHEMA_VERSION = 1;

export const TASKS = ['classification', 'regression', 'detection', 'segmentation', 'embedding', 'generation', 'other'] as const;
/**
 * What an input or output holds. audio, tokens and features came after image, text, tabular and
 * tensor: records with the older four still parse unchanged (so no version bump); a reader older than
 * them refuses a record using them rather than guess. inferInputKind (input-kind.ts) picks one.
 */
export const IO_KINDS = ['image', 'audio', 'text', 'tokens', 'features', 'tabular', 'tensor'] as const;
export const ACTIVATIONS = ['none', 'softmax', 'sigmoid'] as const;

/**
 * A name usable as the OIP model name, a Docker image name and a file name: lowercase letters,
 * digits and . _ - inside, starting and ending with a letter or digit.
 */
export const NAME_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,126}[a-z0-9])?$/;

const text = (max: number) => z.string().max(max);
const line = text(200).refine((s) => !/[\r\n]/.test(s), 'must be one line');

export const IoDescriptionSchema = z
  .object({
    description: text(2000).default(''),
    kind: z.enum(IO_KINDS).default('tensor'),
    /** Inputs of kind image: how a picture becomes this tensor (the Test step's spec). Ignored for other kinds. */
    preprocessing: PreprocessingSchema.optional(),
    /** Outputs: what turns raw scores into an answer. */
    postprocessing: z
      .object({
        activation: z.enum(ACTIVATIONS).default('none'),
        topK: z.number().int().min(1).max(1000).optional(),
        threshold: z.number().finite().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The profile's figures as measured in the Test step (ProfileResult, trimmed to what a card shows). */
export const PerformanceSchema = z
  .object({
    loadMs: z.number().nonnegative(),
    peakRssMB: z.number().nonnegative(),
    batches: z
      .array(
        z.object({
          batch: z.number().int().positive(),
          p50: z.number().nonnegative(),
          p90: z.number().nonnegative(),
          p99: z.number().nonnegative(),
          runsPerSec: z.number().nonnegative(),
        }),
      )
      .max(32),
    /** Where it was measured, e.g. "linux x64, 8 cores, onnxruntime 1.30.0". */
    measuredOn: line.default(''),
    measuredAt: z.string().datetime().optional(),
  })
  .strict();

export const MetadataSchema = z
  .object({
    schemaVersion: z.literal(METADATA_SCHEMA_VERSION),
    name: z
      .string()
      .regex(NAME_PATTERN, 'lowercase letters, digits and . _ - (e.g. "resnet50-v2"); starts and ends with a letter or digit'),
    title: line.default(''),
    version: z.string().refine(isValidSemver, 'a semantic version such as 1.0.0'),
    description: text(20_000).default(''),
    authors: z
      .array(line.pipe(z.string().min(1)))
      .max(50)
      .default([]),
    /** An SPDX license expression, e.g. "Apache-2.0" or "MIT OR Apache-2.0"; empty when not decided. */
    license: z
      .string()
      .max(500)
      .refine((s) => s === '' || isValidSpdx(s), 'an SPDX license expression such as Apache-2.0 or MIT')
      .default(''),
    tags: z
      .array(
        z
          .string()
          .min(1)
          .max(64)
          .regex(/^[^,\r\n]+$/, 'no commas or line breaks'),
      )
      .max(64)
      .default([]),
    task: z.enum(TASKS).default('other'),
    /** Class labels by index (classification, detection, segmentation). */
    labels: z.array(z.string().max(500)).max(100_000).default([]),
    inputs: z.record(tensorNameSchema, IoDescriptionSchema).default({}),
    outputs: z.record(tensorNameSchema, IoDescriptionSchema).default({}),
    provenance: z
      .object({
        /** Datasets the model was trained on: names, URLs, DOIs. */
        trainingData: z.array(text(2000)).max(50).default([]),
        sourceRepository: text(2000).default(''),
        revision: line.default(''),
        framework: line.default(''),
        frameworkVersion: line.default(''),
      })
      .strict()
      .default({ trainingData: [], sourceRepository: '', revision: '', framework: '', frameworkVersion: '' }),
    intendedUse: text(20_000).default(''),
    limitations: text(20_000).default(''),
    performance: PerformanceSchema.optional(),
    /** The model card's Markdown when the user edited it; otherwise it is generated (model-card.ts). */
    modelCard: text(200_000).optional(),
  })
  .strict();

export type Metadata = z.output<typeof MetadataSchema>;
/** What a file or the form may give: defaults filled by parseMetadata. */
export type MetadataInput = z.input<typeof MetadataSchema>;
export type IoDescription = z.output<typeof IoDescriptionSchema>;
export type Performance = z.output<typeof PerformanceSchema>;
export type Task = (typeof TASKS)[number];
export type IoKind = (typeof IO_KINDS)[number];
