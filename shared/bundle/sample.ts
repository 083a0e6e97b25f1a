// Golden samples, declared once: a sample as calls carry it (its name and inputs; the outputs are
// computed by running the model) and the file a bundle keeps for it, samples/<name>.json (inputs
// and the outputs the model gave for them when it was packed, both in the JSON form: docs/architecture.md §The JSON form of tensors).
// Limits: tensors in shared/tensor-schema.ts; a sample's name and how many a bundle holds in
// manifest.ts, which lists them.
import { z } from 'zod';
import { AppError } from '../errors';
import { jsonTensorMapSchema, wireTensorMapSchema } from '../tensor-schema';
import { MAX_SAMPLES, sampleNameSchema } from './manifest';

/** A golden sample before it runs: its name and its inputs (wire form; a tensor without "type" takes the model's). */
export const SampleInputsSchema = z.object({ name: sampleNameSchema, inputs: wireTensorMapSchema }).strict();
export type SampleInputs = z.output<typeof SampleInputsSchema>;

/** The golden samples bundle.pack, image.build and artifact.push carry: what the bundle will hold. */
export const SamplesSchema = z.array(SampleInputsSchema).max(MAX_SAMPLES);

/**
 * model.diff's samples: the same, except that their names label the report's rows (the Test
 * step's names as the user typed them) rather than name files.
 */
export const DiffSamplesSchema = z.array(SampleInputsSchema.extend({ name: z.string().min(1).max(200) })).max(MAX_SAMPLES);

export const SampleFileSchema = z.object({ inputs: jsonTensorMapSchema, outputs: jsonTensorMapSchema }).strict();
export type SampleFile = z.output<typeof SampleFileSchema>;

/** A sample file with its name: a bundle's samples as opening it brings them along. */
export type NamedSampleFile = SampleFile & { name: string };

export function parseSampleFile(input: unknown, where: string): SampleFile {
  const r = SampleFileSchema.safeParse(input);
  if (r.success) return r.data;
  const first = r.error.issues[0]!;
  throw new AppError(
    'BUNDLE_INVALID',
    `${where} has an invalid field "${first.path.map(String).join('.') || '(top level)'}": ${first.message}.`,
    'The bundle was edited or damaged; pack it again from the model.',
  );
}
