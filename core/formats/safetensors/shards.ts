// model.safetensors.index.json: a JSON map {weight_map: {tensor: shard file}, metadata: {total_size}}
// written by transformers' save_pretrained for sharded checkpoints. The shards' headers are read from
// the index's own folder and merged into one model. The index is untrusted input: a shard name is a
// plain file name that must resolve inside that folder (no "..", no absolute path, no separator, no
// symlink leading out), so a crafted index cannot make the studio read /etc/passwd or a user's keys.
import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { ForeignModel, ForeignSection, ForeignTensor } from '../../../shared/formats/types';
import { AppError } from '../../../shared/errors';
import { formatBytes } from '../../../shared/format';
import { openFileSource, type FileSource } from '../../onnx/file-source';
import { readSafetensorsHeader, type SafetensorsHeader } from './header';
import { capTensors, describe, dtypeSection, totals } from './summary';

/** Real index files are a few hundred kilobytes; the JSON is parsed whole, so it is capped. */
export const MAX_INDEX_BYTES = 64 << 20;
/** More shards than any published checkpoint has; each costs a file open. */
export const MAX_SHARDS = 10_000;

/** True when the first bytes of a file look like a safetensors shard index (not a PyTorch .bin index). */
export function isSafetensorsIndex(head: Buffer): boolean {
  const s = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return s.startsWith('{') && s.includes('"weight_map"') && /\.safetensors"/.test(s);
}

const UNSAFE_HINT = 'Shard names in an index are plain file names next to it; re-download the model or fix the index.';

/**
 * The path of a shard named in an index at `indexPath`, refusing anything that would read outside
 * the index's folder. A missing shard is not an error here (the caller reports it).
 */
export function resolveShardPath(indexPath: string, shard: string): string {
  const bad =
    typeof shard !== 'string' ||
    shard === '' ||
    shard === '.' ||
    shard === '..' ||
    /[/\\\0]/.test(shard) ||
    /^[A-Za-z]:/.test(shard) ||
    path.isAbsolute(shard);
  if (bad) {
    throw new AppError('EXTERNAL_DATA_UNSAFE', `The index names a shard outside its folder: ${JSON.stringify(shard)}.`, UNSAFE_HINT);
  }
  const folder = path.dirname(path.resolve(indexPath));
  const file = path.join(folder, shard);
  try {
    lstatSync(file);
  } catch {
    return file; // missing: nothing to escape through
  }
  let real: string;
  let realFolder: string;
  try {
    real = realpathSync(file);
    realFolder = realpathSync(folder);
  } catch {
    // A dangling symlink: treat as missing; opening it fails with FILE_NOT_FOUND.
    return file;
  }
  if (!allowedRoots(realFolder).some((root) => real.startsWith(root + path.sep))) {
    throw new AppError(
      'EXTERNAL_DATA_UNSAFE',
      `Shard ${shard} is a link to ${real}, outside the index's folder ${realFolder}.`,
      'Copy the real shard files next to the index instead of linking to them.',
    );
  }
  return file;
}

/**
 * The index's folder, and for a Hugging Face hub cache snapshot (…/models--org--name/snapshots/<rev>,
 * where every file is a symlink into …/models--org--name/blobs/) that repository's blobs folder.
 */
function allowedRoots(realFolder: string): string[] {
  const m = /^(.*[\\/](?:models|datasets|spaces)--[^\\/]+)[\\/]snapshots[\\/][^\\/]+$/.exec(realFolder);
  return m ? [realFolder, path.join(m[1]!, 'blobs')] : [realFolder];
}

interface Shard {
  name: string;
  /** Tensor names the weight_map assigns to this shard. */
  mapped: string[];
  header: SafetensorsHeader | null;
  status: string;
}

const INDEX_HINT = 'Download model.safetensors.index.json again, or open one of the .safetensors shards directly.';

export async function readSafetensorsIndex(src: FileSource): Promise<ForeignModel> {
  const index = parseIndex(src);
  const byShard = new Map<string, string[]>();
  for (const [tensor, shard] of Object.entries(index.weightMap)) {
    const list = byShard.get(shard) ?? [];
    list.push(tensor);
    byShard.set(shard, list);
  }
  if (byShard.size > MAX_SHARDS) {
    throw new AppError('TOO_LARGE', `${src.name} names ${byShard.size} shards; at most ${MAX_SHARDS} are read.`, INDEX_HINT);
  }
  const names = [...byShard.keys()].sort();
  // Every name is checked before any shard is opened: one bad name refuses the whole index.
  const paths = names.map((n) => resolveShardPath(src.path, n));
  const shards: Shard[] = names.map((name, i) => readShard(name, paths[i]!, byShard.get(name)!));
  return merge(src, index.metadata, shards);
}

function parseIndex(src: FileSource): { weightMap: Record<string, string>; metadata: Record<string, string> } {
  if (src.size > MAX_INDEX_BYTES) {
    throw new AppError(
      'TOO_LARGE',
      `${src.name} is ${formatBytes(src.size)}; a shard index over ${formatBytes(MAX_INDEX_BYTES)} is refused.`,
      INDEX_HINT,
    );
  }
  const raw = Buffer.allocUnsafe(src.size);
  const n = src.read(raw, 0, src.size, 0);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw.subarray(0, n)));
  } catch (err) {
    throw new AppError('MALFORMED', `${src.name} is not valid JSON (${(err as Error).message}).`, INDEX_HINT);
  }
  const obj = json as { weight_map?: unknown; metadata?: unknown } | null;
  const wm = obj?.weight_map;
  if (typeof obj !== 'object' || wm === null || typeof wm !== 'object' || Array.isArray(wm)) {
    throw new AppError('MALFORMED', `${src.name} has no "weight_map" object mapping tensor names to shard files.`, INDEX_HINT);
  }
  for (const [tensor, shard] of Object.entries(wm)) {
    if (typeof shard !== 'string') {
      throw new AppError('MALFORMED', `${src.name} maps tensor ${tensor} to ${JSON.stringify(shard)}, not a shard file name.`, INDEX_HINT);
    }
  }
  const md = obj?.metadata;
  const metadata =
    md && typeof md === 'object' && !Array.isArray(md)
      ? (Object.fromEntries(Object.entries(md).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) as Record<
          string,
          string
        >)
      : {};
  return { weightMap: wm as Record<string, string>, metadata };
}

function readShard(name: string, file: string, mapped: string[]): Shard {
  let src: FileSource;
  try {
    src = openFileSource(file);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { name, mapped, header: null, status: err.code === 'FILE_NOT_FOUND' ? 'missing' : `unreadable: ${err.message}` };
  }
  try {
    return { name, mapped, header: readSafetensorsHeader(src), status: 'ok' };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { name, mapped, header: null, status: `unreadable: ${err.message}` };
  } finally {
    src.close();
  }
}

function merge(src: FileSource, indexMetadata: Record<string, string>, shards: Shard[]): ForeignModel {
  const notes: string[] = [];
  const tensors: ForeignTensor[] = [];
  const elements: (number | null)[] = [];
  const metadata: Record<string, string> = { ...indexMetadata };
  const rows: string[][] = [];
  let notInShard = 0;
  let notInMap = 0;

  for (const s of shards) {
    if (!s.header) {
      // The weight_map still says which tensors are lost with the shard.
      for (const name of s.mapped) {
        tensors.push({ name, dtype: '?', shape: null, bytes: null, file: s.name });
        elements.push(null);
      }
      notes.push(
        s.status === 'missing'
          ? `Shard ${s.name} is missing (${s.mapped.length} tensors): download it into the index's folder.`
          : `Shard ${s.name} is ${s.status}`,
      );
      rows.push([s.name, String(s.mapped.length), '—', s.status]);
      continue;
    }
    const h = s.header;
    const inMap = new Set(s.mapped);
    const inHeader = new Set(h.tensors.map((t) => t.name));
    notInShard += s.mapped.filter((n) => !inHeader.has(n)).length;
    notInMap += h.tensors.filter((t) => !inMap.has(t.name)).length;
    let bytes = 0;
    h.tensors.forEach((t, i) => {
      tensors.push({ ...t, file: s.name });
      elements.push(h.elements[i] ?? null);
      bytes += t.bytes ?? 0;
    });
    for (const note of h.notes) notes.push(`${s.name}: ${note}`);
    for (const [k, v] of Object.entries(h.metadata)) if (!Object.hasOwn(metadata, k)) metadata[k] = v;
    rows.push([s.name, String(h.tensors.length), formatBytes(bytes), 'ok']);
  }
  if (notInShard) notes.push(`${notInShard} tensor(s) named in weight_map are not in their shard's header.`);
  if (notInMap) notes.push(`${notInMap} tensor(s) in the shards are not named in weight_map.`);

  const t = totals(tensors, elements);
  const declared = Number(indexMetadata.total_size);
  if (indexMetadata.total_size !== undefined && t.tensorBytes !== null && declared !== t.tensorBytes) {
    notes.push(`metadata.total_size says ${indexMetadata.total_size} bytes but the shards hold ${t.tensorBytes}.`);
  }
  const lost = shards.filter((s) => !s.header).length;
  const shardsSection: ForeignSection = { title: 'Shards', columns: ['shard', 'tensors', 'bytes', 'status'], rows, total: rows.length };
  return {
    format: 'safetensors-index',
    what:
      `safetensors weights (no graph) in ${shards.length} shard${shards.length === 1 ? '' : 's'}: ${describe(tensors.length, t)}` +
      (lost ? `; ${lost} shard${lost === 1 ? '' : 's'} missing or unreadable` : ''),
    fileName: src.name,
    fileSize: src.size,
    metadata,
    tensors: capTensors(tensors, notes),
    tensorCount: tensors.length,
    tensorBytes: t.tensorBytes,
    parameters: t.parameters,
    sections: [dtypeSection(t), shardsSection],
    scan: null,
    notes,
  };
}
