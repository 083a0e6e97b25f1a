// Baseline: the usual JavaScript way, read the whole file and decode every message in memory.
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { onnx } = require('onnx-proto') as {
  onnx: { ModelProto: { decode(b: Uint8Array): { graph?: { node?: unknown[]; input?: unknown[] } } } };
};

const file = process.argv[2]!;
const t0 = performance.now();
const bytes = await readFile(file);
const model = onnx.ModelProto.decode(bytes);
const ms = performance.now() - t0;
console.log(
  JSON.stringify({
    ms,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    nodes: model.graph?.node?.length ?? 0,
    inputs: model.graph?.input?.length ?? 0,
  }),
);
