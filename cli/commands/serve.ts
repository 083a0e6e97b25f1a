// `modelcrate serve <bundle>`: the Docker image's inference server, in this process (the same
// startServer). The URL alone goes to stdout once listening, for scripts; the JSON-line logs go to
// stderr so they do not mix with it. Ctrl+C / SIGTERM drain in-flight requests, then exit 0.
import { jsonLogger, parseLoadOptions, startServer, type LoadFlag } from '../../server';
import { readPublicKey } from '../../core/signing/public-key';
import { runCommand } from '../run-command';

export interface ServeCommandOptions {
  port: number;
  host: string;
  /** A PEM file; else MODELCRATE_PUBLIC_KEY (PEM text). Then only a bundle signed by that key is served. */
  publicKey?: string;
  /** Batching and memory flags as given (else their MODELCRATE_* variables). */
  load?: Partial<Record<LoadFlag, string | undefined>>;
}

export function serveCommand(bundle: string, opts: ServeCommandOptions): Promise<void> {
  return runCommand({ bugExit: 2 }, async () => {
    process.env.ORT_DISABLE_TELEMETRY = '1';
    const logger = jsonLogger({ write: (line) => void process.stderr.write(line) });
    const publicKey = readPublicKey(opts.publicKey, process.env.MODELCRATE_PUBLIC_KEY);
    const load = parseLoadOptions(Object.fromEntries(Object.entries(opts.load ?? {}).filter(([, v]) => v !== undefined)), process.env);
    const server = await startServer({ bundle, port: opts.port, host: opts.host, logger, publicKey, ...load });
    process.stdout.write(`${server.url}\n`);
    // Listening: the server drains on a signal (not the runner's cancel, which is for work that ends).
    const stop = () => void server.close().finally(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
