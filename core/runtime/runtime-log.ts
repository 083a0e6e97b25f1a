// The runtime process's stderr, line by line. onnxruntime logs from native code straight to fd 2 of
// the process it runs in, in its own format and colours, the reset right after the message:
//   \x1b[1;31m2026-12-05 12:55:14.580775189 [E:onnxruntime:, sequential_executor.cc:671 ExecuteKernel] Non-zero status…\x1b[m\n
// (a message that ends with its own newline, as Reshape's does, leaves the reset on a line of its own).
// Those lines repeat the error the worker reports anyway (as RUNTIME_ERROR), so they go to a debug
// log in the data folder (and to stderr too with MODELCRATE_DEBUG=1); anything else the process
// writes (a crash, a Node warning) is still forwarded to stderr. No import.meta here: Electron's
// CommonJS main bundle uses this through electron/main/utility-runtime.ts.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { defaultDataDir } from '../data-dir';

export interface RuntimeLogOptions {
  /** The debug log file for onnxruntime's lines; none: they are dropped (or only shown in debug). */
  file?: string;
  /** Show onnxruntime's lines on stderr as well (MODELCRATE_DEBUG=1). */
  debug?: boolean;
}

/** Where the other lines go, and the debug ones in debug mode; the runtime's own stderr by default. */
export type Forward = (text: string) => void;

/** Past this size the log moves to runtime.log.1 (replacing the previous one) and starts afresh. */
export const RUNTIME_LOG_MAX_BYTES = 1 << 20;

export function runtimeLogPath(dataDir: string): string {
  return path.join(dataDir, 'logs', 'runtime.log');
}

export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.MODELCRATE_DEBUG;
  return !!v && v !== '0' && v.toLowerCase() !== 'false';
}

/** The CLI's and web host's default: `<data dir>/logs/runtime.log`, debug from the environment. */
export function defaultRuntimeLog(dataDir: string = defaultDataDir()): RuntimeLogOptions {
  return { file: runtimeLogPath(dataDir), debug: debugEnabled() };
}

// Select Graphic Rendition sequences only: onnxruntime colours with them and nothing else.
/* eslint-disable no-control-regex -- ESC is exactly what these match */
const SGR = /\x1b\[[0-9;]*m/g;
const RESET = /\x1b\[0?m/;
/* eslint-enable no-control-regex */
/** A logger line: an ISO-like timestamp, then [<severity>:onnxruntime:<logger id>, <where>] … */
const ORT_LINE = /^\d{4}-\d\d-\d\d[ T]\S+ \[[VIWEF]:onnxruntime:/;

export const stripAnsi = (s: string): string => s.replace(SGR, '');

export function isOrtLogLine(line: string): boolean {
  return ORT_LINE.test(stripAnsi(line));
}

/** Does the line leave a colour open (its last SGR is not a reset)? Then the entry goes on. */
function opensColour(line: string): boolean {
  const codes = line.match(SGR);
  return !!codes && !RESET.test(codes[codes.length - 1]!);
}

/** Appends to a size-bounded file; a log that cannot be written is not worth failing a run for. */
export function fileSink(file: string, maxBytes = RUNTIME_LOG_MAX_BYTES): (text: string) => void {
  let ready = false;
  return (text) => {
    try {
      if (!ready) {
        mkdirSync(path.dirname(file), { recursive: true });
        ready = true;
      }
      let size = 0;
      try {
        size = statSync(file).size;
      } catch {
        // no file yet
      }
      // Several CLI runs may write at once: the bound is approximate, the lines stay whole.
      if (size > 0 && size + Buffer.byteLength(text) > maxBytes) renameSync(file, `${file}.1`);
      appendFileSync(file, text);
    } catch {
      // read-only data folder, full disk: the error itself still reaches the user as RUNTIME_ERROR
    }
  };
}

/**
 * Splits what the runtime writes into lines and sends each where it belongs. A coloured
 * onnxruntime entry runs until its colour reset, so a message spanning lines stays in the log as a
 * whole.
 */
export class RuntimeStderrRouter {
  private partial = '';
  private inEntry = false;
  private readonly log: ((text: string) => void) | undefined;

  constructor(
    private readonly opts: RuntimeLogOptions,
    private readonly forward: Forward,
  ) {
    this.log = opts.file ? fileSink(opts.file) : undefined;
  }

  write(chunk: string | Buffer): void {
    const text = this.partial + chunk.toString();
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      this.partial = text;
      return;
    }
    this.partial = text.slice(end + 1);
    this.route(text.slice(0, end + 1).split(/(?<=\n)/));
  }

  /** The stream ended: what is left without a newline goes out too (a dying process's last words). */
  end(): void {
    if (this.partial) this.route([this.partial]);
    this.partial = '';
    this.inEntry = false;
  }

  private route(lines: string[]): void {
    let logged = '';
    let out = ''; // for stderr, in order: other lines, and onnxruntime's as written in debug mode
    for (const line of lines) {
      if (!this.inEntry && !isOrtLogLine(line)) {
        out += line;
        continue;
      }
      let own = line;
      let rest = '';
      if (!this.inEntry) {
        this.inEntry = opensColour(line);
      } else {
        // The entry ends at the reset; anything after it on that line is someone else's.
        const reset = RESET.exec(line);
        if (reset) {
          this.inEntry = false;
          const after = line.slice(reset.index + reset[0].length);
          if (/\S/.test(stripAnsi(after))) {
            own = line.slice(0, reset.index + reset[0].length);
            rest = after;
          }
        }
      }
      const plain = stripAnsi(own);
      if (/\S/.test(plain)) logged += plain.endsWith('\n') ? plain : `${plain}\n`;
      if (this.opts.debug) out += rest ? `${own}\n` : own;
      out += rest;
    }
    if (logged) this.log?.(logged);
    if (out) this.forward(out);
  }
}

/** Reads a runtime process's stderr through a router until it ends. */
export function routeRuntimeStderr(
  stream: NodeJS.ReadableStream,
  opts: RuntimeLogOptions,
  forward: Forward = (t) => void process.stderr.write(t),
): RuntimeStderrRouter {
  const router = new RuntimeStderrRouter(opts, forward);
  stream.on('data', (chunk: string | Buffer) => router.write(chunk));
  stream.on('end', () => router.end());
  stream.on('error', () => router.end());
  return router;
}
