// Entry of dist/server.mjs (the Docker image's /app/server.mjs): parse flags/env, start, and shut
// down gracefully on SIGTERM/SIGINT (stop accepting, finish in-flight requests, stop the runtime,
// exit 0). A bundle that cannot be served (tampered, invalid, missing) exits 1 with one JSON log
// line naming the problem. The runtime worker is runtime-worker.mjs beside this file.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toErrorData } from '../shared/errors';
import { WORKER_FILE } from '../core/runtime/fork-runtime';
import { jsonLogger } from './logger';
import { parseServerArgs } from './options';
import { startServer } from './server';

process.env.ORT_DISABLE_TELEMETRY = '1';
// LOG_LEVEL=warn drops the per-request lines of successful requests.
const logger = jsonLogger({ level: (['debug', 'info', 'warn', 'error'] as const).find((l) => l === process.env.LOG_LEVEL) ?? 'info' });

try {
  const args = parseServerArgs(process.argv.slice(2), process.env);
  const workerPath = path.join(path.dirname(fileURLToPath(import.meta.url)), WORKER_FILE);
  const server = await startServer({ ...args, workerPath, logger });
  const stop = (signal: string) => {
    logger.log('info', 'signal', { signal });
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.log('error', 'shutdown failed', { error: String(err) });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} catch (err) {
  const e = toErrorData(err);
  logger.log('error', 'cannot serve the bundle', { code: e.code, error: e.message, ...(e.hint ? { hint: e.hint } : {}) });
  process.exit(1);
}
