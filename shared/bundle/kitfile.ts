// Kitfile: the KitOps manifest (YAML) a bundle carries so `kit pack` can package the bundle folder
// as it is (docs/reference.md §KitOps Kitfile). Field names follow KitOps' pkg/artifact/kitfile.go;
// every value comes from the bundle's metadata, so the Kitfile, modelcrate.json, the model card and
// the ModelPack config never disagree. Empty values are left out rather than written as "".
import { stringify } from 'yaml';
import type { Metadata } from '../metadata/schema';

export const KITFILE = 'Kitfile';
export const KITFILE_MANIFEST_VERSION = '1.0.0';

export interface KitfileInput {
  metadata: Metadata;
  /** Bundle-relative paths, as in modelcrate.json. */
  modelPath: string;
  externalData: string[];
  /** Whether the bundle has golden samples (samples/). */
  hasSamples: boolean;
  readme: string;
  sbom: string;
  manifest: string;
}

export interface Kitfile {
  manifestVersion: string;
  package: { name: string; version: string; description?: string; license?: string; authors?: string[] };
  model: {
    name: string;
    path: string;
    license?: string;
    framework: 'onnx';
    format: 'onnx';
    version: string;
    description?: string;
    parts?: Array<{ name: string; path: string; type: string }>;
  };
  docs: Array<{ path: string; description: string }>;
  datasets?: Array<{ name: string; path: string; description: string }>;
}

/** Drops keys whose value is '' or an empty list (KitOps' omitempty). */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== '' && v !== undefined && !(Array.isArray(v) && v.length === 0))) as T;
}

export function buildKitfile(input: KitfileInput): Kitfile {
  const m = input.metadata;
  const description = m.description.trim() || m.title;
  const k: Kitfile = {
    manifestVersion: KITFILE_MANIFEST_VERSION,
    package: compact({ name: m.name, version: m.version, description, license: m.license, authors: m.authors }),
    model: compact({
      name: m.title || m.name,
      path: input.modelPath,
      license: m.license,
      framework: 'onnx' as const,
      format: 'onnx' as const,
      version: m.version,
      description,
      // ONNX external data: the tensors the .onnx file points at, kept beside it.
      parts: input.externalData.map((p) => ({ name: p.slice(p.lastIndexOf('/') + 1), path: p, type: 'onnx-external-data' })),
    }),
    docs: [
      { path: input.readme, description: 'Model card' },
      { path: input.sbom, description: 'CycloneDX 1.6 ML-BOM' },
      {
        path: input.manifest,
        description: 'Modelcrate bundle manifest: the SHA-256 of every file, the input/output signature, golden samples',
      },
    ],
  };
  if (input.hasSamples)
    k.datasets = [
      {
        name: 'golden-samples',
        path: 'samples',
        description: 'Golden samples: inputs and the outputs recorded when the bundle was packed',
      },
    ];
  return k;
}

export function renderKitfile(input: KitfileInput): string {
  return stringify(buildKitfile(input), { lineWidth: 0 });
}
