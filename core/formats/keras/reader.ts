// readKeras: a Keras 3 .keras archive (a zip written by keras.saving: config.json, metadata.json,
// model.weights.h5). The config gives the layers and the input/output contract, metadata.json the
// Keras version and save date, and the weights file, an HDF5 file inside the zip, the tensors.
// Keras writes the zip uncompressed, so the HDF5 file is read in place through a view of the entry
// (tensor offsets are then offsets in the .keras file); a compressed entry up to MAX_INFLATED is
// inflated in memory and listed without offsets, a larger one is not read.
import type { FileSource } from '../../onnx/file-source';
import { AppError } from '../../../shared/errors';
import { formatBytes } from '../../../shared/format';
import type { ArchiveEntry, ForeignModel } from '../../../shared/formats/types';
import { paramsByLayer, paramsOf, tensorTable } from '../hdf5/reader';
import type { H5Tree } from '../hdf5/tree';
import { readHdf5Tree } from '../hdf5/tree';
import type { ZipEntry } from '../zip/zip-reader';
import { readZipDirectory, readZipEntry, storedEntrySource, zipEntryDataOffset } from '../zip/zip-reader';
import { bufferSource } from '../buffer-source';
import { kerasScan } from './code-scan';
import { layersSection, summariseKerasConfig } from './config';

const CONFIG = 'config.json';
const METADATA = 'metadata.json';
const WEIGHTS = 'model.weights.h5';
const MAX_JSON = 64 << 20;
/** A deflated weights file is inflated in memory only up to this size. */
export const MAX_INFLATED = 256 << 20;
const HINT = 'The archive may be damaged; save the model again with model.save("model.keras").';

export async function readKeras(src: FileSource, entries?: ZipEntry[]): Promise<ForeignModel> {
  const dir = entries ?? readZipDirectory(src);
  const notes: string[] = [];
  const byName = new Map(dir.map((e) => [e.name, e]));
  const configEntry = byName.get(CONFIG);
  if (!configEntry) throw new AppError('MALFORMED', `${src.name} is not a Keras archive: it has no ${CONFIG}.`, HINT);

  const config = parseJson(src, configEntry);
  const metadata: Record<string, string> = {};
  const metaEntry = byName.get(METADATA);
  if (metaEntry) {
    const meta = parseJson(src, metaEntry);
    if (meta && typeof meta === 'object' && !Array.isArray(meta)) {
      for (const [k, v] of Object.entries(meta as Record<string, unknown>)) metadata[k] = typeof v === 'string' ? v : JSON.stringify(v);
    }
  } else notes.push(`The archive has no ${METADATA}.`);

  const weightsEntry = byName.get(WEIGHTS);
  const tree = weightsEntry ? weightsTree(src, weightsEntry, notes) : null;
  if (!weightsEntry)
    notes.push(
      `The archive has no ${WEIGHTS}${dir.some((e) => e.name.endsWith('.npz')) ? ' (its weights are in an .npz file, not listed)' : ''}.`,
    );
  const datasets = tree?.datasets ?? [];
  const layerWeights = datasets.filter((d) => d.path.startsWith('layers/'));
  if (tree) notes.push(...tree.notes);

  const layerParams = paramsByLayer(layerWeights, 'layers/');
  const summary = summariseKerasConfig(config, (name) => (tree ? layerParams(name) : null));
  notes.push(...summary.notes);
  const { tensors, tensorBytes } = tensorTable(datasets);
  const version = metadata.keras_version ? ` ${metadata.keras_version}` : '';
  const total = tensorBytes === null ? '' : `, ${formatBytes(tensorBytes)}`;
  return {
    format: 'keras',
    what: `A Keras${version} model (.keras): ${summary.modelClass} with ${summary.layers.length} layers and ${datasets.length} weight tensors${total}`,
    fileName: src.name,
    fileSize: src.size,
    metadata,
    tensors,
    tensorCount: datasets.length,
    tensorBytes,
    parameters: tree ? paramsOf(layerWeights) : null,
    files: dir.map(archiveEntry),
    io: summary.io,
    sections: [layersSection(summary.layers)],
    scan: kerasScan(config, CONFIG),
    notes,
  };
}

function parseJson(src: FileSource, e: ZipEntry): unknown {
  const text = readZipEntry(src, e, MAX_JSON).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AppError('MALFORMED', `${e.name} in ${src.name} is not valid JSON: ${(err as Error).message}.`, HINT);
  }
}

/** The weights file's tree: in place when stored (offsets made absolute in the .keras file), inflated when small. */
function weightsTree(src: FileSource, e: ZipEntry, notes: string[]): H5Tree | null {
  if (e.method === 0) {
    const view = storedEntrySource(src, e);
    const base = zipEntryDataOffset(src, e);
    const tree = readHdf5Tree(view);
    for (const d of tree.datasets) if (d.offset !== undefined) d.offset += base;
    return tree;
  }
  if (e.size > MAX_INFLATED) {
    notes.push(`${WEIGHTS} is compressed in the archive and ${formatBytes(e.size)} once inflated; its tensors are not listed.`);
    return null;
  }
  const tree = readHdf5Tree(bufferSource(readZipEntry(src, e, MAX_INFLATED), `${src.name}/${WEIGHTS}`));
  for (const d of tree.datasets) delete d.offset;
  notes.push(`${WEIGHTS} is compressed in the archive: it was inflated in memory to list it, and its tensors have no offsets to preview.`);
  return tree;
}

function archiveEntry(e: ZipEntry): ArchiveEntry {
  const kind = e.name.endsWith('.json')
    ? 'json'
    : e.name.endsWith('.h5')
      ? 'hdf5'
      : e.name.endsWith('.npz')
        ? 'numpy'
        : e.name.startsWith('assets/')
          ? 'asset'
          : undefined;
  return { name: e.name, size: e.size, compressedSize: e.compressedSize, ...(kind ? { kind } : {}) };
}
