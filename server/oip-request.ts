// The OIP v2 infer request's outer shape, checked with zod. Tensor data is left `unknown` here:
// a per-element schema would cost more than a small model's run; the studio's codec checks every
// element and names it.
import { z } from 'zod';
import { AppError } from '../shared/errors';
import type { OipInput } from '../shared/oip/codec';
import { MAX_RANK, tensorNameSchema } from '../shared/tensor-schema';

const parameters = z.record(z.string(), z.unknown());
const InferRequestSchema = z.object({
  id: z.string().max(1024).optional(),
  parameters: parameters.optional(),
  inputs: z
    .array(
      z.object({
        name: tensorNameSchema,
        shape: z.array(z.number().int().nonnegative()).max(MAX_RANK),
        datatype: z.string().min(1).max(32),
        parameters: parameters.optional(),
        // Absent for a binary input (parameters.binary_data_size): its bytes follow the JSON.
        data: z.unknown().optional(),
      }),
    )
    .max(10_000),
  outputs: z
    .array(z.object({ name: tensorNameSchema, parameters: parameters.optional() }))
    .max(10_000)
    .optional(),
});

export interface InferRequest {
  id?: string;
  parameters?: Record<string, unknown>;
  inputs: OipInput[];
  outputs?: Array<{ name: string; parameters?: Record<string, unknown> }>;
}

export function parseInferRequest(body: unknown): InferRequest {
  const r = InferRequestSchema.safeParse(body);
  if (r.success) return r.data as InferRequest;
  const first = r.error.issues[0]!;
  const field = first.path.map(String).join('.') || '(top level)';
  throw new AppError(
    'INVALID_REQUEST',
    `The infer request has an invalid field "${field}": ${first.message}.`,
    'See /openapi.json for the request this model takes.',
  );
}
