// Plain pickle files: a pickled object (scikit-learn models, numpy arrays), a legacy torch.save
// stream (five pickles, then the storages' raw bytes) or a joblib dump (array bytes between pickle
// records). The scan reads the pickles through a window and skips every array and storage; the
// legacy storages are located from their 8-byte element counts, which is all that is read of them.
import { AppError } from '../../../shared/errors';
import type { ForeignModel, ForeignSection } from '../../../shared/formats/types';
import { MAX_SECTION_ROWS } from '../../../shared/formats/types';
import type { FileSource } from '../../onnx/file-source';
import { scanPickleSource, scanReport, type StreamScan } from '../pickle/scan';
import { constString, type Sym } from '../pickle/symbols';
import { capTensors, describe, dtypeSection, totals } from '../safetensors/summary';
import { readZipDirectory } from '../zip/zip-reader';
import { bufferSource } from '../buffer-source';
import { scanTorchZip } from './torch-zip';
import { describeRoot, findTensors, storageRef, toForeign, type FoundTensor } from './tensors';

/** Data offsets of a legacy file's storages, walked from their headers: <numel int64><numel × size bytes>. */
function legacyStorages(src: FileSource, s: StreamScan, notes: string[]): Map<string, number> {
  const at = new Map<string, number>();
  const keysSym = s.results[4];
  const keys = keysSym?.t === 'list' || keysSym?.t === 'tuple' ? keysSym.items.map((k) => constString(k)) : [];
  const sizes = new Map<string, number>();
  for (const p of s.persids) {
    const ref = storageRef(p.pid);
    if (ref) sizes.set(ref.key, ref.elementSize);
  }
  let pos = s.end;
  const head = Buffer.alloc(8);
  for (const key of keys) {
    const size = key === null ? undefined : sizes.get(key);
    if (key === null || size === undefined || pos + 8 > src.size || src.read(head, 0, 8, pos) !== 8) {
      notes.push('The storage records after the pickles do not match the storage keys; tensor offsets are not shown.');
      return new Map();
    }
    const numel = Number(head.readBigInt64LE(0));
    const end = pos + 8 + numel * size;
    if (numel < 0 || end > src.size) {
      notes.push(`Storage ${key} declares ${numel} elements, past the end of the file: the file is truncated.`);
      return at;
    }
    at.set(key, pos + 8);
    pos = end;
  }
  if (pos < src.size) notes.push(`${src.size - pos} bytes follow the last storage; torch.load never reads them.`);
  return at;
}

function nestedZip(data: Buffer, label: string, depth: number) {
  try {
    const inner = bufferSource(data, label);
    return scanTorchZip(inner, readZipDirectory(inner), `${label} › `, depth).parts.flatMap((p) => p.findings);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return [
      { severity: 'unknown' as const, call: 'unreadable nested archive', opcode: 'MALFORMED', offset: 0, pickle: label, why: err.message },
    ];
  }
}

function rootName(root: Sym | undefined): string {
  return root?.t === 'call' && root.fn.t === 'global' ? root.fn.imp.full : '';
}

/** Reads a plain pickle, legacy torch.save file or joblib dump: the scan plus any tensors and arrays. */
export async function readPlainPickle(src: FileSource): Promise<ForeignModel> {
  await Promise.resolve();
  return readPlainPickleSync(src);
}

export function readPlainPickleSync(src: FileSource): ForeignModel {
  const s = scanPickleSource(src, { nestedZip });
  const report = scanReport([{ info: s.info, findings: s.findings }]);
  const notes: string[] = [];
  const joblib = s.arrays.length > 0 || s.info.globals.includes('joblib.numpy_pickle.NumpyArrayWrapper');
  const data = s.legacyTorch ? s.results[3] : s.results[0];
  const found: FoundTensor[] = data ? findTensors(data) : [];
  let offsets: Array<number | undefined> = found.map((f) => f.dataOffset);
  if (s.legacyTorch) {
    const at = legacyStorages(src, s, notes);
    offsets = found.map((f) => {
      const base = f.storage ? at.get(f.storage.key) : undefined;
      return base === undefined || !f.storage ? undefined : base + (f.storageOffset ?? 0) * f.storage.elementSize;
    });
  }
  if (s.trailing) notes.push(`${s.trailing} bytes follow the pickle; pickle.load never reads them.`);
  const tensors = found.map((f, i) => toForeign(f, offsets[i]));
  const t = totals(
    tensors,
    found.map((f) => f.elements),
  );
  const root = describeRoot(data ?? null, found.length, s.legacyTorch) || (rootName(data) ? `a ${rootName(data)} object` : '');
  const noun = s.legacyTorch ? 'tensor' : 'array';
  const counted = found.length
    ? describe(found.length, t).replace(/^(\d+) tensors?/, (_, n: string) => `${n} ${noun}${n === '1' ? '' : 's'}`)
    : '';
  const head = s.legacyTorch
    ? 'A PyTorch checkpoint (legacy torch.save format)'
    : joblib
      ? 'A joblib dump'
      : `A Python pickle (protocol ${s.info.protocol})`;
  const what = `${head}: ${[counted, root].filter(Boolean).join(', ') || `${s.info.opcodes} opcodes`}`;
  const sections: ForeignSection[] = [];
  if (tensors.length) sections.push(dtypeSection(t));
  sections.push({
    title: 'Imports',
    columns: ['callable'],
    rows: s.info.globals.slice(0, MAX_SECTION_ROWS).map((g) => [g]),
    total: s.info.globals.length,
  });
  const metadata: Record<string, string> = { protocol: String(s.info.protocol), pickleBytes: String(s.info.bytes) };
  if (s.legacyTorch) {
    const proto = s.results[1];
    if (proto?.t === 'const') metadata.torchProtocol = String(proto.v);
  }
  return {
    format: joblib ? 'joblib' : 'pickle',
    what,
    fileName: src.name,
    fileSize: src.size,
    metadata,
    tensors: capTensors(tensors, notes),
    tensorCount: tensors.length,
    tensorBytes: t.tensorBytes,
    parameters: t.parameters,
    sections,
    scan: report,
    notes,
  };
}
