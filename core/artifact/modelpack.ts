// A bundle as a CNCF ModelPack artifact (modelpack/model-spec v1: docs/spec.md, docs/config.md,
// specs-go/v1/mediatype.go and annotations.go). The manifest is an OCI image manifest with
// artifactType application/vnd.cncf.model.manifest.v1+json; its config holds the descriptor (from
// the bundle's metadata), the technical config (format onnx, parameter count, precision) and
// modelfs.diffIds; every layer is an uncompressed, reproducible tar (tar-layer.ts).
//
// How bundle files map to layer media types (also in README.md):
//   model/<name>.onnx, each external-data file  → weight.v1.tar, one layer per file (the spec asks
//                                                  for one weight file per layer)
//   modelcrate.json, Kitfile, modelcrate.sig and  → weight.config.v1.tar, one layer per file: they
//     any other top-level file                       describe the weights (sha256s, IO signature,
//                                                    packaging, its signature), like config.json
//   README.md (model card), sbom.cdx.json         → doc.v1.tar, one layer per file
//   samples/ (golden inputs + recorded outputs)   → dataset.v1.tar, one layer for the folder
// There is no code in a bundle, so no code layer. Each layer carries org.cncf.model.filepath (the
// file, or "samples" for the folder) and, for a single file, org.cncf.model.file.metadata+json.
import type { Manifest } from '../../shared/bundle/manifest';
import { MANIFEST_FILE, SAMPLES_DIR } from '../../shared/bundle/manifest';
import type { ModelSummary } from '../../shared/model-summary';
import { TAR_MTIME } from '../bundle/tar-write';
import type { Descriptor } from './registry-client';
import type { LayerFile } from './tar-layer';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';

export const MODEL_ARTIFACT_TYPE = 'application/vnd.cncf.model.manifest.v1+json';
export const MODEL_CONFIG = 'application/vnd.cncf.model.config.v1+json';
export const MEDIA_WEIGHT = 'application/vnd.cncf.model.weight.v1.tar';
export const MEDIA_WEIGHT_CONFIG = 'application/vnd.cncf.model.weight.config.v1.tar';
export const MEDIA_DOC = 'application/vnd.cncf.model.doc.v1.tar';
export const MEDIA_CODE = 'application/vnd.cncf.model.code.v1.tar';
export const MEDIA_DATASET = 'application/vnd.cncf.model.dataset.v1.tar';

export const ANNOTATION_FILEPATH = 'org.cncf.model.filepath';
export const ANNOTATION_FILE_METADATA = 'org.cncf.model.file.metadata+json';

/** Layer media types a pull unpacks: the uncompressed tars we write and their gzip variants (extractTar detects gzip). */
export const PULLABLE_LAYER_TYPES = new Set(
  [MEDIA_WEIGHT, MEDIA_WEIGHT_CONFIG, MEDIA_DOC, MEDIA_CODE, MEDIA_DATASET].flatMap((t) => [t, `${t}+gzip`]),
);

export interface PlannedLayer {
  mediaType: string;
  /** What org.cncf.model.filepath says: the file, or the folder for a grouped layer. */
  filepath: string;
  files: LayerFile[];
}

const DOCS = new Set(['README.md', 'sbom.cdx.json']);
const byPath = (a: LayerFile, b: LayerFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The bundle's files (every file under its folder, with sizes) → layers, weights first. */
export function planLayers(manifest: Manifest, files: Map<string, number>): PlannedLayer[] {
  const weights = [manifest.model.path, ...[...manifest.model.externalData].sort()];
  const weightSet = new Set(weights);
  const one = (mediaType: string, p: string): PlannedLayer => ({ mediaType, filepath: p, files: [{ path: p, size: files.get(p) ?? 0 }] });
  const layers: PlannedLayer[] = weights.map((p) => one(MEDIA_WEIGHT, p));
  const rest = [...files.keys()].filter((p) => !weightSet.has(p)).sort();
  const samples = rest.filter((p) => p.startsWith(`${SAMPLES_DIR}/`));
  const others = rest.filter((p) => !p.startsWith(`${SAMPLES_DIR}/`));
  // modelcrate.json first among the configs: it says what every other layer must hold.
  const configs = others.filter((p) => !DOCS.has(p)).sort((a, b) => (a === MANIFEST_FILE ? -1 : b === MANIFEST_FILE ? 1 : a < b ? -1 : 1));
  layers.push(...configs.map((p) => one(MEDIA_WEIGHT_CONFIG, p)));
  layers.push(...others.filter((p) => DOCS.has(p)).map((p) => one(MEDIA_DOC, p)));
  if (samples.length)
    layers.push({
      mediaType: MEDIA_DATASET,
      filepath: SAMPLES_DIR,
      files: samples.map((p) => ({ path: p, size: files.get(p)! })).sort(byPath),
    });
  return layers;
}

/** Annotations of a layer descriptor. */
export function layerAnnotations(layer: PlannedLayer): Record<string, string> {
  const a: Record<string, string> = { [ANNOTATION_FILEPATH]: layer.filepath };
  if (layer.files.length === 1 && layer.files[0]!.path === layer.filepath) {
    const f = layer.files[0]!;
    // The values written into the tar header (tar-layer.ts); typeflag 48 is '0', a regular file.
    a[ANNOTATION_FILE_METADATA] = JSON.stringify({
      name: f.path.slice(f.path.lastIndexOf('/') + 1),
      mode: 0o644,
      uid: 0,
      gid: 0,
      size: f.size,
      mtime: TAR_MTIME.toISOString().replace('.000Z', 'Z'),
      typeflag: 48,
    });
  }
  return a;
}

/** `<count><K|M|B|T>` as the spec writes parameter counts (one decimal); small models get the plain count. */
export function paramSize(count: number): string | undefined {
  if (!(count > 0)) return undefined;
  const scales: Array<[number, string]> = [
    [1e15, 'Q'],
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [n, s] of scales) if (count >= n) return `${(count / n).toFixed(1).replace(/\.0$/, '')}${s}`;
  return String(count);
}

const PRECISION: Record<string, string> = {
  float32: 'fp32',
  float16: 'fp16',
  bfloat16: 'bf16',
  float64: 'fp64',
  int8: 'int8',
  uint8: 'uint8',
  int4: 'int4',
  uint4: 'uint4',
};

/** The weights' precision in ModelPack's words (shared/model-weights.ts decides it); none when there are no weights. */
export function precisionOf(summary: ModelSummary): string | undefined {
  const p = summary.stats.weights.precision;
  return p === 'none' ? undefined : p === 'mixed' ? 'mixed' : (PRECISION[p] ?? p);
}

const dropEmpty = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== '' && v !== undefined && !(Array.isArray(v) && v.length === 0))) as T;

/** The config blob (application/vnd.cncf.model.config.v1+json). Key order is fixed: the bytes are reproducible. */
export function buildModelConfig(manifest: Manifest, summary: ModelSummary, diffIds: string[]): object {
  const m = manifest.metadata;
  return {
    descriptor: dropEmpty({
      createdAt: manifest.createdAt,
      authors: m.authors,
      name: m.name,
      sourceURL: m.provenance.sourceRepository,
      version: m.version,
      revision: m.provenance.revision,
      licenses: m.license ? [m.license] : [],
      title: m.title,
      description: m.description,
    }),
    config: dropEmpty({ format: 'onnx', paramSize: paramSize(summary.stats.weights.parameterCount), precision: precisionOf(summary) }),
    modelfs: { type: 'layers', diffIds },
  };
}

/** The image manifest's annotations (OCI pre-defined keys), from the bundle's metadata. */
export function manifestAnnotations(manifest: Manifest): Record<string, string> {
  const m = manifest.metadata;
  return dropEmpty({
    'org.opencontainers.image.created': manifest.createdAt,
    'org.opencontainers.image.title': m.title || m.name,
    'org.opencontainers.image.version': m.version,
    'org.opencontainers.image.description': m.description.slice(0, 2000),
    'org.opencontainers.image.licenses': m.license,
    'org.opencontainers.image.authors': m.authors.join(', '),
    'org.opencontainers.image.source': m.provenance.sourceRepository,
    'org.opencontainers.image.revision': m.provenance.revision,
  });
}

export function buildImageManifest(config: Descriptor, layers: Descriptor[], annotations: Record<string, string>): object {
  return { schemaVersion: 2, mediaType: OCI_MANIFEST, artifactType: MODEL_ARTIFACT_TYPE, config, layers, annotations };
}
