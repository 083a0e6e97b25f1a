// modelcrate.json: what a bundle holds and what it promises (docs/architecture.md §Bundle format).
// Pure zod, so the renderer shows a dropped bundle with the same parser `verify` trusts. Bump
// BUNDLE_SCHEMA_VERSION when a field changes meaning; readers refuse versions they do not know
// rather than guess, and keep reading every older one (READABLE_SCHEMA_VERSIONS).
//
// Version 2 (lean golden samples): a sample entry says its index file's format and lists the
// sample's binary files (.npy) and the outputs kept only as a summary (shared/bundle/sample.ts).
// Version 1 entries are {name, path}: samples/<name>.json holding every tensor inline.
//
// Signing signs this file's bytes, so the signature lives outside them: modelcrate.sig beside it
// (shared/bundle/manifest-signature.ts), the one file `files` does not list besides this one.
import { z } from 'zod';
import { AppError } from '../errors';
import { MetadataSchema } from '../metadata/schema';
import { MAX_RANK, tensorNameSchema } from '../tensor-schema';

/** The version this code writes. */
export const BUNDLE_SCHEMA_VERSION = 2;
/** Every version this code reads. */
export const READABLE_SCHEMA_VERSIONS = [1, 2] as const;
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

/**
 * How a sample's index file (samples/<name>.json) keeps its tensors: 'json' (every tensor inline in
 * the JSON form; what version 1 wrote, and what a version 1 entry without `format` means), or
 * 'json-index' (small tensors inline, bigger ones in the .npy files listed beside it, outputs past
 * the budget as a summary: shared/bundle/sample.ts).
 */
export const SAMPLE_FORMATS = ['json', 'json-index'] as const;
export type SampleFormat = (typeof SAMPLE_FORMATS)[number];

/** One binary file of a sample: a tensor's data as NumPy .npy (format 1.0, little-endian, C order). */
export const SampleDataFileSchema = z
  .object({
    path: bundlePath,
    format: z.literal('npy'),
    role: z.enum(['input', 'output']),
    tensor: tensorNameSchema,
  })
  .strict();
export type SampleDataFile = z.output<typeof SampleDataFileSchema>;

export const SampleEntrySchema = z
  .object({
    name: sampleNameSchema,
    path: bundlePath,
    /** Version 2; absent in version 1 (= 'json'). */
    format: z.enum(SAMPLE_FORMATS).optional(),
    /** Version 2: the sample's .npy files, each also in `files` with its sha256. */
    files: z.array(SampleDataFileSchema).max(20_000).optional(),
    /** Version 2: outputs kept as digest + statistics + a slice rather than in full (past the budget). */
    summarized: z.array(tensorNameSchema).max(10_000).optional(),
  })
  .strict();
export type SampleEntry = z.output<typeof SampleEntrySchema>;

export const ManifestSchema = z
  .object({
    schemaVersion: z.union([z.literal(1), z.literal(2)]),
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
    samples: z.array(SampleEntrySchema).max(MAX_SAMPLES),
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
    const dataFiles = new Set<string>();
    m.samples.forEach((s, i) => {
      if (names.has(s.name)) ctx.addIssue({ code: 'custom', path: ['samples', i, 'name'], message: `sample "${s.name}" appears twice` });
      names.add(s.name);
      if (s.path !== samplePath(s.name))
        ctx.addIssue({ code: 'custom', path: ['samples', i, 'path'], message: `expected "${samplePath(s.name)}"` });
      needListed(s.path, ['samples', i, 'path']);
      if (m.schemaVersion === 1) {
        if (s.format !== undefined || s.files !== undefined || s.summarized !== undefined)
          ctx.addIssue({ code: 'custom', path: ['samples', i], message: 'format, files and summarized are schema version 2 fields' });
        return;
      }
      if (s.format === undefined)
        ctx.addIssue({ code: 'custom', path: ['samples', i, 'format'], message: `one of ${SAMPLE_FORMATS.join(', ')}` });
      (s.files ?? []).forEach((f, j) => {
        const where = ['samples', i, 'files', j, 'path'];
        if (s.format !== 'json-index')
          ctx.addIssue({ code: 'custom', path: where, message: 'only a "json-index" sample has files of its own' });
        if (!f.path.startsWith(`${SAMPLES_DIR}/${s.name}/`) || !f.path.endsWith('.npy'))
          ctx.addIssue({ code: 'custom', path: where, message: `a .npy file under ${SAMPLES_DIR}/${s.name}/` });
        if (dataFiles.has(f.path)) ctx.addIssue({ code: 'custom', path: where, message: `"${f.path}" belongs to two samples` });
        dataFiles.add(f.path);
        needListed(f.path, where);
      });
    });
  });

export type Manifest = z.output<typeof ManifestSchema>;
export type ManifestFile = z.output<typeof FileEntrySchema>;
export type SignatureEntry = z.output<typeof SignatureEntrySchema>;

export function samplePath(name: string): string {
  return `${SAMPLES_DIR}/${name}.json`;
}

/** A sample's .npy file for its `index`-th input or output (tensor names need not be file names). */
export function sampleDataPath(name: string, role: 'input' | 'output', index: number): string {
  return `${SAMPLES_DIR}/${name}/${role}-${index}.npy`;
}

/** Every file of a sample: its index (or inline JSON) file, then its .npy files. */
export function sampleFiles(s: SampleEntry): string[] {
  return [s.path, ...(s.files ?? []).map((f) => f.path)];
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
