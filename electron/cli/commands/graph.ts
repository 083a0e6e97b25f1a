import { InvalidArgumentError } from 'commander';
import { errorLine, toErrorData } from '../../../shared/errors';
import { buildGraphModel } from '../../../shared/graph/graph-model';
import { parseSubgraphPath } from '../../../shared/graph/subgraph-path';
import { readModelSummary } from '../../services/onnx/reader';
import { toDot } from '../graph-format';

export interface GraphCommandOptions {
  format: 'dot' | 'json';
  /** `node/attr[/node/attr…]`, resolved against the model (node names may contain '/'). */
  subgraph?: string;
  initializers: 'collapsed' | 'nodes';
}

/** Exit codes: 0 printed, 2 unreadable model or a path that names no subgraph (one stderr line). */
export async function graphCommand(model: string, opts: GraphCommandOptions): Promise<number> {
  try {
    const summary = await readModelSummary(model);
    const path = opts.subgraph ? parseSubgraphPath(summary.graph, opts.subgraph) : [];
    const graph = buildGraphModel(summary.graph, { path, initializers: opts.initializers });
    process.stdout.write(opts.format === 'json' ? `${JSON.stringify(graph)}\n` : toDot(graph));
    return 0;
  } catch (err) {
    const data = toErrorData(err);
    process.stderr.write(`${errorLine(data)}\n`);
    return data.code === 'INTERNAL' ? 1 : 2;
  }
}

/** Commander argument parsers: a wrong value is a usage error (exit 2, INVALID_REQUEST). */
export function oneOf<T extends string>(...allowed: T[]): (v: string) => T {
  return (v) => {
    if (!(allowed as string[]).includes(v)) throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}`);
    return v as T;
  };
}
