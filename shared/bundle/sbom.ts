// sbom.cdx.json: a CycloneDX 1.6 ML-BOM (docs/reference.md §Model cards and ML-BOM) describing the
// bundled model, so supply-chain tools that read SBOMs see what the bundle ships, under which
// licence, and its SHA-256. Pure: the caller gives the digests and the serial number's bytes (no
// Node crypto in shared/).
import type { Metadata } from '../metadata/schema';
import type { SignatureEntry } from './manifest';

export interface SbomInput {
  metadata: Metadata;
  signature: { inputs: SignatureEntry[]; outputs: SignatureEntry[] };
  model: { path: string; sha256: string };
  tool: { name: string; version: string };
  createdAt: string;
  /**
   * 32+ hex digits the serial number (an RFC 4122 UUID) is made from. Derived from the bundle's
   * content and createdAt by the caller, so two packs of the same input at the same time agree.
   */
  serialHex: string;
}

export function buildSbom(s: SbomInput): Record<string, unknown> {
  const m = s.metadata;
  const io = (e: SignatureEntry) => ({ format: `${e.name}: ${e.type}${e.shape ? `[${e.shape.map((d) => d ?? '?').join(',')}]` : ''}` });
  const considerations = {
    ...(m.intendedUse.trim() ? { useCases: [m.intendedUse.trim()] } : {}),
    ...(m.limitations.trim() ? { technicalLimitations: [m.limitations.trim()] } : {}),
  };
  const component = {
    type: 'machine-learning-model',
    'bom-ref': 'model',
    name: m.name,
    version: m.version,
    ...(m.description.trim() ? { description: m.description.trim() } : {}),
    ...(m.authors.length ? { authors: m.authors.map((name) => ({ name })) } : {}),
    // An SPDX expression is valid for a single id too, and never depends on CycloneDX's copy of the id list.
    ...(m.license ? { licenses: [{ expression: m.license }] } : {}),
    hashes: [{ alg: 'SHA-256', content: s.model.sha256 }],
    ...(m.tags.length ? { tags: m.tags } : {}),
    properties: [
      { name: 'modelcrate:path', value: s.model.path },
      { name: 'modelcrate:format', value: 'onnx' },
      ...(m.provenance.sourceRepository ? [{ name: 'modelcrate:sourceRepository', value: m.provenance.sourceRepository }] : []),
      ...(m.provenance.revision ? [{ name: 'modelcrate:revision', value: m.provenance.revision }] : []),
      ...(m.provenance.framework
        ? [{ name: 'modelcrate:framework', value: `${m.provenance.framework} ${m.provenance.frameworkVersion}`.trim() }]
        : []),
    ],
    modelCard: {
      modelParameters: {
        task: m.task,
        ...(m.provenance.trainingData.length ? { datasets: m.provenance.trainingData.map((name) => ({ type: 'dataset', name })) } : {}),
        inputs: s.signature.inputs.map(io),
        outputs: s.signature.outputs.map(io),
      },
      ...(m.performance ? { quantitativeAnalysis: { performanceMetrics: performanceMetrics(m.performance) } } : {}),
      ...(Object.keys(considerations).length ? { considerations } : {}),
    },
  };
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${uuid(s.serialHex)}`,
    version: 1,
    metadata: {
      timestamp: s.createdAt,
      tools: { components: [{ type: 'application', name: s.tool.name, version: s.tool.version }] },
    },
    components: [component],
  };
}

function performanceMetrics(p: NonNullable<Metadata['performance']>): Array<{ type: string; value: string; slice?: string }> {
  const where = p.measuredOn ? ` on ${p.measuredOn}` : '';
  return [
    { type: 'session load time (ms)', value: String(p.loadMs), ...(where ? { slice: where.trim() } : {}) },
    { type: 'peak memory (MB)', value: String(p.peakRssMB) },
    ...p.batches.flatMap((b) => [
      { type: 'latency p50 (ms)', value: String(b.p50), slice: `batch ${b.batch}${where}` },
      { type: 'latency p90 (ms)', value: String(b.p90), slice: `batch ${b.batch}${where}` },
      { type: 'latency p99 (ms)', value: String(b.p99), slice: `batch ${b.batch}${where}` },
      { type: 'throughput (runs/s)', value: String(b.runsPerSec), slice: `batch ${b.batch}${where}` },
    ]),
  ];
}

/** A version-4-shaped UUID from hex digits (RFC 4122 variant and version bits set). */
function uuid(hex: string): string {
  const h = hex
    .toLowerCase()
    .replace(/[^0-9a-f]/g, '')
    .padEnd(32, '0')
    .slice(0, 32)
    .split('');
  h[12] = '4';
  h[16] = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
