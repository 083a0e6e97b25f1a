// The one model a server serves: its bundle opened with every sha256 checked (a .tar.gz is
// extracted into a temp folder first, removed on close), the model's summary read, and its
// signature held against the manifest's. A bundle that fails any of this is refused before the
// server listens.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Manifest } from '../shared/bundle/manifest';
import type { SignatureStatus } from '../shared/bundle/manifest-signature';
import { signatureDifference, signatureOf } from '../shared/bundle/signature';
import { AppError } from '../shared/errors';
import type { ModelSummary } from '../shared/model-summary';
import { openBundle } from '../core/bundle/open';
import { readModelSummary } from '../core/onnx/reader';
import type { ModelHandle } from '../core/runtime/predictor';
import type { TrustedKey } from '../core/signing/ed25519';

export interface ServedModel {
  /** metadata.name and metadata.version: the OIP model name and its one version. */
  name: string;
  version: string;
  root: string;
  manifest: Manifest;
  summary: ModelSummary;
  /** The model as the runtime runs it. */
  handle: ModelHandle;
  signature: SignatureStatus;
  /** Removes the extraction folder of a .tar.gz (nothing for a folder bundle). */
  dispose(): Promise<void>;
}

/** With `publicKey`, only a bundle signed by that key opens (else SIGNATURE_MISSING / _UNTRUSTED / _INVALID). */
export async function openServedModel(bundlePath: string, publicKey?: TrustedKey): Promise<ServedModel> {
  // openBundle extracts a .tar.gz under <dataDir>/bundles; a temp dataDir keeps that off the image's /app.
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'modelcrate-serve-'));
  const dispose = () => rm(dataDir, { recursive: true, force: true });
  try {
    const b = await openBundle(bundlePath, dataDir, publicKey ? { signature: { trusted: [publicKey], require: true } } : {});
    const summary = await readModelSummary(b.modelPath);
    const diff = signatureDifference(b.manifest.signature, signatureOf(summary.graph));
    if (diff)
      throw new AppError(
        'BUNDLE_INVALID',
        `The model's signature differs from modelcrate.json: ${diff}.`,
        'Pack the bundle again from the model.',
      );
    const { name, version } = b.manifest.metadata;
    return {
      name,
      version,
      root: b.root,
      manifest: b.manifest,
      summary,
      handle: { modelId: `serve-${name}`, filePath: b.modelPath, summary },
      signature: b.signature,
      dispose,
    };
  } catch (err) {
    await dispose();
    throw err;
  }
}
