// Writes a bundle's content into an empty folder: the model (with its metadata) and its external
// data under model/, samples/, README.md, sbom.cdx.json, and modelcrate.json last, listing every
// other file with the size and sha256 taken while it was written. pack.ts decides where the folder
// lives and what becomes of it.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  BUNDLE_KIND,
  BUNDLE_SCHEMA_VERSION,
  isSafeBundlePath,
  MANIFEST_FILE,
  ManifestSchema,
  MAX_SAMPLES,
  MODEL_DIR,
  README_FILE,
  SAMPLE_NAME,
  SBOM_FILE,
  type Manifest,
  type ManifestFile,
} from '../../shared/bundle/manifest';
import { KITFILE, renderKitfile } from '../../shared/bundle/kitfile';
import { defaultSampleBudget, type SampleInputs, type SamplePolicy } from '../../shared/bundle/sample';
import { buildSbom } from '../../shared/bundle/sbom';
import { signatureOf } from '../../shared/bundle/signature';
import { AppError } from '../../shared/errors';
import { renderModelCard } from '../../shared/metadata/model-card';
import type { Metadata } from '../../shared/metadata/schema';
import type { ModelSummary } from '../../shared/model-summary';
import { APP_NAME, APP_VERSION } from '../app-version';
import type { RuntimeService } from '../runtime/runtime-service';
import { copyModel } from './copy-model';
import { copyHashed, throwIfCancelled, writeHashed, type Digest } from './hash-file';
import { estimateInputBytes, SampleWriter } from './sample-files';
import { recordSample, withBundledModel } from './samples';

export interface StageInput {
  modelPath: string;
  summary: ModelSummary;
  metadata: Metadata;
  samples: SampleInputs[];
  /** The samples' size budget and which outputs they keep in full (shared/bundle/sample.ts). */
  samplePolicy?: SamplePolicy;
  runtime?: RuntimeService;
  createdAt: Date;
  signal?: AbortSignal;
  onBytes?: (n: number) => void;
}

/** The model's file name inside the bundle: its own when usable, else the metadata's name. */
export function bundledModelPath(modelPath: string, metadata: Metadata): string {
  const own = path.basename(modelPath);
  return `${MODEL_DIR}/${/\.onnx$/.test(own) && isSafeBundlePath(own) ? own : `${metadata.name}.onnx`}`;
}

/** Checks that cost nothing, before any byte is written. */
export function checkStageInput(input: Omit<StageInput, 'createdAt'>): void {
  if (input.samples.length > MAX_SAMPLES)
    throw new AppError(
      'INVALID_REQUEST',
      `${input.samples.length} golden samples; a bundle holds at most ${MAX_SAMPLES}.`,
      'Keep fewer samples.',
    );
  const seen = new Set<string>();
  for (const s of input.samples) {
    if (!SAMPLE_NAME.test(s.name))
      throw new AppError(
        'INVALID_REQUEST',
        `Sample name "${s.name}" cannot be a file name in the bundle.`,
        'Use letters, digits and . _ - (e.g. "cat-1").',
      );
    if (seen.has(s.name)) throw new AppError('INVALID_REQUEST', `Two samples are named "${s.name}".`, 'Give each sample its own name.');
    seen.add(s.name);
  }
  if (input.samples.length && !input.runtime)
    throw new AppError('INVALID_REQUEST', 'Golden samples need a runtime to compute their expected outputs.');
  const outputs = input.summary.graph.outputs.map((o) => o.name);
  const unknown = (input.samplePolicy?.keepOutputs ?? []).filter((k) => !outputs.includes(k));
  if (unknown.length)
    throw new AppError(
      'INVALID_REQUEST',
      `The model has no output ${unknown.map((k) => `"${k}"`).join(', ')} to keep in its samples.`,
      `Its outputs: ${outputs.map((o) => `"${o}"`).join(', ')}.`,
    );
  for (const e of input.summary.externalData) {
    if (!isSafeBundlePath(e.location)) {
      throw new AppError(
        'EXTERNAL_DATA_UNSAFE',
        `External data location "${e.location}" cannot be kept as it is inside a bundle.`,
        'Save the model with a plain relative location, e.g. onnx.save_model(model, path, save_as_external_data=True, location="weights.bin").',
      );
    }
  }
}

/**
 * The onnxruntime-node the runtime process loads (the same node_modules as ours), read from its
 * package.json: loading onnxruntime itself here would pull the native library into this process.
 * `require` where it exists: Electron's main bundle is CommonJS, without import.meta.
 */
export function onnxruntimeVersion(): string {
  try {
    const load = typeof require === 'function' ? require : createRequire(import.meta.url);
    return (load('onnxruntime-node/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export interface Staged {
  manifest: Manifest;
  /** modelcrate.json's own size and sha256 (it pins every other file). */
  manifestDigest: Digest;
}

export async function stageBundle(dir: string, input: StageInput): Promise<Staged> {
  const { summary, metadata, signal } = input;
  const files: ManifestFile[] = [];
  const add = (p: string, d: { size: number; sha256: string }) => files.push({ path: p, sha256: d.sha256, size: d.size });
  const modelRel = bundledModelPath(input.modelPath, metadata);
  const modelAbs = path.join(dir, modelRel);
  await mkdir(path.dirname(modelAbs), { recursive: true });
  const modelDigest = await copyModel(input.modelPath, modelAbs, metadata, { signal, onBytes: input.onBytes, existing: summary.metadata });
  add(modelRel, modelDigest);

  // External data keeps its location relative to the model, so the copy finds it as the original did.
  const externalData: string[] = [];
  for (const e of summary.externalData) {
    throwIfCancelled(signal, 'Packing');
    const rel = `${MODEL_DIR}/${e.location}`;
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    add(
      rel,
      await copyHashed(path.resolve(path.dirname(input.modelPath), e.location), path.join(dir, rel), { signal, onBytes: input.onBytes }),
    );
    externalData.push(rel);
  }

  const samples: Manifest['samples'] = [];
  if (input.samples.length) {
    await mkdir(path.join(dir, 'samples'));
    const modelBytes = summary.file.bytes + summary.externalData.reduce((n, e) => n + e.fileBytes, 0);
    const keep = input.samplePolicy?.keepOutputs;
    const writer = new SampleWriter(
      dir,
      {
        budgetBytes: input.samplePolicy?.budgetBytes ?? defaultSampleBudget(modelBytes),
        ...(keep ? { keepOutputs: new Set(keep) } : {}),
        reserveBytes: 0,
      },
      add,
    );
    // Room for every sample's inputs and summaries first, so early outputs do not crowd them out.
    for (const s of input.samples) writer.reserve(estimateInputBytes(s.inputs) + (8 << 10) * summary.graph.outputs.length);
    const order = summary.graph.outputs.map((o) => o.name);
    await withBundledModel(input.runtime!, modelAbs, summary, async (ref, predictor) => {
      for (const s of input.samples) {
        throwIfCancelled(signal, 'Packing');
        writer.reserve(-estimateInputBytes(s.inputs));
        const recorded = await recordSample(predictor, ref, s.name, s.inputs, signal);
        samples.push(await writer.write(s.name, recorded.inputs, recorded.outputs, order));
      }
    });
  }

  const signature = signatureOf(summary.graph);
  add(README_FILE, await writeHashed(path.join(dir, README_FILE), renderModelCard(metadata, summary.graph)));
  const createdAt = input.createdAt.toISOString();
  const tool = { name: APP_NAME, version: APP_VERSION };
  const serialHex = createHash('sha256').update(`${modelDigest.sha256}\n${createdAt}`).digest('hex');
  const sbom = buildSbom({ metadata, signature, model: { path: modelRel, sha256: modelDigest.sha256 }, tool, createdAt, serialHex });
  add(SBOM_FILE, await writeHashed(path.join(dir, SBOM_FILE), `${JSON.stringify(sbom, null, 2)}\n`));
  // KitOps users can `kit pack` the bundle folder as it is.
  add(
    KITFILE,
    await writeHashed(
      path.join(dir, KITFILE),
      renderKitfile({
        metadata,
        modelPath: modelRel,
        externalData,
        hasSamples: samples.length > 0,
        readme: README_FILE,
        sbom: SBOM_FILE,
        manifest: MANIFEST_FILE,
      }),
    ),
  );

  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest: Manifest = {
    schemaVersion: BUNDLE_SCHEMA_VERSION,
    kind: BUNDLE_KIND,
    tool,
    createdAt,
    metadata,
    model: { path: modelRel, externalData },
    signature,
    files,
    samples,
    runtime: { onnxruntime: onnxruntimeVersion() },
  };
  // Our own output goes through the reader's schema: a bundle we cannot open again is never written.
  const checked = ManifestSchema.safeParse(manifest);
  if (!checked.success)
    throw new AppError(
      'INTERNAL',
      `The bundle's manifest came out invalid: ${checked.error.issues[0]!.message} at ${checked.error.issues[0]!.path.join('.')}.`,
    );
  const manifestDigest = await writeHashed(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  await normaliseModes(dir, [...files.map((f) => f.path), MANIFEST_FILE]);
  return { manifest, manifestDigest };
}

/** 0644 files, 0755 folders whatever the umask or the writer's choice, so tarballs and copies agree. */
async function normaliseModes(dir: string, files: string[]): Promise<void> {
  const folders = new Set<string>();
  for (const f of files) {
    await chmod(path.join(dir, f), 0o644);
    for (let p = path.posix.dirname(f); p !== '.'; p = path.posix.dirname(p)) folders.add(p);
  }
  for (const f of folders) await chmod(path.join(dir, f), 0o755);
}
