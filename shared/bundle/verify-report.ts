// What verifying a bundle reports: `modelcrate verify`, the bundle.verify job (the Export step
// shows it) and `artifact pull` all give this one report. core/bundle/verify.ts makes it.
import type { ErrorData } from '../errors';
import type { OutputDifference } from './compare-outputs';
import type { BundleFormat, Manifest } from './manifest';
import type { SignatureStatus } from './manifest-signature';

export interface VerifyCheck {
  name: string;
  ok: boolean;
  message: string;
  error?: ErrorData;
  /** Samples: the largest float difference between recorded and recomputed outputs. */
  worst?: OutputDifference;
}

export interface VerifyReport {
  ok: boolean;
  /** The bundle's file or folder name (the studio's report never shows a path the user did not choose). */
  bundle: string;
  format: BundleFormat;
  manifest?: Manifest;
  /** modelcrate.sig's state (set once the manifest was read). */
  signature?: SignatureStatus;
  checks: VerifyCheck[];
  /** The first failed check's error. */
  error?: ErrorData;
}
