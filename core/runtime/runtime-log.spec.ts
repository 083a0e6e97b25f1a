// The runtime's stderr router on its own: which lines are onnxruntime's, how a coloured entry ends,
// what reaches stderr, and the log file's bound. The real thing end to end: test/integration/cli-runtime-log.spec.ts.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { suiteDir } from '../../test/fixtures/tmp';
import { debugEnabled, fileSink, isOrtLogLine, RuntimeStderrRouter } from './runtime-log';

const dir = suiteDir('runtime-log');
// As onnxruntime-node 1.x writes errors: colour, line, reset, newline (Silero VAD's Pad); a message
// with its own trailing newline leaves the reset on a line of its own (Reshape's).
const ORT_PAD =
  '\x1b[1;31m2026-12-05 12:55:14.580775189 [E:onnxruntime:, sequential_executor.cc:671 ExecuteKernel] Non-zero status code returned while running Pad node. Status Message: Pad reflect requires axis length >= 2 after slicing. Input shape:{1,1}\x1b[m\n';
const ORT_ERROR =
  "\x1b[1;31m2026-12-05 12:48:54.920656525 [E:onnxruntime:, sequential_executor.cc:671 ExecuteKernel] Non-zero status code returned while running Reshape node. Name:'' Status Message: cannot reshape\n\x1b[m\n";
const ORT_WARNING =
  "\x1b[0;93m2026-12-05 12:48:54.1 [W:onnxruntime:, graph.cc:4285 CleanUnusedInitializersAndNodeArgs] Removing initializer 'w'.\n\x1b[m\n";
const ORT_INFO = '2026-12-05 12:48:54.100000000 [I:onnxruntime:, inference_session.cc:583 TraceSessionOptions] Session Options { }\n';

function router(opts: { debug?: boolean; file?: string } = {}) {
  let out = '';
  const r = new RuntimeStderrRouter(opts, (t) => (out += t));
  return { r, out: () => out };
}

describe('runtime stderr router', () => {
  it("knows onnxruntime's lines by their format, coloured or not", () => {
    expect(isOrtLogLine(ORT_ERROR.split('\n')[0]!)).toBe(true);
    expect(isOrtLogLine(ORT_PAD)).toBe(true);
    expect(isOrtLogLine(ORT_WARNING)).toBe(true);
    expect(isOrtLogLine(ORT_INFO)).toBe(true);
    expect(isOrtLogLine('(node:123) Warning: something\n')).toBe(false);
    expect(isOrtLogLine("Error: Cannot find module '/x/runtime-worker.mjs'\n")).toBe(false);
    expect(isOrtLogLine('2026-12-05 log of something else [E:other:]\n')).toBe(false);
  });

  it("sends onnxruntime's lines to the log without colours and forwards the rest, in order", () => {
    const file = join(dir, 'a', 'runtime.log');
    const { r, out } = router({ file });
    const crash = 'FATAL ERROR: Reached heap limit\n';
    // Chunks cut anywhere, as a pipe delivers them.
    const all = `(node:1) Warning: early\n${ORT_PAD}${ORT_ERROR}${ORT_WARNING}${crash}${ORT_INFO}`;
    for (let i = 0; i < all.length; i += 7) r.write(Buffer.from(all.slice(i, i + 7)));
    r.end();
    expect(out()).toBe(`(node:1) Warning: early\n${crash}`);
    const logged = readFileSync(file, 'utf8');
    expect(logged).not.toContain('\x1b');
    expect(logged.split('\n')).toEqual([
      expect.stringMatching(
        /^2026-12-05 12:55:14\.580775189 \[E:onnxruntime:.*Pad reflect requires axis length >= 2 after slicing\. Input shape:\{1,1\}$/,
      ),
      expect.stringMatching(
        /^2026-12-05 12:48:54\.920656525 \[E:onnxruntime:, sequential_executor\.cc:671 ExecuteKernel\] Non-zero status code .*cannot reshape$/,
      ),
      expect.stringMatching(/^2026-12-05 \S+ \[W:onnxruntime:.*Removing initializer 'w'\.$/),
      expect.stringMatching(/^2026-12-05 \S+ \[I:onnxruntime:.*Session Options/),
      '',
    ]);
  });

  it('keeps a coloured entry that spans lines whole, up to its reset', () => {
    const file = join(dir, 'b', 'runtime.log');
    const { r, out } = router({ file });
    r.write('\x1b[1;31m2026-12-05 12:00:00.1 [E:onnxruntime:, x.cc:1 F] first line\nsecond line of the same message\n\x1b[mthen a crash\n');
    r.end();
    expect(readFileSync(file, 'utf8')).toBe(
      '2026-12-05 12:00:00.1 [E:onnxruntime:, x.cc:1 F] first line\nsecond line of the same message\n',
    );
    expect(out()).toBe('then a crash\n');
  });

  it("shows onnxruntime's lines as written on stderr too in debug mode", () => {
    const file = join(dir, 'c', 'runtime.log');
    const { r, out } = router({ file, debug: true });
    r.write(`${ORT_ERROR}other\n`);
    r.end();
    expect(out()).toBe(`${ORT_ERROR}other\n`);
    expect(readFileSync(file, 'utf8')).toContain('[E:onnxruntime:');
  });

  it('forwards a last line without a newline when the stream ends', () => {
    const { r, out } = router();
    r.write('Segmentation fault');
    expect(out()).toBe('');
    r.end();
    expect(out()).toBe('Segmentation fault');
  });

  it('bounds the log file: past the limit it moves to runtime.log.1 and starts afresh', () => {
    const file = join(dir, 'd', 'runtime.log');
    const sink = fileSink(file, 1000);
    const line = `${'x'.repeat(99)}\n`;
    for (let i = 0; i < 25; i++) sink(line);
    expect(statSync(file).size).toBeLessThanOrEqual(1000);
    expect(statSync(`${file}.1`).size).toBeLessThanOrEqual(1000);
    expect(statSync(file).size + statSync(`${file}.1`).size).toBe(500 + 1000);
  });

  it('does not fail when the log cannot be written', () => {
    const sink = fileSink(join(dir, 'd', 'runtime.log', 'not-a-dir', 'x.log'));
    expect(() => sink('line\n')).not.toThrow();
    expect(existsSync(join(dir, 'd', 'runtime.log', 'not-a-dir'))).toBe(false);
  });

  it('reads MODELCRATE_DEBUG', () => {
    expect(debugEnabled({})).toBe(false);
    expect(debugEnabled({ MODELCRATE_DEBUG: '1' })).toBe(true);
    expect(debugEnabled({ MODELCRATE_DEBUG: '0' })).toBe(false);
    expect(debugEnabled({ MODELCRATE_DEBUG: 'false' })).toBe(false);
  });
});
