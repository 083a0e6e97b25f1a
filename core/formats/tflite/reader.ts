// Reads a TensorFlow Lite model's structure (schema v3, identifier TFL3) without touching its
// weights: subgraphs, tensors, operators, buffers (sizes only), signature defs and metadata.
// Buffers are seen through their length prefix or their offset/size fields (models over 2 GB keep
// data after the FlatBuffer); only the tiny min_runtime_version metadata string is read as data.
import type { FileSource } from '../../onnx/file-source';
import { AppError } from '../../../shared/errors';
import { formatBytes, formatShape } from '../../../shared/format';
import type { Dim, ForeignIo, ForeignModel, ForeignSection, ForeignTensor } from '../../../shared/formats/types';
import { MAX_FOREIGN_TENSORS, MAX_SECTION_ROWS } from '../../../shared/formats/types';
import { PLACEHOLDER_FOR_GREATER_OP_CODES, builtinOpName, tensorTypeName } from './enums';
import type { Table, TableVector } from './flatbuffer';
import { FlatFile } from './flatbuffer';
import {
  BUFFER,
  EXTERNAL_BUFFER,
  EXTERNAL_BUFFER_GROUP,
  METADATA,
  MODEL,
  OPERATOR,
  OPERATOR_CODE,
  QUANTIZATION,
  SIGNATURE_DEF,
  SUBGRAPH,
  TENSOR,
  TENSOR_MAP,
} from './schema';

const HINT = 'The file may be truncated or corrupted; convert the model to TFLite again (tf.lite.TFLiteConverter).';
const CUSTOM = 32;
const MAX_RANK = 64; // TFLite kernels handle rank ≤ 6; anything near this is not a shape
const MAX_IO = 10_000;
const MAX_SCALES_READ = 4096; // per-axis scales summarised from at most this many values

type TensorTable = Table<keyof typeof TENSOR.fields>;

interface TensorInfo {
  name: string;
  type: number;
  shape: number[] | null;
  signature: number[] | null;
  buffer: number;
  external: number;
}

interface BufferInfo {
  size: number;
  /** Where the data starts in this file, when it is inside it. */
  offset: number | null;
}

interface ExternalInfo {
  file: string;
  offset: number;
  length: number;
}

export async function readTflite(src: FileSource): Promise<ForeignModel> {
  return new TfliteReader(src).read();
}

class TfliteReader {
  private readonly fb: FlatFile;
  private readonly notes: string[] = [];
  private readonly bufferCache = new Map<number, BufferInfo>();
  private buffers!: TableVector<keyof typeof BUFFER.fields>;
  private externals: Map<number, ExternalInfo> | null = null;

  constructor(private readonly src: FileSource) {
    this.fb = new FlatFile(src, { what: 'TFLite model', hint: HINT });
  }

  read(): ForeignModel {
    const { src, fb } = this;
    if (src.size === 0) throw new AppError('EMPTY_FILE', `The file is empty (0 bytes): ${src.name}`, 'Get the model again.');
    if (src.size < 8) throw new AppError('TRUNCATED', `${src.name} is ${src.size} bytes, too short for a TFLite model.`, HINT);
    const ident = fb.bytes(4, 4, 'the file identifier').toString('latin1');
    if (ident !== 'TFL3') {
      throw new AppError(
        'MALFORMED',
        `${src.name} is not a TFLite model: its FlatBuffer identifier (bytes 4–8) is ${JSON.stringify(ident)}, not "TFL3".`,
        'Choose a .tflite file written by the TensorFlow Lite converter.',
      );
    }
    const model = fb.root(MODEL);
    const version = model.u32('version');
    if (version !== 3) this.notes.push(`Schema version ${version}; this reader follows version 3, so some fields may be misread.`);
    this.buffers = model.tables('buffers', BUFFER);
    const metadata: Record<string, string> = { schema_version: String(version) };
    const description = model.string('description', 4096);
    if (description) metadata.description = description;
    this.readExternalBuffers(model);

    const opNames = this.readOperatorCodes(model);
    const subgraphs = model.tables('subgraphs', SUBGRAPH);
    if (subgraphs.length === 0) throw fb.malformed('it has no subgraph');

    const opCounts = new Map<string, number>();
    const tensors: ForeignTensor[] = [];
    const quantRows: string[][] = [];
    let quantTotal = 0;
    const seenBuffers = new Set<number>();
    let tensorCount = 0;
    let tensorBytes = 0;
    let parameters: number | null = 0;
    let operatorCount = 0;
    const subgraphRows: string[][] = [];
    const sgTensors: TableVector<keyof typeof TENSOR.fields>[] = [];
    const sgNames: string[] = [];
    let mainIo: { inputs: number[]; outputs: number[] } = { inputs: [], outputs: [] };

    for (let s = 0; s < subgraphs.length; s++) {
      const sg = subgraphs.at(s);
      const name = sg.string('name', 1024) ?? '';
      const label = name || `subgraph ${s}`;
      sgNames.push(label);
      const ts = sg.tables('tensors', TENSOR);
      sgTensors.push(ts);
      const inputs = sg.ints('inputs', MAX_IO) ?? [];
      const outputs = sg.ints('outputs', MAX_IO) ?? [];
      if (s === 0) mainIo = { inputs, outputs };

      const ops = sg.tables('operators', OPERATOR);
      operatorCount += ops.length;
      for (let k = 0; k < ops.length; k++) {
        const idx = ops.at(k).u32('opcode_index');
        const op = opNames[idx] ?? `opcode ${idx} (missing)`;
        opCounts.set(op, (opCounts.get(op) ?? 0) + 1);
      }
      subgraphRows.push([label, String(ts.length), String(ops.length), String(inputs.length), String(outputs.length)]);

      for (let i = 0; i < ts.length; i++) {
        const t = ts.at(i);
        const info = this.tensorInfo(t, i);
        const tname = s === 0 ? info.name : `${label}/${info.name}`;
        const quant = quantization(t);
        if (quant && quantTotal++ < MAX_SECTION_ROWS) quantRows.push([tname, tensorTypeName(info.type), ...quant]);
        const data = this.tensorData(info, tname);
        if (!data) continue;
        tensorCount++;
        const elems = info.shape ? info.shape.reduce((a, d) => a * d, 1) : null;
        const key = info.external ? -info.external : info.buffer; // a buffer shared by tensors counts once
        if (!seenBuffers.has(key)) {
          seenBuffers.add(key);
          tensorBytes += data.bytes;
          parameters = parameters === null || elems === null ? null : parameters + elems;
        }
        if (tensors.length < MAX_FOREIGN_TENSORS) {
          const row: ForeignTensor = { name: tname, dtype: tensorTypeName(info.type), shape: info.shape, bytes: data.bytes };
          if (data.offset !== null) row.offset = data.offset;
          if (data.file) row.file = data.file;
          tensors.push(row);
        }
      }
    }
    if (tensorCount > tensors.length)
      this.notes.push(`The tensor table shows the first ${tensors.length} of ${tensorCount} tensors with data.`);

    const signatures = this.readSignatures(model, sgTensors, sgNames);
    let io: { inputs: ForeignIo[]; outputs: ForeignIo[] };
    if (signatures.length > 0) {
      io = { inputs: signatures[0]!.inputs, outputs: signatures[0]!.outputs };
      if (signatures.length > 1) {
        this.notes.push(`The model has ${signatures.length} signatures; inputs and outputs shown are those of "${signatures[0]!.key}".`);
      }
    } else {
      io = { inputs: this.ioOf(sgTensors[0]!, mainIo.inputs, null), outputs: this.ioOf(sgTensors[0]!, mainIo.outputs, null) };
    }

    this.readMetadata(model, metadata);
    metadata.buffers = `${this.buffers.length}`;
    if (subgraphs.length > 1) metadata.subgraphs = sgNames.join(', ');

    const sections: ForeignSection[] = [];
    const opRows = [...opCounts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([op, n]) => [op, String(n)]);
    sections.push({ title: 'Operators', columns: ['op', 'count'], rows: opRows.slice(0, MAX_SECTION_ROWS), total: opRows.length });
    if (signatures.length > 0) {
      const rows = signatures.map((g) => [g.key, g.subgraph, g.inputs.map(ioText).join(', '), g.outputs.map(ioText).join(', ')]);
      sections.push({ title: 'Signatures', columns: ['signature', 'subgraph', 'inputs', 'outputs'], rows, total: rows.length });
    }
    if (subgraphs.length > 1) {
      sections.push({
        title: 'Subgraphs',
        columns: ['subgraph', 'tensors', 'operators', 'inputs', 'outputs'],
        rows: subgraphRows.slice(0, MAX_SECTION_ROWS),
        total: subgraphRows.length,
      });
    }
    if (quantTotal > 0) {
      sections.push({
        title: 'Quantization',
        columns: ['tensor', 'dtype', 'scale', 'zero_point', 'axis'],
        rows: quantRows,
        total: quantTotal,
      });
    }

    const kinds = opCounts.size;
    const sgText = subgraphs.length > 1 ? ` in ${subgraphs.length} subgraphs` : '';
    return {
      format: 'tflite',
      what: `A TensorFlow Lite model with ${operatorCount} operators (${kinds} kinds)${sgText} and ${tensorCount} weight tensors, ${formatBytes(tensorBytes)}`,
      fileName: src.name,
      fileSize: src.size,
      metadata,
      tensors,
      tensorCount,
      tensorBytes,
      parameters,
      io,
      sections,
      scan: null,
      notes: this.notes,
    };
  }

  /** Op names by opcode index: the builtin code is max(deprecated int8, int32), as the runtime reads it. */
  private readOperatorCodes(model: Table<keyof typeof MODEL.fields>): string[] {
    const codes = model.tables('operator_codes', OPERATOR_CODE);
    const names: string[] = [];
    for (let i = 0; i < codes.length; i++) {
      const c = codes.at(i);
      const code = Math.max(c.i8('deprecated_builtin_code'), c.i32('builtin_code'));
      if (code === CUSTOM) names.push(`${c.string('custom_code', 256) ?? '?'} (custom)`);
      else names.push(builtinOpName(code));
      if (c.i32('builtin_code') === 0 && c.i8('deprecated_builtin_code') === PLACEHOLDER_FOR_GREATER_OP_CODES) {
        this.notes.push(`Operator code ${i} uses the placeholder for extended codes but has no extended code.`);
      }
    }
    return names;
  }

  private tensorInfo(t: TensorTable, i: number): TensorInfo {
    return {
      name: t.string('name', 1024) ?? `tensor ${i}`,
      type: t.i8('type'),
      shape: t.ints('shape', MAX_RANK),
      signature: t.ints('shape_signature', MAX_RANK),
      buffer: t.u32('buffer'),
      external: t.u32('external_buffer'),
    };
  }

  private buffer(i: number): BufferInfo {
    const hit = this.bufferCache.get(i);
    if (hit) return hit;
    const b = this.buffers.at(i);
    let info: BufferInfo;
    const data = b.vector('data', 1);
    if (data) info = { size: data.length, offset: data.pos };
    else {
      // Data after the FlatBuffer (models over 2 GB): offset from the start of the file, valid when > 1.
      const offset = b.u64('offset');
      const size = b.u64('size');
      info = offset > 1 ? { size, offset } : { size: 0, offset: null };
      if (offset > 1 && offset + size > this.fb.size) {
        this.notes.push(`Buffer ${i} (${formatBytes(size)} at byte ${offset}) lies past the end of the file: it may be truncated.`);
        info.offset = null;
      }
    }
    this.bufferCache.set(i, info);
    return info;
  }

  private tensorData(info: TensorInfo, name: string): { bytes: number; offset: number | null; file?: string } | null {
    if (info.external !== 0) {
      const ext = this.externals?.get(info.external);
      if (!ext) {
        this.notes.push(`Tensor ${name} refers to external buffer ${info.external}, which the model does not list.`);
        return null;
      }
      return { bytes: ext.length, offset: ext.offset, file: ext.file };
    }
    if (info.buffer === 0) return null; // buffer 0 is the empty sentinel: no data
    if (info.buffer >= this.buffers.length) {
      this.notes.push(`Tensor ${name} refers to buffer ${info.buffer}, but the model has ${this.buffers.length}.`);
      return null;
    }
    const b = this.buffer(info.buffer);
    return b.size > 0 ? { bytes: b.size, offset: b.offset } : null;
  }

  /** External weight files (schema 3d): tensors name an entry by id; data lives in another file. */
  private readExternalBuffers(model: Table<keyof typeof MODEL.fields>): void {
    const ext = model.tables('external_buffers', EXTERNAL_BUFFER);
    if (ext.length === 0) return;
    const groups = model.tables('external_buffer_groups', EXTERNAL_BUFFER_GROUP);
    const groupNames: string[] = [];
    for (let i = 0; i < groups.length; i++) groupNames.push(groups.at(i).string('name', 4096) ?? `group ${i}`);
    this.externals = new Map();
    for (let i = 0; i < ext.length; i++) {
      const e = ext.at(i);
      const g = e.u32('group');
      this.externals.set(e.u32('id'), { file: groupNames[g] ?? `group ${g}`, offset: e.u64('offset'), length: e.u64('length') });
    }
    this.notes.push(`Some weights live outside this file, in: ${[...new Set(groupNames)].join(', ')}.`);
  }

  private ioOf(ts: TableVector<keyof typeof TENSOR.fields>, indices: number[], aliases: string[] | null): ForeignIo[] {
    return indices.map((idx, k) => {
      if (idx < 0 || idx >= ts.length) throw this.fb.malformed(`an input or output names tensor ${idx}, but the subgraph has ${ts.length}`);
      const info = this.tensorInfo(ts.at(idx), idx);
      const dims = info.signature ?? info.shape ?? [];
      const shape: Dim[] = dims.map((d) => (d < 0 ? null : d));
      return { name: aliases?.[k] ?? info.name, dtype: tensorTypeName(info.type), shape };
    });
  }

  private readSignatures(
    model: Table<keyof typeof MODEL.fields>,
    sgTensors: TableVector<keyof typeof TENSOR.fields>[],
    sgNames: string[],
  ): { key: string; subgraph: string; inputs: ForeignIo[]; outputs: ForeignIo[] }[] {
    const defs = model.tables('signature_defs', SIGNATURE_DEF);
    const out = [];
    for (let i = 0; i < defs.length; i++) {
      const d = defs.at(i);
      const key = d.string('signature_key', 1024) ?? `signature ${i}`;
      const sgIndex = d.u32('subgraph_index');
      const ts = sgTensors[sgIndex];
      if (!ts) {
        this.notes.push(`Signature "${key}" names subgraph ${sgIndex}, but the model has ${sgTensors.length}.`);
        continue;
      }
      const side = (field: 'inputs' | 'outputs'): ForeignIo[] => {
        const maps = d.tables(field, TENSOR_MAP);
        if (maps.length > MAX_IO) throw this.fb.malformed(`signature "${key}" has ${maps.length} ${field}`);
        const names: string[] = [];
        const indices: number[] = [];
        for (let k = 0; k < maps.length; k++) {
          const m = maps.at(k);
          names.push(m.string('name', 1024) ?? `${field} ${k}`);
          indices.push(m.u32('tensor_index'));
        }
        return this.ioOf(ts, indices, names);
      };
      out.push({ key, subgraph: sgNames[sgIndex]!, inputs: side('inputs'), outputs: side('outputs') });
    }
    return out;
  }

  /** Metadata entries name a buffer; only min_runtime_version (a short string) is read. */
  private readMetadata(model: Table<keyof typeof MODEL.fields>, out: Record<string, string>): void {
    const entries = model.tables('metadata', METADATA);
    for (let i = 0; i < entries.length && i < MAX_SECTION_ROWS; i++) {
      const m = entries.at(i);
      const name = m.string('name', 256) ?? `metadata ${i}`;
      const index = m.u32('buffer');
      const b = index < this.buffers.length ? this.buffer(index) : null;
      if (!b) {
        this.notes.push(`Metadata "${name}" refers to buffer ${index}, but the model has ${this.buffers.length}.`);
        continue;
      }
      if (name === 'min_runtime_version' && b.offset !== null && b.size <= 64) {
        out.min_runtime_version = this.fb.bytes(b.offset, b.size, 'min_runtime_version').toString('utf8').replace(/\0+$/, '');
      } else {
        out[`metadata.${name}`] = formatBytes(b.size);
      }
    }
  }
}

/** [scale, zero_point, axis] as display strings, or null for a tensor that is not quantized. */
function quantization(t: TensorTable): string[] | null {
  const q = t.table('quantization', QUANTIZATION);
  if (!q) return null;
  const scales = q.vector('scale', 4);
  if (!scales || scales.length === 0) return null;
  const zps = q.vector('zero_point', 8);
  const fb = t.fb;
  const n = Math.min(scales.length, MAX_SCALES_READ);
  const sb = fb.bytes(scales.pos, n * 4, 'QuantizationParameters.scale');
  const values = Array.from({ length: n }, (_, i) => sb.readFloatLE(i * 4));
  const zn = Math.min(zps?.length ?? 0, MAX_SCALES_READ);
  const zb = zps ? fb.bytes(zps.pos, zn * 8, 'QuantizationParameters.zero_point') : Buffer.alloc(0);
  const zeros = Array.from({ length: zn }, (_, i) => Number(zb.readBigInt64LE(i * 8)));
  if (scales.length === 1) return [num(values[0]!), String(zeros[0] ?? 0), ''];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const more = scales.length > n ? ' (first 4096)' : '';
  const zText = zeros.every((z) => z === zeros[0]) ? `all ${zeros[0] ?? 0}` : `${zps!.length} values`;
  return [`${scales.length} scales, ${num(lo)}…${num(hi)}${more}`, zText, String(q.i32('quantized_dimension'))];
}

function num(x: number): string {
  return String(Number(x.toPrecision(6)));
}

function ioText(io: ForeignIo): string {
  return `${io.name}: ${io.dtype}${formatShape(io.shape)}`;
}
