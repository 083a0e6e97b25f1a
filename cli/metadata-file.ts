// A metadata file given to `meta set --from` or `pack --meta`: a metadata JSON object, or the
// output of `meta get --json` as it is (its "metadata" object is taken).
import { readFile } from 'node:fs/promises';
import { AppError } from '../shared/errors';

export async function readMetadataJson(file: string): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    throw new AppError(
      'INVALID_METADATA',
      `${file} is not valid JSON (${err.message}).`,
      'Start from `modelcrate meta get <model> --json` and keep its "metadata" object.',
    );
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new AppError(
      'INVALID_METADATA',
      `${file} is not a JSON object of metadata.`,
      'Start from `modelcrate meta get <model> --json` and keep its "metadata" object.',
    );
  }
  const inner = (value as { metadata?: unknown }).metadata;
  if ('source' in value && inner && typeof inner === 'object') return inner as Record<string, unknown>;
  return value as Record<string, unknown>;
}
