// readHdf5: an HDF5 file as a ForeignModel. Every dataset is a tensor (path, dtype, shape, stored
// bytes, offset when contiguous); root attributes are the metadata. A Keras 2 model (.h5 written by
// model.save: model_config, keras_version and a model_weights group) also gets a Layers section
// and an input/output contract from its config; a Keras weights file (model.save_weights) gets its
// layers from layer_names / weight_names.
import type { FileSource } from '../../onnx/file-source';
import { AppError } from '../../../shared/errors';
import { formatBytes } from '../../../shared/format';
import type { ForeignModel, ForeignSection, ForeignTensor, ScanReport } from '../../../shared/formats/types';
import { MAX_FOREIGN_TENSORS } from '../../../shared/formats/types';
import { kerasScan } from '../keras/code-scan';
import { layersSection, summariseKerasConfig } from '../keras/config';
import type { H5Dataset, H5Tree } from './tree';
import { readHdf5Tree } from './tree';
import type { AttrValue } from './values';

export async function readHdf5(src: FileSource): Promise<ForeignModel> {
  if (src.size === 0) throw new AppError('EMPTY_FILE', `The file is empty (0 bytes): ${src.name}`, 'Get the file again.');
  return hdf5Model(src, readHdf5Tree(src));
}

export function hdf5Model(src: FileSource, tree: H5Tree): ForeignModel {
  const root = tree.groups[0]?.attrs ?? new Map<string, AttrValue>();
  const notes = [...tree.notes];
  const metadata: Record<string, string> = {};
  for (const [k, v] of root) metadata[k] = k === 'model_config' || k === 'training_config' ? jsonSummary(k, v, notes) : attrText(v);
  metadata['hdf5 superblock'] = String(tree.superblock);

  const { tensors, tensorBytes } = tensorTable(tree.datasets);
  if (tree.datasets.length > tensors.length)
    notes.push(`The tensor table shows the first ${tensors.length} of ${tree.datasets.length} datasets.`);
  const sections: ForeignSection[] = [];
  let io: ForeignModel['io'];
  // A Keras model's config may hold Lambda bytecode; plain HDF5 data and weights files hold no code.
  let scan: ScanReport | null = null;
  let what: string;
  const totalText = tensorBytes === null ? '' : `, ${formatBytes(tensorBytes)}`;

  const modelConfig = typeof root.get('model_config') === 'string' ? (root.get('model_config') as string) : null;
  const weightsPrefix = modelConfig !== null || tree.groups.some((g) => g.path === 'model_weights') ? 'model_weights/' : '';
  const weights = weightsPrefix ? tree.datasets.filter((d) => d.path.startsWith(weightsPrefix)) : tree.datasets;
  const params = paramsOf(weights);
  const layerParams = paramsByLayer(weights, weightsPrefix);
  const kerasVersion = typeof root.get('keras_version') === 'string' ? ` ${root.get('keras_version') as string}` : '';

  if (modelConfig !== null) {
    let summary: ReturnType<typeof summariseKerasConfig> | null = null;
    try {
      const parsed: unknown = JSON.parse(modelConfig);
      scan = kerasScan(parsed, 'model_config');
      summary = summariseKerasConfig(parsed, layerParams);
    } catch (err) {
      notes.push(`The model_config attribute could not be read as a Keras model config: ${(err as Error).message}.`);
    }
    if (summary) {
      sections.push(layersSection(summary.layers));
      io = summary.io;
      notes.push(...summary.notes);
      what = `A Keras${kerasVersion} model (HDF5): ${summary.modelClass} with ${summary.layers.length} layers and ${weights.length} weight tensors${totalText}`;
    } else {
      what = `A Keras${kerasVersion} model (HDF5) with ${weights.length} weight tensors${totalText}`;
    }
  } else if (Array.isArray(weightsRoot(tree, weightsPrefix))) {
    // model.save_weights('x.h5'): layer_names at the root, weight_names on each layer's group.
    const names = weightsRoot(tree, weightsPrefix) as string[];
    const rows = names.map((n) => ({ name: n, className: '', outputShape: null, params: layerParams(n) }));
    sections.push(layersSection(rows));
    what = `Keras${kerasVersion} weights (HDF5) for ${names.length} layers: ${weights.length} weight tensors${totalText}`;
  } else {
    what = `An HDF5 file with ${tree.datasets.length} datasets in ${tree.groups.length} groups${totalText}`;
  }

  return {
    format: 'hdf5',
    what,
    fileName: src.name,
    fileSize: src.size,
    metadata,
    tensors,
    tensorCount: tree.datasets.length,
    tensorBytes,
    parameters: params,
    ...(io ? { io } : {}),
    sections,
    scan,
    notes,
  };
}

/** Keras 2 splits long name lists over name0, name1… attributes (64 KB header message limit). */
export function chunkedNames(attrs: Map<string, AttrValue>, name: string): string[] | null {
  const whole = attrs.get(name);
  if (whole !== undefined) return Array.isArray(whole) ? whole.map(String) : null;
  const parts: string[] = [];
  for (let i = 0; attrs.has(`${name}${i}`); i++) {
    const p = attrs.get(`${name}${i}`);
    if (Array.isArray(p)) parts.push(...p.map(String));
  }
  return parts.length > 0 ? parts : null;
}

function weightsRoot(tree: H5Tree, prefix: string): string[] | null {
  const g = tree.groups.find((x) => x.path === prefix.replace(/\/$/, ''));
  return g ? chunkedNames(g.attrs, 'layer_names') : null;
}

export function tensorTable(datasets: H5Dataset[], file?: string): { tensors: ForeignTensor[]; tensorBytes: number | null } {
  const tensors: ForeignTensor[] = [];
  let tensorBytes: number | null = 0;
  for (const d of datasets) {
    tensorBytes = tensorBytes === null || d.bytes === null ? null : tensorBytes + d.bytes;
    if (tensors.length >= MAX_FOREIGN_TENSORS) continue;
    const t: ForeignTensor = { name: d.path, dtype: d.dtype, shape: d.shape, bytes: d.bytes };
    if (d.offset !== undefined) t.offset = d.offset;
    if (file) t.file = file;
    tensors.push(t);
  }
  return { tensors, tensorBytes };
}

export function paramsOf(datasets: H5Dataset[]): number | null {
  let n = 0;
  for (const d of datasets) {
    if (d.shape === null) continue; // an empty (null-dataspace) dataset holds nothing
    n += d.shape.reduce((a, x) => a * x, 1);
  }
  return n;
}

/** Parameters per layer: elements of the datasets under `${prefix}<layer>/`, summed in one pass. */
export function paramsByLayer(datasets: H5Dataset[], prefix: string): (layer: string) => number {
  const sums = new Map<string, number>();
  for (const d of datasets) {
    if (!d.path.startsWith(prefix) || d.shape === null) continue;
    const slash = d.path.indexOf('/', prefix.length);
    if (slash < 0) continue;
    const layer = d.path.slice(prefix.length, slash);
    sums.set(layer, (sums.get(layer) ?? 0) + d.shape.reduce((a, x) => a * x, 1));
  }
  return (layer) => sums.get(layer) ?? 0;
}

/** A display string for an attribute value: strings as they are, arrays shortened. */
export function attrText(v: AttrValue): string {
  if (v === null) return '(not shown)';
  if (Array.isArray(v)) {
    const shown = v.slice(0, 20).map((x) => (typeof x === 'string' ? x : attrText(x)));
    return `[${shown.join(', ')}${v.length > 20 ? `, … (${v.length} values)` : ''}]`;
  }
  const s = String(v);
  return s.length > 2000 ? `${s.slice(0, 2000)}…` : s;
}

function jsonSummary(key: string, v: AttrValue, notes: string[]): string {
  if (typeof v !== 'string') return attrText(v);
  const size = formatBytes(Buffer.byteLength(v));
  try {
    const j = JSON.parse(v) as Record<string, unknown>;
    if (key === 'model_config') {
      const cfg = j.config as Record<string, unknown> | unknown[] | undefined;
      const layers = Array.isArray(cfg)
        ? cfg
        : Array.isArray((cfg as Record<string, unknown>)?.layers)
          ? ((cfg as Record<string, unknown>).layers as unknown[])
          : [];
      const name = !Array.isArray(cfg) && typeof cfg?.name === 'string' ? ` '${cfg.name}'` : '';
      return `${String(j.class_name)}${name} with ${layers.length} layers (${size} of JSON)`;
    }
    const opt = j.optimizer_config as Record<string, unknown> | undefined;
    const loss = typeof j.loss === 'string' ? j.loss : j.loss ? JSON.stringify(j.loss) : null;
    const parts = [opt?.class_name ? `optimizer ${String(opt.class_name)}` : null, loss ? `loss ${loss}` : null].filter(Boolean);
    return `${parts.join(', ') || 'training settings'} (${size} of JSON)`;
  } catch {
    notes.push(`The ${key} attribute is not valid JSON.`);
    return `${size} (not valid JSON)`;
  }
}
