import { stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { AppError } from '../../shared/errors';
import { buildGraphModel } from '../../shared/graph/graph-model';
import { parseSubgraphPath } from '../../shared/graph/subgraph-path';
import { readModelSummary } from '../../core/onnx/reader';
import { toDot, toSvg } from '../graph-format';
import { writeOutFile } from '../out-file';
import { runCommand } from '../run-command';

export interface GraphCommandOptions {
  format: 'dot' | 'json' | 'svg';
  /** Write here (atomically) instead of stdout. */
  out?: string;
  /** Colours of the SVG. */
  theme?: 'light' | 'dark';
  /** `node/attr[/node/attr…]`, resolved against the model (node names may contain '/'). */
  subgraph?: string;
  initializers: 'collapsed' | 'nodes';
}

/** Exit codes: 0 printed, 2 unreadable model or a path that names no subgraph (one stderr line). */
export function graphCommand(model: string, opts: GraphCommandOptions): Promise<void> {
  return runCommand(async () => {
    const summary = await readModelSummary(model, { inferShapes: true });
    const path = opts.subgraph ? parseSubgraphPath(summary.graph, opts.subgraph) : [];
    const graph = buildGraphModel(summary.graph, { path, initializers: opts.initializers });
    if (opts.out) await checkOut(model, opts.out);
    const text =
      opts.format === 'json'
        ? `${JSON.stringify(graph)}\n`
        : opts.format === 'svg'
          ? await toSvg(graph, opts.theme ?? 'light')
          : toDot(graph);
    if (!opts.out) return void process.stdout.write(text);
    await writeOutFile(opts.out, text);
    process.stdout.write(
      `wrote ${opts.out} (${graph.nodes.length} nodes, ${graph.edges.length} edges, ${Buffer.byteLength(text)} bytes)\n`,
    );
  });
}

/** Before the work: --out must name a file in an existing folder, and never the model itself. */
async function checkOut(model: string, out: string): Promise<void> {
  if (path.resolve(out) === path.resolve(model))
    throw new AppError('INVALID_REQUEST', `--out ${out} is the model itself.`, 'Name a new file, e.g. graph.svg.');
  const dir = path.dirname(path.resolve(out));
  const folder = await stat(dir).catch(() => undefined);
  if (!folder?.isDirectory())
    throw new AppError(
      'FILE_NOT_FOUND',
      `No folder ${dir} to write ${path.basename(out)} into.`,
      'Create the folder first, or choose another --out.',
    );
  const existing = await stat(out).catch(() => undefined);
  if (existing?.isDirectory())
    throw new AppError('NOT_A_FILE', `--out ${out} is a folder.`, `Name a file inside it, e.g. ${path.join(out, 'graph.svg')}.`);
}

/** Commander argument parsers: a wrong value is a usage error (exit 2, INVALID_REQUEST). */
export function oneOf<T extends string>(...allowed: T[]): (v: string) => T {
  return (v) => {
    if (!(allowed as string[]).includes(v)) throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}`);
    return v as T;
  };
}
