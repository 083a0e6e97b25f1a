// What an image build, its parity gate and a push report. Pure types (no Node), so the renderer's
// Export step shows the same objects the CLI prints with --json and the report file holds.
import type { SignedBy } from '../bundle/manifest-signature';

/** The Docker image's layers grouped by what put them there. */
export interface LayerBreakdown {
  /** Layers of the base image (node + system libraries). */
  baseBytes: number;
  /** onnxruntime-node (and sharp when an image input needs it), copied from node_modules. */
  runtimeBytes: number;
  /** The server bundle (server.mjs + runtime-worker.mjs + server-codec.mjs). */
  serverBytes: number;
  /** The model bundle (/app/bundle). */
  modelBytes: number;
}

export interface ParitySample {
  name: string;
  ok: boolean;
  /** 'exact' when the image's onnxruntime is the one that recorded the sample, else 'tolerance'. */
  comparison: 'exact' | 'tolerance';
  /** Why it failed: the first differing element or the HTTP error. */
  why?: string;
  /** The largest float difference seen (0 when bit-exact). */
  worstDiff?: number;
  /** Round trip of the /infer request in ms. */
  ms: number;
}

export interface ParityResult {
  verified: boolean;
  /** Container start → first 200 from /v2/health/ready, in ms (null when it never became ready). */
  coldStartMs: number | null;
  samples: ParitySample[];
  /**
   * The container's memory once every golden sample was replayed (model loaded, warm): what the
   * Kubernetes manifests size their requests and limits from. Absent when the engine gave none.
   */
  memory?: { workingSetBytes: number; usageBytes: number };
  /** Why the gate failed as a whole (not ready, crashed), with the container's last log lines. */
  error?: string;
}

export interface ImageBuildResult {
  tag: string;
  imageId: string;
  baseImage: string;
  /** Whole image (base included), as `docker image ls` shows it. */
  sizeBytes: number;
  baseSizeBytes: number;
  layers: LayerBreakdown;
  buildMs: number;
  /** True only when the parity gate ran and every sample was reproduced. */
  verified: boolean;
  /** Absent with --no-verify. */
  parity?: ParityResult;
  /** The model this image serves. */
  model: { name: string; version: string; sha256: string };
  /** Where the JSON report was written (beside the bundle). */
  reportPath?: string;
  /** The key the bundle was signed with and the image requires (its public key baked in); studio builds with "Sign with". */
  signedBy?: SignedBy;
}

export interface PushResult {
  /** The full reference pushed, e.g. 127.0.0.1:5055/mlp:1.0.0. */
  reference: string;
  /** sha256:… digest of the pushed manifest, as the registry reported it. */
  digest?: string;
}
