// `modelcrate inspect` and `scan` on model files of other formats, as CI scripts run them: the real
// bin on files written by the real libraries (torch via make_foreign_models.py) or by the formats'
// spec-following writers (GGUF), with the exit codes the CLI promises.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCliSync as cli } from '../fixtures/cli-run';
import { llamaKvs, writeGguf } from '../fixtures/gguf-writer';
import { mlp } from '../fixtures/models';
import { text } from '../fixtures/malformed';
import { PYTHON, PYTHON_SCRIPTS } from '../fixtures/python-run';
import { suiteDir } from '../fixtures/tmp';

const dir = suiteDir('cli-formats');
let files: Record<'checkpoint' | 'torchscript' | 'safetensors', string>;

describe('modelcrate inspect / scan on other formats', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-node.mjs')], { cwd: ROOT, stdio: 'inherit' });
    // Fails (not skips) without torch: apt-get install -y python3-torch (.ci/run installs it).
    files = JSON.parse(execFileSync(PYTHON, [join(PYTHON_SCRIPTS, 'make_foreign_models.py'), join(dir, 'py')], { encoding: 'utf8' }));
  }, 120_000);

  it('inspect --json names the format and lists a safetensors file’s tensors without reading them', () => {
    const r = cli('inspect', files.safetensors, '--json');
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.format).toBe('safetensors');
    expect(m.what).toMatch(/^safetensors weights \(no graph\): 4 tensors/);
    expect(m.metadata).toEqual({ format: 'pt', source: 'make_foreign_models.py' });
    expect(m.tensors.map((t: { name: string; shape: number[] }) => [t.name, t.shape])).toEqual([
      ['conv.weight', [4, 3, 3, 3]],
      ['conv.bias', [4]],
      ['fc.weight', [5, 256]],
      ['fc.bias', [5]],
    ]);
    expect(m.parameters).toBe(4 * 27 + 4 + 5 * 256 + 5);
  });

  it('inspect reads a GGUF model’s key/values and quantization', () => {
    const path = writeGguf(join(dir, 'tiny.gguf'), {
      kvs: llamaKvs(1, 100),
      tensors: [
        { name: 'token_embd.weight', type: 'Q4_0', ne: [64, 100] },
        { name: 'output_norm.weight', type: 'F32', ne: [64] },
      ],
    });
    const r = cli('inspect', path, '--json');
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.format).toBe('gguf');
    expect(m.metadata['general.architecture']).toBe('llama');
    expect(m.metadata['llama.context_length']).toBe('4096');
    expect(m.tensors.map((t: { name: string; dtype: string }) => `${t.name}:${t.dtype}`)).toEqual([
      'token_embd.weight:Q4_0',
      'output_norm.weight:F32',
    ]);
    const human = cli('inspect', path);
    expect(human.stdout).toMatch(/GGUF model for llama\.cpp: llama/);
  });

  it('inspect --json on ONNX carries format "onnx"', () => {
    const r = cli('inspect', mlp(dir), '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'onnx', inputs: [{ name: 'x' }] });
  });

  it('scan: formats without code are safe (exit 0); unreadable files exit 2 with one error line', () => {
    for (const f of [files.safetensors, mlp(dir)]) {
      const r = cli('scan', f, '--json');
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'safe', findings: [] });
    }
    const bad = cli('scan', text(dir));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error\[NOT_ONNX\]: .*text file/);
  });

  it('scan exits 1 on a pickle that runs a command, naming the call, its opcode offset and argument', () => {
    const evil = join(dir, 'evil.pkl');
    writeFileSync(evil, "cos\nsystem\n(S'rm -rf ~'\ntR.", 'latin1');
    const r = cli('scan', evil, '--json');
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      format: 'pickle',
      verdict: 'dangerous',
      findings: [{ severity: 'dangerous', call: 'os.system', opcode: 'GLOBAL', offset: 0, args: expect.stringContaining('rm -rf ~') }],
    });
    // convert refuses it before any Python starts: no file is written.
    const out = join(dir, 'evil.onnx');
    const c = cli('convert', evil, '--out', out);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/^error\[UNSAFE_PICKLE\]: evil\.pkl was not converted/);
    expect(existsSync(out)).toBe(false);
  });

  it('convert turns a TorchScript file into ONNX with the local torch and checks parity (exit 0); the result opens as ONNX', () => {
    const out = join(dir, 'net.onnx');
    const missing = cli('convert', files.torchscript, '--out', out);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error\[INVALID_REQUEST\]: A TorchScript archive does not record its input shapes/);
    const r = cli('convert', files.torchscript, '--out', out, '--input', 'image:float32:1x3x8x8', '--json');
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ out, converter: 'torch.onnx.export', inputNames: ['image'], parity: { passed: true, samples: 3 } });
    expect(result.parity.rows[0].maxAbsDiff).toBeLessThan(1e-4);
    const onnx = JSON.parse(cli('inspect', out, '--json').stdout);
    expect(onnx).toMatchObject({ format: 'onnx', inputs: [{ name: 'image', shape: ['batch', 3, 8, 8] }] });
    // An existing file is kept unless --force.
    const again = cli('convert', files.torchscript, '--out', out, '--input', 'image:float32:1x3x8x8');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/FILE_EXISTS/);
  }, 120_000);

  it('convert --dry-run prints the exact script and runs nothing; a state_dict gets the code to export it with its class', () => {
    const plan = cli('convert', files.torchscript, '--dry-run', '--json', '--input', 'x:float32:1x3x8x8');
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({
      ready: true,
      converter: 'torch.onnx.export',
      script: expect.stringContaining('torch.jit.load'),
    });
    const state = cli('convert', files.checkpoint);
    expect(state.code).toBe(2);
    expect(state.stderr).toMatch(/^error\[CONVERT_FAILED\]: A PyTorch checkpoint holds weights/);
    expect(state.stderr).toContain('model.load_state_dict(state)');
  });
});
