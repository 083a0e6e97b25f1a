// bundle.pack and bundle.verify as the studio runs them: a bundle is written beside the model
// (same folder, so a dropped model's bundle lands in its upload folder and is offered as a
// download), golden samples of the Test step go in with their outputs recomputed, and a bundle the
// studio wrote can be verified by its id.
import path from 'node:path';
import type { PackedBundle } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { PackInputs } from '../../shared/bundle/pack-inputs';
import { packBundle } from '../bundle/pack';
import type { VerifyReport } from '../../shared/bundle/verify-report';
import { verifyBundle } from '../bundle/verify';
import type { JobContext } from '../jobs/jobs';
import type { ModelRecord } from '../models/model-registry';
import type { PathTokens } from '../outputs/path-tokens';
import type { RuntimeService } from '../runtime/runtime-service';
import type { KeyStore } from '../signing/key-store';

/** The bundle.pack job's request: what to pack, where the bundle goes, whether to sign it. */
export interface PackJobRequest extends PackInputs {
  /** A folder name, or a file name ending .tar.gz / .tgz, beside the model. */
  fileName?: string;
  /** Desktop: the path chosen in the native save dialog (it asked about replacing). */
  targetPath?: string;
  overwrite: boolean;
  sign?: boolean;
  keyName?: string;
}

export async function packJob(
  model: ModelRecord,
  req: PackJobRequest,
  ctx: JobContext,
  deps: { runtime: RuntimeService; written: PathTokens; keys?: KeyStore },
): Promise<PackedBundle> {
  const out = req.targetPath ?? path.join(model.outputDir, req.fileName!);
  // The key first: no key fails at once (KEY_NOT_FOUND says how to make one), not after packing.
  const signing = req.sign || req.keyName !== undefined ? await requireKeys(deps.keys).signingKey(req.keyName) : undefined;
  const r = await packBundle({
    modelPath: model.filePath,
    summary: model.summary,
    metadata: req.metadata,
    samples: req.samples,
    samplePolicy: req.samplePolicy,
    out,
    // The native dialog already asked whether to replace what is there.
    overwrite: req.overwrite || req.targetPath !== undefined,
    runtime: deps.runtime,
    signal: ctx.signal,
    onProgress: (done, total, label) => ctx.progress(done, total, label),
    signWith: signing?.privateKey,
  });
  const uploaded = model.uploaded && req.targetPath === undefined;
  return {
    fileName: path.basename(r.path),
    displayPath: uploaded ? path.basename(r.path) : r.path,
    format: r.format,
    bytes: r.bytes,
    sha256: r.sha256,
    files: r.manifest.files.length + (r.signedBy ? 2 : 1),
    samples: r.manifest.samples.length,
    bundleId: deps.written.register(r.path),
    ...(signing && r.signedBy ? { signedBy: { keyId: r.signedBy, keyName: signing.info.name } } : {}),
  };
}

function requireKeys(keys: KeyStore | undefined): KeyStore {
  if (!keys) throw new AppError('NOT_SUPPORTED', 'This studio keeps no signing keys.');
  return keys;
}

export async function verifyJob(
  bundleId: string,
  ctx: JobContext,
  deps: { runtime: RuntimeService; written: PathTokens; keys?: KeyStore },
): Promise<VerifyReport> {
  const trusted = deps.keys ? await deps.keys.trustedKeys() : [];
  const report = await verifyBundle(deps.written.pathOf(bundleId), {
    runtime: deps.runtime,
    signal: ctx.signal,
    onProgress: (d, t, l) => ctx.progress(d, t, l),
    signature: { trusted },
  });
  if (ctx.signal.aborted) throw new AppError('CANCELLED', 'The verification was cancelled.');
  // The report says where the bundle is; for an upload that is a temp folder the user never chose.
  return { ...report, bundle: path.basename(report.bundle) };
}
