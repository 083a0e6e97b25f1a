// modelcrate.json: what a bundle holds and what it promises (docs/architecture.md §Bundle format).
// Pure zod, so the renderer shows a dropped bundle with the same parser `verify` trusts. Bump
// BUNDLE_SCHEMA_VERSION when a field changes meaning; readers refuse versions they do not know
// rather than guess.
//
// Signing signs this file's bytes, so the signature lives outside them: modelcrate.sig beside it
// (shared/bundle/manifest-signature.ts), the one file `files` does not list besides this one.
import { z } from 'zod';
import { AppError } from '../errors';
import { MetadataSchema } from '../metadata/schema';
import { MAX_RANK, tensorNameSchema } from '../tensor-schema';

export const BUNDLE_SCHEMA_VERSION = 1;
export const BUNDLE_KIND = 'modelcrate.bundle';
export const MANIFEST_FILE = 'modelcrate.json';
export const README_FILE = 'README.md';
export const SBOM_FILE = 'sbom.cdx.json';
export const MODEL_DIR = 'model';
export const SAMPLES_DIR = 'samples';

/** A bundle is a folder or a .tar.gz of one. */
export type BundleFormat = 'dir' | 'tar.gz';

/**
 * A path inside a bundle: relative, '/'-separated, without '.', '..' or empty segments, backslashes,
 * control characters or a drive letter. The same rule refuses unsafe tarball entries, so a manifest
 * can never point outside the bundle's folder.
 */
export function isSafeBundlePath(p: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  if (p.length === 0 || p.length > 1024 || p.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(p) || /^[A-Za-z]:/.test(p)) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

/** A sample's name is also its file name (samples/<name>.json). */
export const SAMPLE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$/;
export const sampleNameSchema = z.string().regex(SAMPLE_NAME, 'letters, digits and . _ - (e.g. "two-rows")');
/**
 * Most golden samples a bundle holds, and so a pack, image build or artifact push carries (the
 * studio re-packs the samples an opened bundle brought along). shared/bundle/sample.ts declares
 * the samples themselves.
 */
export const MAX_SAMPLES = 1000;

const bundlePath = z.string().refine(isSafeBundlePath, 'a relative path inside the bundle ("/"-separated, no "..", no absolute path)');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest: 64 lowercase hex digits');
const dim = z.union([z.number().int().nonnegative(), z.string().max(256), z.null()]);

export const SignatureEntrySchema = z
  .object({
    name: tensorNameSchema,
    /** The element type (float32, int64, …), or the type's text for non-tensors (e.g. "seq(float32[?])"). */
    type: z.string().min(1).max(200),
    /** null when even the rank is unknown. */
    shape: z.array(dim).max(MAX_RANK).nullable(),
  })
  .strict();

export const FileEntrySchema = z.object({ path: bundlePath, sha256, size: z.number().int().nonnegative() }).strict();

export const ManifestSchema = z
  .object({
    schemaVersion: z.literal(BUNDLE_SCHEMA_VERSION),
    kind: z.literal(BUNDLE_KIND),
    tool: z.object({ name: z.string().min(1).max(200), version: z.string().min(1).max(100) }).strict(),
    createdAt: z.string().datetime(),
    metadata: MetadataSchema,
    model: z
      .object({
        path: bundlePath.refine((p) => p.startsWith(`${MODEL_DIR}/`) && p.endsWith('.onnx'), `a .onnx file under ${MODEL_DIR}/`),
        externalData: z
          .array(bundlePath.refine((p) => p.startsWith(`${MODEL_DIR}/`), `a file under ${MODEL_DIR}/, beside the model`))
          .max(10_000),
      })
      .strict(),
    signature: z.object({ inputs: z.array(SignatureEntrySchema).max(10_000), outputs: z.array(SignatureEntrySchema).max(10_000) }).strict(),
    /** Every file of the bundle except modelcrate.json itself. */
    files: z.array(FileEntrySchema).max(100_000),
    samples: z.array(z.object({ name: sampleNameSchema, path: bundlePath }).strict()).max(MAX_SAMPLES),
    runtime: z.object({ onnxruntime: z.string().min(1).max(100) }).strict(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const listed = new Set<string>();
    m.files.forEach((f, i) => {
      if (listed.has(f.path)) ctx.addIssue({ code: 'custom', path: ['files', i, 'path'], message: `"${f.path}" is listed twice` });
      if (f.path === MANIFEST_FILE)
        ctx.addIssue({ code: 'custom', path: ['files', i, 'path'], message: `${MANIFEST_FILE} does not list itself` });
      listed.add(f.path);
    });
    const needListed = (p: string, where: Array<string | number>) => {
      if (!listed.has(p)) ctx.addIssue({ code: 'custom', path: where, message: `"${p}" is not among the files` });
    };
    needListed(m.model.path, ['model', 'path']);
    m.model.externalData.forEach((p, i) => needListed(p, ['model', 'externalData', i]));
    const names = new Set<string>();
    m.samples.forEach((s, i) => {
      if (names.has(s.name)) ctx.addIssue({ code: 'custom', path: ['samples', i, 'name'], message: `sample "${s.name}" appears twice` });
      names.add(s.name);
      if (s.path !== samplePath(s.name))
        ctx.addIssue({ code: 'custom', path: ['samples', i, 'path'], message: `expected "${samplePath(s.name)}"` });
      needListed(s.path, ['samples', i, 'path']);
    });
  });

export type Manifest = z.output<typeof ManifestSchema>;
export type ManifestFile = z.output<typeof FileEntrySchema>;
export type SignatureEntry = z.output<typeof SignatureEntrySchema>;

export function samplePath(name: string): string {
  return `${SAMPLES_DIR}/${name}.json`;
}

/** The manifest, or BUNDLE_INVALID naming the first bad field. `where` names the bundle in the message. */
export function parseManifest(input: unknown, where: string): Manifest {
  const version = (input as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > BUNDLE_SCHEMA_VERSION) {
    throw new AppError(
      'BUNDLE_INVALID',
      `${where} has manifest schema version ${version}; this version of Modelcrate reads version ${BUNDLE_SCHEMA_VERSION}.`,
      'Update Modelcrate Studio to open this bundle.',
    );
  }
  const r = ManifestSchema.safeParse(input);
  if (r.success) return r.data;
  const first = r.error.issues[0]!;
  const field = first.path.map(String).join('.') || '(top level)';
  const more = r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more)` : '';
  throw new AppError(
    'BUNDLE_INVALID',
    `${where}: ${MANIFEST_FILE} has an invalid field "${field}": ${first.message}${more}.`,
    'The bundle was edited or damaged; pack it again from the model.',
  );
}
