// Measured in its own process so peak RSS is the bundle code's alone.
//   pack <model> <out>: one packBundle (no samples, so no runtime process), from the call to the
//     renamed bundle. The summary is read before the clock starts: the studio and the CLI already
//     hold it when they pack.
//   open <bundle> <dataDir>: one openBundle (a .tar.gz is extracted and every file hashed).
import { performance } from 'node:perf_hooks';
import { openBundle } from '../../../core/bundle/open';
import { packBundle } from '../../../core/bundle/pack';
import { readModelSummary } from '../../../core/onnx/reader';
import { metadataOfModel } from '../../../shared/metadata/defaults';

const [mode, input, out] = process.argv.slice(2) as ['pack' | 'open', string, string];
if (mode === 'open') {
  const t0 = performance.now();
  const opened = await openBundle(input, out);
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, files: opened.manifest.files.length, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
} else {
  const summary = await readModelSummary(input);
  const t0 = performance.now();
  const r = await packBundle({ modelPath: input, summary, metadata: metadataOfModel(summary).metadata, out });
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, bytes: r.bytes, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
}
