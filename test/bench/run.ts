// `npm run bench [-- --json] [-- --runs N] [-- --only inspect|predict|metadata|pack|server|image|graph|graph-view|formats|scan]`: every performance figure with its
// same-run baseline.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { inspectBench } from './inspect.bench';
import { metadataBench } from './metadata.bench';
import { packBench } from './pack.bench';
import { predictBench } from './predict.bench';
import { serverBench } from './server.bench';
import { serverLoadBench } from './server-load.bench';
import { imageBench } from './image.bench';
import { graphBench } from './graph.bench';
import { graphViewBench } from './graph-view.bench';
import { formatsBench } from './formats.bench';
import { scanBench } from './scan.bench';
import { printTable, type BenchResult } from './harness';

const args = process.argv.slice(2);
const json = args.includes('--json');
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 3;
const root = path.resolve(import.meta.dirname, '../..');
const work = path.join(root, '.bench');
mkdirSync(work, { recursive: true });
// Progress goes to stderr so `--json` leaves stdout to the one JSON document.
const log = (s: string) => process.stderr.write(`${s}\n`);

// Measuring children are bundled to plain JS so no loader (tsx/esbuild service) inflates their RSS.
const childDir = path.join(work, 'children');
await build({
  entryPoints: {
    reader: 'test/bench/children/read-summary.ts',
    protobufjs: 'test/bench/children/protobufjs-decode.ts',
    'loop-lag': 'test/bench/children/loop-lag.ts',
    'metadata-write': 'test/bench/children/metadata-write.ts',
    'pack-bundle': 'test/bench/children/pack-bundle.ts',
    'graph-layout': 'test/bench/children/graph-layout.ts',
  },
  outdir: childDir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  absWorkingDir: root,
  logLevel: 'warning',
});

// The runtime worker is measured as it ships: the dist/ bundle.
execFileSync(process.execPath, ['scripts/build-node.mjs'], { cwd: root, stdio: 'inherit' });
const worker = path.join(root, 'dist', 'runtime-worker.mjs');

// `--only inspect|predict|metadata|pack|server` runs one suite; a comma list (formats,scan) several.
const only = args.includes('--only') ? new Set((args[args.indexOf('--only') + 1] ?? '').split(',')) : undefined;
const want = (suite: string) => !only || only.has(suite);
const results: BenchResult[] = [];
if (want('inspect')) {
  results.push(
    ...(await inspectBench(
      work,
      { reader: path.join(childDir, 'reader.mjs'), protobufjs: path.join(childDir, 'protobufjs.mjs') },
      { runs, log },
    )),
  );
}
if (want('predict')) results.push(...(await predictBench(work, { loopLag: path.join(childDir, 'loop-lag.mjs'), worker }, { runs, log })));
if (want('metadata')) results.push(...(await metadataBench(work, { writer: path.join(childDir, 'metadata-write.mjs') }, { runs, log })));
if (want('pack')) results.push(...(await packBench(work, { pack: path.join(childDir, 'pack-bundle.mjs') }, { runs, log })));
if (want('server')) {
  results.push(...(await serverBench(work, { server: path.join(root, 'dist', 'server.mjs') }, { runs, log })));
  results.push(...(await serverLoadBench(work, { server: path.join(root, 'dist', 'server.mjs') }, { runs, log })));
}
if (want('image')) results.push(...(await imageBench(work, { runs, log })));
if (want('graph')) results.push(...(await graphBench({ layout: path.join(childDir, 'graph-layout.mjs') }, { runs, log })));
if (want('formats')) results.push(...(await formatsBench(work, { runs, log })));
if (want('scan')) results.push(...(await scanBench(work, { runs, log })));
// Drives the built renderer (dist/renderer) in Chromium: `npm run build` first.
if (want('graph-view')) results.push(...(await graphViewBench(work, { runs, log })));

if (json)
  console.log(
    JSON.stringify({ results: results.map(({ name, value, unit, baseline, ratio }) => ({ name, value, unit, baseline, ratio })) }),
  );
else printTable(results);
