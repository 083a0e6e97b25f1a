// PyTorch zip archives: torch.save checkpoints (<prefix>/data.pkl + <prefix>/data/<key>),
// TorchScript (code/, constants.pkl, data.pkl) and torch.export .pt2 programs. The directory lists
// the entries; every pickle is scanned (and every zip nested in an entry, as .pt2 files hold whole
// checkpoints); the tensor table comes from data.pkl's symbols. Storage entries are never read:
// a tensor's offset is its storage entry's data offset, taken from the entry's local header.
import { AppError } from '../../../shared/errors';
import type { ArchiveEntry, ForeignModel, ForeignSection, ModelFormat, PickleInfo, ScanFinding } from '../../../shared/formats/types';
import { MAX_SECTION_ROWS } from '../../../shared/formats/types';
import { formatBytes } from '../../../shared/format';
import type { FileSource } from '../../onnx/file-source';
import { ByteInput } from '../pickle/byte-input';
import { scanReport, scanStream, type StreamScan } from '../pickle/scan';
import { capTensors, describe, dtypeSection, totals } from '../safetensors/summary';
import { readZipDirectory, readZipEntry, storedEntrySource, zipEntryDataOffset, type ZipEntry } from '../zip/zip-reader';
import { bufferSource } from '../buffer-source';
import { scriptSignature } from './script-signature';
import { describeRoot, findTensors, toForeign, type FoundTensor } from './tensors';

/** Pickles bigger than this are not read into memory for the scan (a data.pkl is kilobytes to megabytes). */
export const MAX_PICKLE_ENTRY = 512 << 20;
const MAX_NESTED_ZIP = 256 << 20;
const MAX_DEPTH = 4;

const STORAGE = /(^|\/)(data|constants)\/\d+$/;
const PICKLE_NAME = /\.(pkl|debug_pkl)$/;

type Part = { info: PickleInfo; findings: ScanFinding[] };

export interface ZipScan {
  parts: Part[];
  /** Scans of the archive's own pickles by entry name, for the tensor table. */
  streams: Map<string, StreamScan>;
}

/** The format an archive's entry names show (the same rules as core/formats/detect.ts). */
export function torchZipFormat(names: readonly string[]): ModelFormat | null {
  const any = (re: RegExp) => names.some((n) => re.test(n));
  if (any(/(^|\/)(archive_format|serialized_exported_program\.json)$/) || any(/(^|\/)models\/[^/]+\.json$/)) return 'torch-export';
  if (any(/(^|\/)code\/.+\.py$/) && any(/(^|\/)constants\.pkl$/)) return 'torchscript';
  if (any(/(^|\/)data\.pkl$/)) return 'pytorch';
  return null;
}

function entryKind(e: ZipEntry): string | undefined {
  if (PICKLE_NAME.test(e.name)) return 'pickle';
  if (STORAGE.test(e.name)) return 'storage';
  if (/(^|\/)code\/.+\.py$/.test(e.name)) return 'code';
  if (e.name.endsWith('.json')) return 'json';
  if (/\.(pt|pt2|pth|zip)$/.test(e.name)) return 'archive';
  if (/(^|\/)(version|byteorder|\.format_version|\.storage_alignment)$/.test(e.name)) return 'text';
  return undefined;
}

/** An entry's first bytes, to recognise a pickle or a zip whatever its name; null when unreadable. */
function head(src: FileSource, e: ZipEntry, n: number): Buffer | null {
  if (e.method !== 0 || e.size < n) return null;
  try {
    const at = zipEntryDataOffset(src, e);
    const b = Buffer.alloc(n);
    return src.read(b, 0, n, at) === n ? b : null;
  } catch (err) {
    if (err instanceof AppError) return null;
    throw err;
  }
}

function tooLarge(label: string, what: string): Part {
  return {
    info: { name: label, protocol: 0, opcodes: 0, bytes: 0, globals: [] },
    findings: [{ severity: 'unknown', call: 'unscanned pickle', opcode: 'MALFORMED', offset: 0, pickle: label, why: what }],
  };
}

/** Scans every pickle of an archive, and the archives nested in it; never reads a storage. */
export function scanTorchZip(src: FileSource, entries: ZipEntry[], prefix: string, depth = 0, torchscript = false): ZipScan {
  const parts: Part[] = [];
  const streams = new Map<string, StreamScan>();
  const nestedZip = (data: Buffer, label: string, d: number): ScanFinding[] => {
    try {
      const inner = bufferSource(data, label);
      return scanTorchZip(inner, readZipDirectory(inner), `${label} › `, d).parts.flatMap((p) => p.findings);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return [{ severity: 'unknown', call: 'unreadable nested archive', opcode: 'MALFORMED', offset: 0, pickle: label, why: err.message }];
    }
  };
  for (const e of entries) {
    const label = `${prefix}${e.name}`;
    if (STORAGE.test(e.name) || e.name.endsWith('/')) continue;
    const isPickleName = PICKLE_NAME.test(e.name);
    const h = isPickleName ? null : head(src, e, 4);
    const looksZip = h !== null && h.readUInt32LE(0) === 0x04034b50;
    const looksPickle = h !== null && h[0] === 0x80 && h[1]! >= 2 && h[1]! <= 5;
    if (looksZip) {
      if (depth >= MAX_DEPTH) continue;
      try {
        const inner = storedEntrySource(src, e);
        parts.push(...scanTorchZip(inner, readZipDirectory(inner), `${label} › `, depth + 1).parts);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        parts.push(tooLarge(label, `The archive nested in ${label} cannot be read (${err.message}); it was not scanned.`));
      }
      continue;
    }
    if (!isPickleName && !looksPickle) {
      // A compressed entry named like an archive: inflate it (bounded) and look inside.
      if (e.method === 8 && /\.(pt|pt2|pth|zip)$/.test(e.name) && depth < MAX_DEPTH && e.size <= MAX_NESTED_ZIP) {
        const data = readZipEntry(src, e, MAX_NESTED_ZIP);
        if (data.length >= 4 && data.readUInt32LE(0) === 0x04034b50) {
          const inner = bufferSource(data, label);
          parts.push(...scanTorchZip(inner, readZipDirectory(inner), `${label} › `, depth + 1).parts);
        }
      }
      continue;
    }
    let data: Buffer;
    try {
      data = readZipEntry(src, e, MAX_PICKLE_ENTRY);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      parts.push(tooLarge(label, `unknown: ${label} could not be read for the scan (${err.message}).`));
      continue;
    }
    const s = scanStream(ByteInput.fromBuffer(data), label, { ctx: { torchscript }, depth, nestedZip });
    streams.set(e.name, s);
    parts.push({ info: s.info, findings: s.findings });
  }
  return { parts, streams };
}

/** Where each storage's bytes are: the data offset of <dir>/<key> when stored uncompressed. */
function storageOffsets(src: FileSource, byName: Map<string, ZipEntry>, dir: string, tensors: FoundTensor[]): Array<number | undefined> {
  const cache = new Map<string, number | null>();
  return tensors.map((t) => {
    if (!t.storage) return undefined;
    const entryName = `${dir}${t.storage.key}`;
    let base = cache.get(entryName);
    if (base === undefined) {
      const e = byName.get(entryName);
      try {
        base = e && e.method === 0 ? zipEntryDataOffset(src, e) : null;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        base = null; // a damaged local header: the tensor is listed without an offset
      }
      cache.set(entryName, base);
    }
    return base === null ? undefined : base + (t.storageOffset ?? 0) * t.storage.elementSize;
  });
}

const WHAT: Record<string, string> = {
  pytorch: 'A PyTorch checkpoint (torch.save zip archive)',
  torchscript: 'A TorchScript archive (torch.jit.save)',
  'torch-export': 'A torch.export program (.pt2 archive)',
};

/** Reads a PyTorch / TorchScript / torch.export zip: entries, scan, tensor table; no storage is read. */
export async function readTorchZip(src: FileSource, known?: ZipEntry[]): Promise<ForeignModel> {
  await Promise.resolve();
  return readTorchZipSync(src, known);
}

export function readTorchZipSync(src: FileSource, known?: ZipEntry[]): ForeignModel {
  const entries = known ?? readZipDirectory(src);
  const names = entries.map((e) => e.name);
  const format = torchZipFormat(names);
  if (!format) {
    throw new AppError(
      'MALFORMED',
      `${src.name} is a ZIP archive but not a PyTorch one: it has no data.pkl, TorchScript code or exported program.`,
      'Open the model file itself rather than an archive that contains it.',
    );
  }
  const byName = new Map(entries.map((e) => [e.name, e]));
  const notes: string[] = [];
  const scan = scanTorchZip(src, entries, '', 0, format === 'torchscript');

  // The archive's own records: <prefix>/data.pkl (and TorchScript's constants.pkl), shallowest first.
  const mainPkl = names.filter((n) => /(^|\/)data\.pkl$/.test(n)).sort((a, b) => a.split('/').length - b.split('/').length)[0];
  const prefix = mainPkl ? mainPkl.slice(0, -'data.pkl'.length) : '';
  const found: FoundTensor[] = [];
  const offsets: Array<number | undefined> = [];
  let root = '';
  for (const [pkl, dir] of [
    ['data.pkl', 'data/'],
    ['constants.pkl', 'constants/'],
  ] as const) {
    const s = scan.streams.get(`${prefix}${pkl}`);
    if (!s || !s.results.length) continue;
    const ts = findTensors(s.results[0]!).map((t) => (pkl === 'constants.pkl' ? { ...t, name: `constants.${t.name}` } : t));
    if (pkl === 'data.pkl') root = describeRoot(s.results[0]!, ts.length);
    found.push(...ts);
    offsets.push(...storageOffsets(src, byName, `${prefix}${dir}`, ts));
  }
  const tensors = found.map((t, i) => toForeign(t, offsets[i], t.storage ? `${prefix}data/${t.storage.key}` : undefined));
  const t = totals(
    tensors,
    found.map((f) => f.elements),
  );
  const report = scanReport(scan.parts);

  const files: ArchiveEntry[] = entries.map((e) => {
    const kind = entryKind(e);
    const row: ArchiveEntry = { name: e.name, size: e.size, compressedSize: e.compressedSize };
    if (kind) row.kind = kind;
    return row;
  });
  const sections: ForeignSection[] = [];
  if (tensors.length) sections.push(dtypeSection(t));
  const code = entries.filter((e) => entryKind(e) === 'code');
  if (code.length) {
    sections.push({
      title: 'TorchScript code',
      columns: ['file', 'size'],
      rows: code.slice(0, MAX_SECTION_ROWS).map((e) => [e.name, formatBytes(e.size)]),
      total: code.length,
    });
  }
  sections.push({
    title: 'Pickles',
    columns: ['pickle', 'protocol', 'opcodes', 'imports'],
    rows: report.pickles.slice(0, MAX_SECTION_ROWS).map((p) => [p.name, String(p.protocol), String(p.opcodes), p.globals.join(', ')]),
    total: report.pickles.length,
  });
  const metadata: Record<string, string> = { archive: prefix.replace(/\/$/, '') || '(root)' };
  const version = byName.get(`${prefix}version`) ?? byName.get(`${prefix}.data/version`);
  if (version && version.size < 64) metadata.version = readZipEntry(src, version, 64).toString('utf8').trim();
  const uncompressed = tensors.filter((x, i) => found[i]!.storage && x.offset === undefined).length;
  if (uncompressed) notes.push(`${uncompressed} tensors sit in compressed entries: their bytes cannot be previewed in place.`);
  const rootClass = format === 'torchscript' ? scriptClass(scan.streams.get(`${prefix}data.pkl`)) : null;
  const rootWhat = format === 'torchscript' ? (rootClass ? `module ${rootClass}` : '') : root;
  const signature = rootClass ? scriptSignature(src, byName, prefix, rootClass) : null;
  const parts = [found.length ? describe(found.length, t) : 'no tensors'];
  if (rootWhat) parts.push(rootWhat);
  if (code.length) parts.push(`${code.length} code file${code.length === 1 ? '' : 's'}`);
  if (format === 'torch-export') parts.unshift(`${entries.length} entries`);
  return {
    format,
    what: `${WHAT[format]}: ${parts.join(', ')}`,
    fileName: src.name,
    fileSize: src.size,
    metadata,
    tensors: capTensors(tensors, notes),
    tensorCount: tensors.length,
    tensorBytes: t.tensorBytes,
    parameters: t.parameters,
    files,
    // TorchScript's forward() arguments: names and types, no shapes (Convert asks for those).
    ...(signature
      ? {
          io: {
            inputs: signature.inputs,
            outputs: signature.returns ? [{ name: 'forward() returns', dtype: signature.returns, shape: null }] : [],
          },
        }
      : {}),
    sections,
    scan: report,
    notes,
  };
}

function scriptClass(s: StreamScan | undefined): string | null {
  const r = s?.results[0];
  return r?.t === 'call' && r.fn.t === 'global' ? r.fn.imp.full : null;
}
