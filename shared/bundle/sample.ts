// Golden samples, declared once: a sample as calls carry it (its name and inputs; the outputs are
// computed by running the model), how a pack keeps them (SamplePolicy: the size budget and which
// outputs stay in full) and the files a bundle keeps for one (docs/architecture.md §Bundle format):
// - schema 1, format 'json': samples/<name>.json holds the inputs and the outputs the model gave
//   for them at pack time, every tensor inline in the JSON form (§The JSON form of tensors);
// - schema 2, format 'json-index': samples/<name>.json is an index. A tensor stays inline when its
//   JSON is small (≤ INLINE_JSON_BYTES); a bigger one is {type, shape, file} with its data in
//   samples/<name>/<role>-<i>.npy; an output past the budget is {type, shape, summary}: the sha256
//   of its bytes, statistics and an evenly strided slice (shared/bundle/sample-summary.ts).
// Limits: tensors in shared/tensor-schema.ts; a sample's name and how many a bundle holds in
// manifest.ts, which lists them.
import { z } from 'zod';
import { AppError } from '../errors';
import { jsonTensorMapSchema, jsonTensorSchema, MAX_RANK, tensorNameSchema, wireTensorMapSchema } from '../tensor-schema';
import { TENSOR_TYPES, type JsonTensor, type TensorType } from '../tensors';
import { isSafeBundlePath, MAX_SAMPLES, sampleNameSchema } from './manifest';

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

/**
 * A sample with its name as opening a bundle brings it along: inputs and the outputs kept in full
 * (an output kept only as a summary is left out), in the JSON form.
 */
export type NamedSampleFile = SampleFile & { name: string };

/** A tensor kept inline in the index is at most this big as JSON; a bigger one goes to a .npy file. */
export const INLINE_JSON_BYTES = 64 << 10;
/** Elements of an output's slice when it is kept as a summary; an output this small is always kept in full. */
export const SUMMARY_SLICE_ELEMENTS = 256;
/** The floor of the default budget: a bundle's samples may always take this much. */
export const MIN_SAMPLE_BUDGET = 16 << 20;
/** The default budget's share of the model's bytes (with external data). */
export const SAMPLE_BUDGET_SHARE = 0.05;

/** How many bytes a bundle's sample files may take by default: 5 % of the model or 16 MiB, whichever is larger. */
export function defaultSampleBudget(modelBytes: number): number {
  return Math.max(MIN_SAMPLE_BUDGET, Math.ceil(modelBytes * SAMPLE_BUDGET_SHARE));
}

/**
 * How a pack keeps the samples' outputs (bundle.pack, image.build, artifact.push; CLI `pack
 * --keep-outputs --sample-budget`). Inputs are always kept in full. Without `keepOutputs`, every
 * output is kept in full while the samples' files stay within the budget, in sample order, then
 * the model's output order; the rest become summaries. With it, the named outputs are kept in
 * full and the others become summaries (an output of at most SUMMARY_SLICE_ELEMENTS elements is
 * always kept in full). A pack whose samples still exceed the budget fails.
 */
export const SamplePolicySchema = z
  .object({
    keepOutputs: z.array(tensorNameSchema).max(10_000).optional(),
    /** Bytes; default defaultSampleBudget(the model's bytes). */
    budgetBytes: z
      .number()
      .int()
      .positive()
      .max(2 ** 50)
      .optional(),
  })
  .strict();
export type SamplePolicy = z.output<typeof SamplePolicySchema>;

const shapeSchema = z.array(z.number().int().nonnegative()).max(MAX_RANK);
const finiteOrNull = z.number().nullable();

/** An output kept as a summary: enough to check it within tolerance without its every element. */
export const OutputSummarySchema = z
  .object({
    /** Of the tensor's little-endian element bytes (bool: one byte 0/1); strings: of the UTF-8 JSON of `data`. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    count: z.number().int().nonnegative(),
    /** Over the finite values (null when there are none, and for strings). */
    min: finiteOrNull,
    max: finiteOrNull,
    mean: finiteOrNull,
    std: finiteOrNull,
    absMean: finiteOrNull,
    absMax: finiteOrNull,
    nan: z.number().int().nonnegative(),
    posInf: z.number().int().nonnegative(),
    negInf: z.number().int().nonnegative(),
    /** Elements 0, step, 2·step, … (numpy a.flat[::step]), at most SUMMARY_SLICE_ELEMENTS, in the JSON form. */
    slice: z
      .object({
        step: z.number().int().positive(),
        data: z.array(z.union([z.number(), z.string(), z.boolean()])).max(SUMMARY_SLICE_ELEMENTS),
      })
      .strict(),
  })
  .strict();
export type OutputSummary = z.output<typeof OutputSummarySchema>;

const dataFile = z.string().refine(isSafeBundlePath, 'a relative path inside the bundle');
export const FileTensorSchema = z.object({ type: z.enum(TENSOR_TYPES), shape: shapeSchema, file: dataFile }).strict();
export const SummaryTensorSchema = z.object({ type: z.enum(TENSOR_TYPES), shape: shapeSchema, summary: OutputSummarySchema }).strict();
export type FileTensor = z.output<typeof FileTensorSchema>;
export type SummaryTensor = z.output<typeof SummaryTensorSchema>;

/** samples/<name>.json of a 'json-index' sample. */
export const SampleIndexSchema = z
  .object({
    inputs: z.record(tensorNameSchema, z.union([jsonTensorSchema, FileTensorSchema])),
    outputs: z.record(tensorNameSchema, z.union([jsonTensorSchema, FileTensorSchema, SummaryTensorSchema])),
  })
  .strict();
export type SampleIndex = z.output<typeof SampleIndexSchema>;

/** A recorded output as a check expects it: in full (JSON form) or as its summary. */
export type ExpectedOutput = Required<JsonTensor> | { type: TensorType; shape: number[]; summary: OutputSummary };

export function isSummary(o: ExpectedOutput): o is { type: TensorType; shape: number[]; summary: OutputSummary } {
  return 'summary' in o;
}

export function parseSampleFile(input: unknown, where: string): SampleFile {
  return parsed(SampleFileSchema, input, where);
}

export function parseSampleIndex(input: unknown, where: string): SampleIndex {
  return parsed(SampleIndexSchema, input, where);
}

function parsed<T extends z.ZodTypeAny>(schema: T, input: unknown, where: string): z.output<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data as z.output<T>;
  const first = r.error.issues[0]!;
  throw new AppError(
    'BUNDLE_INVALID',
    `${where} has an invalid field "${first.path.map(String).join('.') || '(top level)'}": ${first.message}.`,
    'The bundle was edited or damaged; pack it again from the model.',
  );
}
