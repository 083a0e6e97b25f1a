// Which local images can be the base of a model image, and why. The image's server runs as
// `node /app/server.mjs` with onnxruntime-node's glibc x64 binaries (core/image/dockerfile.ts), so a
// base qualifies when it is linux/amd64, not musl (Alpine), and has Node ≥ 20 on its PATH. Pure:
// the engine's facts come in (core/export/base-images.ts), a verdict and its reason go out.

export const MIN_NODE_MAJOR = 20;

/** node: fit to be a base; unknown: not checked; unfit: cannot serve (the reason says why). */
export type BaseFit = 'node' | 'unknown' | 'unfit';

export interface LocalImage {
  /** repository:tag, as `FROM` takes it. */
  ref: string;
  id: string;
  sizeBytes: number;
  /** Seconds since the epoch, as the engine reports it. */
  created: number;
  fit: BaseFit;
  /** Why it fits or not, in a few words ("Node 22.11.0", "Alpine: musl libc; onnxruntime needs glibc"). */
  why: string;
}

export interface ImageFacts {
  ref: string;
  os?: string;
  arch?: string;
  env?: string[];
  labels?: Record<string, string>;
  /** Where node was found in the image's filesystem; null: looked and found none; undefined: not looked. */
  nodeAt?: string | null;
}

/** NODE_VERSION from the image's environment (the official node images set it). */
export function nodeVersionOf(env: string[] = []): string | undefined {
  return env.find((e) => e.startsWith('NODE_VERSION='))?.slice('NODE_VERSION='.length) || undefined;
}

export function judgeBase(f: ImageFacts): { fit: BaseFit; why: string } {
  if (f.labels?.['io.modelcrate.model.name']) return { fit: 'unfit', why: 'a model image built by Modelcrate, not a base' };
  if ((f.os && f.os !== 'linux') || (f.arch && f.arch !== 'amd64'))
    return { fit: 'unfit', why: `${f.os ?? '?'}/${f.arch ?? '?'}: the server's onnxruntime needs linux/amd64` };
  if (/alpine/i.test(f.ref)) return { fit: 'unfit', why: 'Alpine (musl libc): onnxruntime-node needs glibc' };
  const version = nodeVersionOf(f.env);
  if (version) {
    const major = Number(version.replace(/^v/, '').split('.')[0]);
    return major >= MIN_NODE_MAJOR
      ? { fit: 'node', why: `Node ${version}` }
      : { fit: 'unfit', why: `Node ${version}: the server needs Node ≥ ${MIN_NODE_MAJOR}` };
  }
  if (f.nodeAt) return { fit: 'node', why: `node at ${f.nodeAt}` };
  if (f.nodeAt === null) return { fit: 'unfit', why: 'no node in the image: the server could not start' };
  return { fit: 'unknown', why: 'not checked for node' };
}

const RANK: Record<BaseFit, number> = { node: 0, unknown: 1, unfit: 2 };

/** Fit bases first, then unchecked, then unfit; newest first within each. */
export function sortBases(list: LocalImage[]): LocalImage[] {
  return [...list].sort((a, b) => RANK[a.fit] - RANK[b.fit] || b.created - a.created || a.ref.localeCompare(b.ref));
}
