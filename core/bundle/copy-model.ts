// The model inside a bundle carries the bundle's metadata too (metadata_props, doc_string,
// model_version), so a model taken out of a bundle still says what it is. The lossless writer
// copies every other record byte for byte; the weights are never decoded.
import type { Metadata } from '../../shared/metadata/schema';
import { metadataToProps } from '../../shared/metadata/onnx-props';
import { writeModelMetadata } from '../onnx-write/write-metadata';
import { hashFile, type Digest, type StreamOptions } from './hash-file';

/**
 * Writes src with `metadata` to dest (a new file) and returns dest's size and sha256. `existing`: the
 * model's metadata_props as read, so foreign mirrors keep their format (shared/metadata/onnx-props.ts).
 */
export async function copyModel(
  src: string,
  dest: string,
  metadata: Metadata,
  opts: StreamOptions & { existing?: Record<string, string> } = {},
): Promise<Digest> {
  let reported = 0;
  await writeModelMetadata(src, dest, metadataToProps(metadata, opts.existing ? { existing: opts.existing } : {}), {
    signal: opts.signal,
    onProgress: (done) => {
      opts.onBytes?.(done - reported);
      reported = done;
    },
  });
  // The writer does not hash what it writes. Its bytes were just written, so they are in the page
  // cache: this second read costs the hashing alone, not a disk read.
  return hashFile(dest, { signal: opts.signal });
}
