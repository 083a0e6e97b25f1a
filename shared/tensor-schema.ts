// Tensors and tensor maps as zod checks them at our boundaries, declared once with one set of
// limits: calls (model.predict, the golden samples of bundle.pack, image.build, artifact.push and
// model.diff), sample files in bundles, and the server's OIP requests (names and ranks).
// The forms themselves are described in shared/tensors.ts.
import { z } from 'zod';
import { isWireArray, TENSOR_TYPES, type JsonScalar, type WireArray } from './tensors';

/** Most dims a tensor may have (ONNX has no limit; real models stay far below). */
export const MAX_RANK = 64;

/** An input's or output's name (a tensor map's key). */
export const tensorNameSchema = z.string().min(1).max(1024);

const shapeSchema = z.array(z.number().int().nonnegative()).max(MAX_RANK);

/**
 * A tensor in the wire form (the JSON form, or a typed array for `data`). `type` may be left out:
 * the model's signature gives it. Elements are checked by the codec (shared/tensor-json.ts), which
 * names the input and the element it cannot decode, and is far faster than a per-element zod
 * union on a big tensor.
 */
export const wireTensorSchema = z
  .object({
    type: z.enum(TENSOR_TYPES).optional(),
    shape: shapeSchema,
    data: z.custom<JsonScalar[] | WireArray>((v) => Array.isArray(v) || isWireArray(v), 'expected a list of values'),
  })
  .strict();
export const wireTensorMapSchema = z.record(tensorNameSchema, wireTensorSchema);

/**
 * A tensor in the JSON form as files keep it (a bundle's samples/<name>.json): `type` given, `data`
 * a list of JSON values. Files are read once per verify or open, so each element's JSON type is
 * checked here; whether it fits the tensor's type is the codec's check when the sample runs.
 */
export const jsonTensorSchema = z
  .object({
    type: z.enum(TENSOR_TYPES),
    shape: shapeSchema,
    data: z.array(z.union([z.number(), z.string(), z.boolean()])),
  })
  .strict();
export const jsonTensorMapSchema = z.record(tensorNameSchema, jsonTensorSchema);
