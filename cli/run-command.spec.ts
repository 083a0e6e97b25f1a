// The runner every CLI command ends through: exit codes by the policy, one error line, and Ctrl-C
// (SIGINT/SIGTERM) turned into the work's AbortSignal only while a cancellable command runs. The
// integration specs check each command's lines through the real bin; this checks the rules.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../shared/errors';
import { runCommand } from './run-command';

let stderr: string[];
beforeEach(() => {
  stderr = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (stderr.push(String(chunk)), true));
  process.exitCode = undefined;
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('runCommand', () => {
  it('done → 0, a verdict → 1, nothing on stderr', async () => {
    await runCommand(async () => {});
    expect(process.exitCode).toBe(0);
    await runCommand(async () => 1);
    expect(process.exitCode).toBe(1);
    expect(stderr).toEqual([]);
  });

  it('a thrown error → exit 2 and one `error[CODE]: message hint` line; file system errors get their code', async () => {
    await runCommand(async () => {
      throw new AppError('NOT_ONNX', 'x.onnx is not an ONNX model.', 'Give a .onnx file.');
    });
    expect(process.exitCode).toBe(2);
    expect(stderr).toEqual(['error[NOT_ONNX]: x.onnx is not an ONNX model. Give a .onnx file.\n']);
    stderr.length = 0;
    await runCommand(async () => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT', path: '/nope.onnx' });
    });
    expect(process.exitCode).toBe(2);
    expect(stderr).toEqual(['error[FILE_NOT_FOUND]: File not found: /nope.onnx Check the path and try again.\n']);
  });

  it('a bug (INTERNAL) exits 1 unless the command says bugExit: 2', async () => {
    await runCommand(async () => {
      throw new TypeError('x is undefined');
    });
    expect(process.exitCode).toBe(1);
    expect(stderr[0]).toMatch(/^error\[INTERNAL\]: Unexpected error: x is undefined /);
    await runCommand({ bugExit: 2 }, async () => {
      throw new TypeError('x is undefined');
    });
    expect(process.exitCode).toBe(2);
  });

  it('cancel: SIGINT/SIGTERM abort the signal while the work runs, then go back to their default', async () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const others = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
    // The runner's own listener, called as the signal would (process.emit would reach the test worker's too).
    const signalled = (sig: 'SIGINT' | 'SIGTERM') =>
      process
        .listeners(sig)
        .filter((l) => !others[sig].includes(l))
        .forEach((l) => (l as () => void)());
    await runCommand({ cancel: 'The build was cancelled.' }, async (signal) => {
      expect(process.listenerCount('SIGINT')).toBe(before[0]! + 1);
      signalled('SIGTERM');
      expect(signal.aborted).toBe(true);
      throw new AppError('DOCKER_ERROR', 'the engine said stop');
    });
    // A string names what was cancelled and replaces what the aborted work threw.
    expect(stderr).toEqual(['error[CANCELLED]: The build was cancelled.\n']);
    expect(process.exitCode).toBe(2);
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);

    stderr.length = 0;
    await runCommand({ cancel: true }, async (signal) => {
      signalled('SIGINT');
      expect(signal.aborted).toBe(true);
      throw new AppError('CANCELLED', 'Packing was cancelled; nothing was written.');
    });
    // cancel: true keeps the service's own message.
    expect(stderr).toEqual(['error[CANCELLED]: Packing was cancelled; nothing was written.\n']);
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });

  it('without cancel, no signal listener is added (Ctrl-C ends the process as usual)', async () => {
    const before = process.listenerCount('SIGINT');
    await runCommand(async (signal) => {
      expect(process.listenerCount('SIGINT')).toBe(before);
      expect(signal.aborted).toBe(false);
    });
  });
});
