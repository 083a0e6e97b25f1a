// Measured in its own process so peak RSS is the writer's alone: one metadata write, temp file,
// fsync and rename included, timed from the call to the resolved promise.
import { performance } from 'node:perf_hooks';
import { writeModelMetadata } from '../../../core/onnx-write/write-metadata';

const [src, dest, edit] = process.argv.slice(2) as [string, string, string];
const t0 = performance.now();
const { bytes } = await writeModelMetadata(src, dest, JSON.parse(edit));
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms, bytes, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
