import { describe, expect, it } from 'vitest';
import { installHint, installLines, requirement, unmet, versionAtLeast } from './requirements';

describe('python requirements', () => {
  it('compares versions by their numeric parts, as distributions spell them', () => {
    expect(versionAtLeast('1.13.0a0+git', '2.1')).toBe(false);
    expect(versionAtLeast('2.1.0', '2.1')).toBe(true);
    expect(versionAtLeast('2.10.1', '2.9')).toBe(true);
    expect(versionAtLeast('2', '2.0.0')).toBe(true);
  });

  it('a module is unmet when it does not import or is older than its minimum', () => {
    const reqs = [requirement('numpy'), requirement('torch', '2.1')];
    expect(unmet(reqs, { numpy: '1.24.2', torch: '2.3.0' })).toEqual([]);
    expect(unmet(reqs, { numpy: null, torch: '1.13.0a0' }).map((r) => r.module)).toEqual(['numpy', 'torch']);
  });

  it('install lines: Debian packages where they serve, pip for the rest, and a pip-only venv route', () => {
    const torch = installLines([requirement('numpy'), requirement('torch')]);
    expect(torch).toContain('sudo apt-get install -y python3-numpy python3-torch');
    expect(torch).toContain('~/.modelcrate-python/bin/pip install numpy torch');
    const tf = installLines([requirement('numpy'), requirement('tensorflow'), requirement('tf2onnx')]);
    expect(tf.some((l) => l.includes('apt-get install -y python3-numpy'))).toBe(false);
    expect(tf).toContain('~/.modelcrate-python/bin/pip install numpy tensorflow tf2onnx');
    expect(installHint([requirement('torch')])).toBe('sudo apt-get install -y python3-torch (Debian/Ubuntu), or pip install torch');
    expect(installHint([requirement('torch', '2.1')])).toBe('pip install "torch>=2.1"');
  });
});
