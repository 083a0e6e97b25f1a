// JSON-line logs: one object per line on stdout (time, level, msg, then fields such as route,
// status, ms), which `docker logs` and log shippers take as they are. Lines are gathered and
// written once per event-loop turn: a write per request was about a fifth of the server's busy
// time under load (bench: server). What is pending at exit is written synchronously then.
import { writeSync } from 'node:fs';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  log(level: LogLevel, msg: string, fields?: LogFields): void;
}

export function jsonLogger(opts: { level?: LogLevel; write?: (line: string) => void } = {}): Logger {
  const min = RANK[opts.level ?? 'info'];
  const write = opts.write ?? batchedStdout();
  return {
    log(level, msg, fields) {
      if (RANK[level] < min) return;
      write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
    },
  };
}

/** Gathers lines and writes them to stdout once per turn (and synchronously at exit). */
function batchedStdout(): (line: string) => void {
  let pending = '';
  const flush = () => {
    if (!pending) return;
    const out = pending;
    pending = '';
    process.stdout.write(out);
  };
  process.once('exit', () => {
    if (pending) writeSync(1, pending);
    pending = '';
  });
  return (line) => {
    if (!pending) setImmediate(flush);
    pending += line;
  };
}

/** For tests and embedders that want silence. */
export const silentLogger: Logger = { log() {} };
