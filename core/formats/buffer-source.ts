// A FileSource over bytes already in memory: a zip nested in a pickle's bytes or in a compressed
// archive entry is read with the same zip and pickle readers as a file.
import type { FileSource } from '../onnx/file-source';

export function bufferSource(data: Buffer, name: string): FileSource {
  return {
    path: name,
    name,
    size: data.length,
    read(buf, offset, length, position) {
      const n = Math.max(0, Math.min(length, data.length - position));
      if (n > 0) data.copy(buf, offset, position, position + n);
      return n;
    },
    close() {},
  };
}
