// The Python modules a conversion script imports, where to get each (Debian packages torch,
// scikit-learn, numpy and onnx; tensorflow, tf2onnx and skl2onnx come from pip only), and the
// lines a user runs to install what is missing.
import type { PythonRequirement } from '../../shared/formats/convert-types';

const CATALOG: Record<string, Omit<PythonRequirement, 'module' | 'min'>> = {
  numpy: { pip: 'numpy', debian: 'python3-numpy' },
  onnx: { pip: 'onnx', debian: 'python3-onnx' },
  torch: { pip: 'torch', debian: 'python3-torch' },
  sklearn: { pip: 'scikit-learn', debian: 'python3-sklearn' },
  joblib: { pip: 'joblib', debian: 'python3-joblib' },
  skl2onnx: { pip: 'skl2onnx', debian: null },
  tensorflow: { pip: 'tensorflow', debian: null },
  tf2onnx: { pip: 'tf2onnx', debian: null },
};

export function requirement(module: keyof typeof CATALOG & string, min?: string): PythonRequirement {
  const entry = CATALOG[module];
  if (!entry) throw new Error(`no catalog entry for Python module ${module}`);
  return min ? { module, min, ...entry } : { module, ...entry };
}

/** "1.13.0a0+git" → [1, 13, 0]: the leading numeric parts only. */
export function versionParts(v: string): number[] {
  const m = /^(\d+(?:\.\d+)*)/.exec(v.trim());
  return m ? m[1]!.split('.').map(Number) : [];
}

/** True when `have` is at least `min` (pre-release tags are ignored: 2.1.0a0 counts as 2.1.0). */
export function versionAtLeast(have: string, min: string): boolean {
  const a = versionParts(have);
  const b = versionParts(min);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/** What `frameworks` lacks: a module that does not import, or one older than its minimum. */
export function unmet(reqs: PythonRequirement[], frameworks: Record<string, string | null>): PythonRequirement[] {
  return reqs.filter((r) => {
    const v = frameworks[r.module];
    return v == null || (r.min !== undefined && !versionAtLeast(v, r.min));
  });
}

const pipSpec = (r: PythonRequirement) => (r.min ? `"${r.pip}>=${r.min}"` : r.pip);

/**
 * Install lines for `reqs`: Debian's packages where they serve the framework (with pip under
 * ~/.local for what Debian lacks), and pip alone in a virtual environment. Debian's own python
 * refuses a plain `pip install` (PEP 668), hence --user --break-system-packages, or the venv.
 */
export function installLines(reqs: PythonRequirement[]): string[] {
  if (reqs.length === 0) return [];
  const lines: string[] = [];
  // A minimum version Debian does not meet (torch >= 2.1 vs bookworm's 1.13) is pip's job.
  const fromDebian = reqs.filter((r) => r.debian && !r.min);
  const pipOnly = reqs.filter((r) => !r.debian || r.min);
  // numpy alone from apt is no help when the framework itself must come from pip.
  if (fromDebian.some((r) => r.module !== 'numpy')) {
    lines.push('# Debian / Ubuntu:');
    lines.push(`sudo apt-get install -y ${fromDebian.map((r) => r.debian).join(' ')}${pipOnly.length > 0 ? ' python3-pip' : ''}`);
    if (pipOnly.length > 0) {
      lines.push(`# ${pipOnly.map(whyPip).join('; ')}: pip installs ${pipOnly.length === 1 ? 'it' : 'them'} under ~/.local`);
      lines.push(`python3 -m pip install --user --break-system-packages ${pipOnly.map(pipSpec).join(' ')}`);
    }
    lines.push('# or with pip only, in a virtual environment:');
  } else {
    lines.push(`# with pip, in a virtual environment (${pipOnly.map(whyPip).join('; ')}):`);
  }
  lines.push('python3 -m venv ~/.modelcrate-python   # Debian / Ubuntu: sudo apt-get install -y python3-venv first');
  lines.push(`~/.modelcrate-python/bin/pip install ${reqs.map(pipSpec).join(' ')}`);
  lines.push('# then set the Python setting (or --python) to ~/.modelcrate-python/bin/python');
  return lines;
}

const whyPip = (r: PythonRequirement) =>
  r.debian ? `${r.module} ${r.min} or newer is newer than Debian's ${r.debian}` : `Debian does not package ${r.pip}`;

/** One line for an error hint: the Debian package when it serves, else pip. */
export function installHint(missing: PythonRequirement[]): string {
  const debian = missing.every((r) => r.debian && !r.min);
  // Python itself (when none runs) is in the apt line only: pip cannot install it.
  const pip = missing.filter((r) => r.module !== 'python3').map(pipSpec);
  if (debian) return `sudo apt-get install -y ${missing.map((r) => r.debian).join(' ')} (Debian/Ubuntu), or pip install ${pip.join(' ')}`;
  const python = missing.some((r) => r.module === 'python3')
    ? 'Python 3 (sudo apt-get install -y python3 python3-pip on Debian/Ubuntu), then '
    : '';
  return `${python}pip install ${pip.join(' ')}`;
}
