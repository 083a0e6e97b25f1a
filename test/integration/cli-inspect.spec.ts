// `modelcrate inspect` as users and CI scripts run it: the real bin, a real process, models built
// by python's onnx (not by our writer), and the exact stderr/exit-code promises of the CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mlp } from '../fixtures/models';
import { text, truncated } from '../fixtures/malformed';
import { suiteDir } from '../fixtures/tmp';
import { ROOT, runCliSync } from '../fixtures/cli-run';

const cli = runCliSync;
const PYTHON = '/usr/bin/python3';
const hasOnnx = spawnSync(PYTHON, ['-c', 'import onnx'], {}).status === 0;

describe('modelcrate inspect', () => {
  const dir = suiteDir('cli');
  beforeAll(() => {
    // The bin runs the bundle in dist/; rebuild it so the test sees the current sources (~0.2 s).
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-node.mjs')], { cwd: ROOT, stdio: 'inherit' });
  }, 60_000);

  it('--json on onnx.helper models equals what python onnx reads', () => {
    // Without python in CI this must fail, not skip: the cross-check is the point.
    expect(hasOnnx || process.env.CI !== 'true', `${PYTHON} cannot import onnx: apt-get install -y python3-onnx`).toBe(true);
    if (!hasOnnx) return;
    const built = JSON.parse(
      execFileSync(PYTHON, [join(ROOT, 'test/python/build_models.py'), join(dir, 'py')], { encoding: 'utf8' }),
    ) as string[];
    expect(built.length).toBeGreaterThanOrEqual(5);
    const py = JSON.parse(execFileSync(PYTHON, [join(ROOT, 'test/python/dump_summary.py'), ...built], { encoding: 'utf8' })) as Array<{
      path: string;
      summary: unknown;
    }>;
    for (const { path, summary } of py) {
      const r = cli('inspect', path, '--json');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
      expect(JSON.parse(r.stdout), path).toEqual({ format: 'onnx', ...(summary as object) });
    }
  });

  it('prints a readable contract by default', () => {
    const r = cli('inspect', mlp(dir));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^mlp\.onnx/);
    expect(r.stdout).toMatch(/Inputs\n\s+x\s+float32\s+\[batch, 4\]/);
    expect(r.stdout).toMatch(/Outputs\n\s+y\s+float32\s+\[batch, 3\]/);
    expect(r.stdout).toMatch(/6 nodes · 4 initializers/);
    expect(r.stdout).toMatch(/Weights 67 parameters \(268 B, float32\) · 4 initializers · 0 in Constant nodes/);
  });

  it('exits 2 with one error line for files that are not readable ONNX', () => {
    for (const [file, code] of [
      [text(dir), 'NOT_ONNX'],
      [truncated(dir), 'TRUNCATED'],
      [join(dir, 'missing.onnx'), 'FILE_NOT_FOUND'],
    ] as const) {
      const r = cli('inspect', file, '--json');
      expect(r.code, file).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^error\\[${code}\\]: \\S`));
    }
    expect(cli('inspect', text(dir)).stderr).toMatch(/text file/i);
  });

  it('usage mistakes follow the same contract: exit 2, one error line', () => {
    for (const args of [['inspect'], ['inspect', 'a.onnx', '--nope'], ['no-such-command']]) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(/^error\[INVALID_REQUEST\]: \S/);
    }
    expect(cli('--version')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });
});
