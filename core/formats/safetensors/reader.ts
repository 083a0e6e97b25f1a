// A single .safetensors file as a ForeignModel: the header only, never the weights.
import type { ForeignModel } from '../../../shared/formats/types';
import type { FileSource } from '../../onnx/file-source';
import { readSafetensorsHeader } from './header';
import { capTensors, describe, dtypeSection, totals } from './summary';

export async function readSafetensors(src: FileSource): Promise<ForeignModel> {
  const header = readSafetensorsHeader(src);
  const t = totals(header.tensors, header.elements);
  const notes = [...header.notes];
  return {
    format: 'safetensors',
    what: `safetensors weights (no graph): ${describe(header.tensors.length, t)}`,
    fileName: src.name,
    fileSize: src.size,
    metadata: header.metadata,
    tensors: capTensors(header.tensors, notes),
    tensorCount: header.tensors.length,
    tensorBytes: t.tensorBytes,
    parameters: t.parameters,
    sections: [dtypeSection(t)],
    scan: null,
    notes,
  };
}
