// Metadata from outside (a file, the form, a model's metadata_props, a bundle) → the typed shape,
// or an error that names the field and says what it takes.
import { AppError } from '../errors';
import { MetadataSchema, type Metadata } from './schema';

export interface MetadataIssue {
  /** Dotted path of the field, e.g. "authors.0" or "inputs.pixel_values.preprocessing.std". */
  path: string;
  message: string;
}

/** The metadata when valid, and every problem at once (for the form's inline messages). */
export function checkMetadata(input: unknown): { metadata: Metadata | null; issues: MetadataIssue[] } {
  const r = MetadataSchema.safeParse(input);
  return r.success
    ? { metadata: r.data, issues: [] }
    : { metadata: null, issues: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) };
}

/** The typed metadata with defaults filled, or INVALID_METADATA naming the first bad field. */
export function parseMetadata(input: unknown, where = 'The metadata'): Metadata {
  const r = MetadataSchema.safeParse(input);
  if (r.success) return r.data;
  const first = r.error.issues[0]!;
  const field = first.path.map(String).join('.') || '(top level)';
  const more = r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more)` : '';
  throw new AppError(
    'INVALID_METADATA',
    `${where} has an invalid field "${field}": ${first.message}${more}.`,
    'Fix the field and try again; `modelcrate meta get --json` shows the current values.',
  );
}
