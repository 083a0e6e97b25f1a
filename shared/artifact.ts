// What an `artifact.push` job (and `modelcrate artifact push --json`) returns: shared by the
// service and the renderer. See core/artifact/ for the ModelPack layout.
import type { SignedBy } from './bundle/manifest-signature';

export interface ArtifactPushResult {
  /** registry/repository:tag as pushed. */
  reference: string;
  /** The manifest's digest: pull by `registry/repository@digest`. */
  digest: string;
  layers: Array<{ mediaType: string; digest: string; size: number; filepath: string }>;
  /** All blobs' bytes (layers + config). */
  bytes: number;
  /** What was sent; less than `bytes` when the registry already held some blobs. */
  uploadedBytes: number;
  /** The studio's key that signed the bundle (Export → Model artifact with "Sign with"). */
  signedBy?: SignedBy;
}
