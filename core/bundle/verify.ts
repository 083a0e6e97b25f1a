// `verify`: does a bundle still hold what it promises? The manifest parses; every file is there
// with its size and sha256 and nothing else is; the model reads, matches the recorded signature
// and metadata, and loads in onnxruntime; every golden sample reproduces its outputs. Content
// problems are reported, not thrown: the report lists each check, and `error` is the first failure.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MANIFEST_FILE, type Manifest } from '../../shared/bundle/manifest';
import { describeSignature, type SignatureStatus } from '../../shared/bundle/manifest-signature';
import { signatureDifference, signatureOf } from '../../shared/bundle/signature';
import type { VerifyCheck, VerifyReport } from '../../shared/bundle/verify-report';
import { AppError, toErrorData } from '../../shared/errors';
import { metadataOfModel } from '../../shared/metadata/defaults';
import { readModelSummary } from '../onnx/reader';
import type { RuntimeService } from '../runtime/runtime-service';
import { bundleSignature, enforceSignature, type SignaturePolicy } from '../signing/bundle-signature';
import { checkFiles, parseManifestBytes, readManifestFile } from './bundle-files';
import { throwIfCancelled } from './hash-file';
import { readSample } from './sample-files';
import { checkSample, withBundledModel } from './samples';
import { extractTar } from './tar-extract';

export interface VerifyOptions {
  runtime: RuntimeService;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, label: string) => void;
  /** Where a .tar.gz is extracted for the check (a temp folder inside it, removed after); default the OS temp folder. */
  tempParent?: string;
  /** Trusted keys and whether a trusted signature is required; an invalid signature always fails. */
  signature?: SignaturePolicy;
  /** What messages call the bundle (default its file name): a pull verifies a temp folder but names the reference. */
  label?: string;
}

const failed = (name: string, err: unknown): VerifyCheck => {
  const error = toErrorData(err);
  return { name, ok: false, message: error.message, error };
};

export async function verifyBundle(bundlePath: string, opts: VerifyOptions): Promise<VerifyReport> {
  const bundle = path.resolve(bundlePath);
  const label = opts.label ?? path.basename(bundle);
  const checks: VerifyCheck[] = [];
  let format: VerifyReport['format'] = 'dir';
  let manifest: Manifest | undefined;
  let signature: SignatureStatus | undefined;
  let temp: string | undefined;
  // Names the check a thrown error is reported under.
  let step = 'bundle';
  try {
    const st = await stat(bundle);
    format = st.isDirectory() ? 'dir' : 'tar.gz';
    let root = bundle;
    let digests;
    if (format === 'tar.gz') {
      step = 'archive';
      temp = await mkdtemp(path.join(opts.tempParent ?? os.tmpdir(), 'mc-verify-'));
      let done = 0;
      digests = await extractTar(bundle, temp, {
        signal: opts.signal,
        onBytes: (n) => opts.onProgress?.((done += n), st.size, 'Extracting'),
      });
      checks.push({ name: 'archive', ok: true, message: `${digests.size} files, no unsafe entries` });
      root = temp;
    }
    step = 'manifest';
    const bytes = await readManifestFile(root, label);
    // The signature first, over the raw bytes: it vouches for the manifest, and the manifest for the files.
    step = 'manifest signature';
    signature = await bundleSignature(root, bytes, opts.signature?.trusted ?? []);
    enforceSignature(signature, opts.signature, label);
    const signatureCheck = { name: 'manifest signature', ok: true, message: describeSignature(signature) };
    step = 'manifest';
    manifest = parseManifestBytes(bytes, label);
    checks.push({
      name: 'manifest',
      ok: true,
      message: `${manifest.metadata.name} ${manifest.metadata.version}, schema ${manifest.schemaVersion}, ${count(manifest.files.length, 'file')}, ${count(manifest.samples.length, 'sample')}`,
    });
    checks.push(signatureCheck);
    step = 'files';
    const total = manifest.files.reduce((n, f) => n + f.size, 0);
    let done = 0;
    checks.push(
      ...(await checkFiles(root, manifest, {
        digests,
        signal: opts.signal,
        onBytes: (n) => opts.onProgress?.((done += n), total, 'Checking files'),
      })),
    );
    if (checks.some((c) => !c.ok)) return report();
    step = 'model';
    await checkModel(root, manifest, checks, opts);
  } catch (err) {
    if (err instanceof AppError && err.code === 'CANCELLED') throw err;
    if (opts.signal?.aborted) throw new AppError('CANCELLED', 'Verifying the bundle was cancelled.');
    checks.push(failed(step, err));
  } finally {
    if (temp) await rm(temp, { recursive: true, force: true });
  }
  return report();

  function report(): VerifyReport {
    const first = checks.find((c) => !c.ok);
    return {
      ok: !first,
      bundle,
      format,
      ...(manifest ? { manifest } : {}),
      ...(signature ? { signature } : {}),
      checks,
      ...(first?.error ? { error: first.error } : {}),
    };
  }
}

/** The model against the manifest, then in onnxruntime with every sample. Appends to `checks`. */
async function checkModel(root: string, manifest: Manifest, checks: VerifyCheck[], opts: VerifyOptions): Promise<void> {
  const modelPath = path.join(root, manifest.model.path);
  const summary = await readModelSummary(modelPath);
  const diff = signatureDifference(manifest.signature, signatureOf(summary.graph));
  checks.push(
    diff
      ? invalid('signature', `The model's signature differs from ${MANIFEST_FILE}: ${diff}.`)
      : {
          name: 'signature',
          ok: true,
          message: `${count(summary.graph.inputs.length, 'input')}, ${count(summary.graph.outputs.length, 'output')}, as recorded`,
        },
  );
  const stored = metadataOfModel(summary);
  const same = stored.source === 'stored' && JSON.stringify(stored.metadata) === JSON.stringify(manifest.metadata);
  checks.push(
    same
      ? { name: 'metadata', ok: true, message: "the model carries the manifest's metadata" }
      : invalid(
          'metadata',
          `The metadata inside ${manifest.model.path} ${stored.source === 'stored' ? 'differs from' : 'is missing, unlike'} the manifest's.`,
        ),
  );
  if (checks.some((c) => !c.ok)) return;
  await withBundledModel(opts.runtime, modelPath, summary, async (ref, predictor) => {
    opts.onProgress?.(0, manifest.samples.length, 'Loading the model');
    try {
      await predictor.ensureOpen(ref);
      checks.push({ name: 'model loads', ok: true, message: `onnxruntime opened ${manifest.model.path}` });
    } catch (err) {
      return void checks.push(failed('model loads', err));
    }
    for (const [i, s] of manifest.samples.entries()) {
      throwIfCancelled(opts.signal, 'Verifying the bundle');
      opts.onProgress?.(i, manifest.samples.length, `Sample ${s.name}`);
      try {
        const sample = await readSample(root, s);
        checks.push(await checkSample(predictor, ref, s.name, sample, opts.signal));
      } catch (err) {
        if (err instanceof AppError && err.code === 'CANCELLED') throw err;
        checks.push(failed(`sample ${s.name}`, err));
      }
    }
  });
}

function invalid(name: string, message: string): VerifyCheck {
  return {
    name,
    ok: false,
    message,
    error: {
      code: 'BUNDLE_INVALID',
      message,
      hint: 'The bundle was not made by `modelcrate pack` from this model, or was edited; pack it again.',
    },
  };
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
