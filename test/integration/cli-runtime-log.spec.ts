// One error line: when a run fails inside onnxruntime, onnxruntime logs the failure itself (in
// colour, from native code, on the runtime process's stderr). The CLI must still print exactly its
// one `error[RUNTIME_ERROR]: …` line; onnxruntime's line goes to <data dir>/logs/runtime.log, and to
// stderr as well only with MODELCRATE_DEBUG=1. The real bin, a real runtime process, real ORT.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { beforeAll, describe, expect, it } from 'vitest';
import { packMlpBundle } from '../bench/children/server-bundle';
import { ROOT, runCli } from '../fixtures/cli-run';
import { vi, writeModel } from '../fixtures/onnx-writer';
import { suiteDir } from '../fixtures/tmp';

const ORT_LINE = /\[E:onnxruntime:[^\]]*\] Non-zero status code returned while running Reshape node/;

/** x[n] → Reshape to [3]: loads fine (n is symbolic), fails in the Reshape kernel unless n = 3. */
const badReshape = (dir: string): string =>
  writeModel(join(dir, 'bad-reshape.onnx'), {
    graph: {
      name: 'bad_reshape',
      inputs: [vi('x', 'float32', ['n'])],
      outputs: [vi('y', 'float32', [3])],
      initializers: [{ name: 'shape', dataType: 'int64', dims: [1], int64Data: [3] }],
      nodes: [{ opType: 'Reshape', name: 'reshape', inputs: ['x', 'shape'], outputs: ['y'] }],
    },
  });

describe('a run that fails inside onnxruntime', () => {
  const dir = suiteDir('cli-runtime-log');
  let model: string;
  let inputs: string;
  beforeAll(() => {
    model = badReshape(dir);
    inputs = join(dir, 'inputs.json');
    writeFileSync(inputs, JSON.stringify({ x: { type: 'float32', shape: [4], data: [1, 2, 3, 4] } }));
  });

  it("prints one error line; onnxruntime's own line goes to the debug log", async () => {
    const data = join(dir, 'data');
    const r = await runCli(['predict', model, '--inputs', inputs, '--json'], { env: { MODELCRATE_DATA_DIR: data, MODELCRATE_DEBUG: '' } });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain('\x1b');
    expect(r.stderr).not.toMatch(/\[[VIWEF]:onnxruntime:/);
    const lines = r.stderr.split('\n');
    expect(lines, r.stderr).toHaveLength(2); // one line and its newline
    expect(lines[0]).toMatch(/^error\[RUNTIME_ERROR\]: onnxruntime could not run the model: .*cannot be reshaped/);
    expect(lines[1]).toBe('');

    const log = join(data, 'logs', 'runtime.log');
    expect(existsSync(log)).toBe(true);
    const logged = readFileSync(log, 'utf8');
    expect(logged).not.toContain('\x1b');
    expect(logged.split('\n').filter((l) => ORT_LINE.test(l))).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\d \S+ \[E:onnxruntime:.*Input shape:\{4\}, requested shape:\{3\}$/),
    ]);

    // A second failure appends to the same log.
    await runCli(['predict', model, '--inputs', inputs], { env: { MODELCRATE_DATA_DIR: data, MODELCRATE_DEBUG: '' } });
    expect(
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => ORT_LINE.test(l)),
    ).toHaveLength(2);
  });

  it("shows onnxruntime's lines on stderr too with MODELCRATE_DEBUG=1", async () => {
    const data = join(dir, 'data-debug');
    const r = await runCli(['predict', model, '--inputs', inputs, '--json'], { env: { MODELCRATE_DATA_DIR: data, MODELCRATE_DEBUG: '1' } });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(ORT_LINE);
    expect(r.stderr).toMatch(/^error\[RUNTIME_ERROR\]: onnxruntime could not run the model: /m);
    expect(readFileSync(join(data, 'logs', 'runtime.log'), 'utf8')).toMatch(ORT_LINE);
  });

  it('leaves the log alone when nothing fails', async () => {
    const data = join(dir, 'data-ok');
    const ok = join(dir, 'ok.json');
    writeFileSync(ok, JSON.stringify({ x: { type: 'float32', shape: [3], data: [1, 2, 3] } }));
    const r = await runCli(['predict', model, '--inputs', ok, '--json'], { env: { MODELCRATE_DATA_DIR: data, MODELCRATE_DEBUG: '' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ outputs: { y: { type: 'float32', shape: [3], data: [1, 2, 3] } } });
    expect(existsSync(join(data, 'logs'))).toBe(false);
  });
});

// The inference server runs onnxruntime in a worker thread of its own process: onnxruntime's line
// goes to the server's stderr as it is (nothing in the process can intercept a native write to fd 2),
// while stdout keeps exactly one JSON object per line, the failed request's among them.
describe('the inference server, when a run fails inside onnxruntime', () => {
  const dir = suiteDir('server-runtime-log');

  it("keeps stdout one JSON line per event; onnxruntime's own line is on stderr", async () => {
    const { bundle } = await packMlpBundle(dir, {
      build: badReshape,
      name: 'bad-reshape-bundle',
      samples: [{ name: 'fits', inputs: { x: { shape: [3], data: [1, 2, 3] } } }],
    });
    const child = spawn(process.execPath, [join(ROOT, 'dist/server.mjs'), '--bundle', bundle, '--port', '0', '--host', '127.0.0.1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: string[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    const ready = new Promise<{ url: string; model: string }>((resolve, reject) => {
      let model = '';
      createInterface({ input: child.stdout }).on('line', (line) => {
        stdout.push(line);
        const o = JSON.parse(line) as Record<string, string>;
        if (o.msg === 'bundle verified') model = o.model!;
        if (o.msg === 'listening') resolve({ url: o.url!, model });
      });
      void exited.then((code) => reject(new Error(`server exited ${code}: ${stderr}`)));
    });
    try {
      const { url, model } = await ready;
      while ((await fetch(`${url}/v2/health/ready`)).status !== 200) await new Promise((r) => setTimeout(r, 20));
      const res = await fetch(`${url}/v2/models/${model}/infer`, {
        method: 'POST',
        body: JSON.stringify({ inputs: [{ name: 'x', shape: [4], datatype: 'FP32', data: [1, 2, 3, 4] }] }),
      });
      expect(res.status).toBe(500);
      expect(((await res.json()) as { error: string }).error).toMatch(/RUNTIME_ERROR.*cannot be reshaped/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const events = stdout.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.filter((e) => e.route === '/v2/models/{name}/infer')).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'request',
        status: 500,
        error: expect.stringMatching(/^RUNTIME_ERROR: .*cannot be reshaped/),
      }),
    ]);
    expect(stdout.join('\n')).not.toContain('\x1b');
    expect(stderr).toMatch(ORT_LINE);
  });
});
