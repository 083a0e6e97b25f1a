// What other deliverables may use of the inference server: the CLI's `serve` runs this same server
// in-process. Everything else under server/ is internal (test/integration/boundaries.spec.ts).
export { startServer, DEFAULT_PORT, type ServerOptions, type RunningServer } from './server';
export { jsonLogger, type Logger } from './logger';
export { parseLoadOptions, type LoadFlag } from './settings';
