// A golden sample, samples/<name>.json: inputs and the outputs the model gave for them when it was
// packed, both in the JSON form (docs/architecture.md §The JSON form of tensors). Elements are
// checked by the tensor codec when the sample is used (it names the tensor and element), not here:
// a per-element zod union would be slow.
import { z } from 'zod';
import { AppError } from '../errors';
import { TENSOR_TYPES, type JsonTensor } from '../tensors';

const jsonTensor = z
  .object({
    type: z.enum(TENSOR_TYPES),
    shape: z.array(z.number().int().nonnegative()).max(64),
    data: z.array(z.union([z.number(), z.string(), z.boolean()])),
  })
  .strict();
const tensorMap = z.record(z.string().min(1).max(1024), jsonTensor);

export const SampleFileSchema = z.object({ inputs: tensorMap, outputs: tensorMap }).strict();

export interface SampleFile {
  inputs: Record<string, Required<JsonTensor>>;
  outputs: Record<string, Required<JsonTensor>>;
}

export function parseSampleFile(input: unknown, where: string): SampleFile {
  const r = SampleFileSchema.safeParse(input);
  if (r.success) return r.data;
  const first = r.error.issues[0]!;
  throw new AppError('BUNDLE_INVALID', `${where} has an invalid field "${first.path.map(String).join('.') || '(top level)'}": ${first.message}.`, 'The bundle was edited or damaged; pack it again from the model.');
}
