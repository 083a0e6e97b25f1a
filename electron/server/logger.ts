// JSON-line logs: one object per line on stdout (time, level, msg, then fields such as route,
// status, ms), which `docker logs` and log shippers take as they are. Writes are synchronous on
// pipes and files, so a line logged just before exit is not lost.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  log(level: LogLevel, msg: string, fields?: LogFields): void;
}

export function jsonLogger(opts: { level?: LogLevel; write?: (line: string) => void } = {}): Logger {
  const min = RANK[opts.level ?? 'info'];
  const write = opts.write ?? ((line: string) => void process.stdout.write(line));
  return {
    log(level, msg, fields) {
      if (RANK[level] < min) return;
      write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
    },
  };
}

/** For tests and embedders that want silence. */
export const silentLogger: Logger = { log() {} };
