// Cross-check: the reader's `inspect --json` projection must equal what the official python
// `onnx` package computes for the same file (test/python/dump_summary.py), for every writer
// fixture (plain and oddly encoded) and for models built by onnx.helper itself. onnx.checker must
// also accept every valid writer fixture, so the fixtures are real ONNX, not just what we parse.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { toInspectJson } from '../../shared/model-summary';
import type { InspectJson } from '../../shared/model-summary';
import { readModelSummary } from '../../core/onnx/reader';
import { externalData } from '../fixtures/external-models';
import { VALID_FIXTURES } from '../fixtures/models';
import { suiteDir } from '../fixtures/tmp';

const PYTHON = '/usr/bin/python3'; // the python3 first on PATH may be another interpreter without onnx
const HERE = fileURLToPath(new URL('.', import.meta.url));
const SCRIPTS = join(HERE, '..', 'python');
const INSTALL = 'apt-get install -y python3-onnx';

const probe = spawnSync(PYTHON, ['-c', 'import onnx, numpy; print(onnx.__version__)'], { encoding: 'utf8' });
const hasOnnx = probe.status === 0;
const inCi = process.env.CI === 'true';

interface PyResult {
  path: string;
  summary: InspectJson;
  check: string | null;
}

if (!hasOnnx && !inCi) {
  describe.skip(`onnx python cross-check (needs ${PYTHON} with onnx: ${INSTALL})`, () => {
    it('skipped', () => {});
  });
  console.warn(`onnx-python-crosscheck skipped: ${PYTHON} with the onnx package is missing. Install it with: ${INSTALL}`);
} else {
  describe('onnx python cross-check', () => {
    it('python with onnx is available', () => {
      // In CI a missing toolchain must fail loudly rather than silently skip the cross-check.
      expect(hasOnnx, `${PYTHON} cannot import onnx (${probe.error?.message ?? probe.stderr?.trim()}); install it with: ${INSTALL}`).toBe(
        true,
      );
    });
    if (!hasOnnx) return;

    const dir = suiteDir('pycheck');
    const writer: Array<[string, string]> = [];
    const python: Array<[string, string]> = [];
    const results = new Map<string, PyResult>();

    beforeAll(() => {
      for (const f of VALID_FIXTURES) {
        writer.push([f.name, f.build(dir)]);
        writer.push([`${f.name} (reordered, split, unpacked)`, f.build(dir, { shuffle: true, splitPacked: true, unpacked: true })]);
      }
      writer.push(['externalData', externalData(dir, 'ok')]);
      const built = JSON.parse(execFileSync(PYTHON, [join(SCRIPTS, 'build_models.py'), join(dir, 'py')], { encoding: 'utf8' })) as string[];
      for (const p of built) python.push([p.slice(dir.length + 4), p]);
      const paths = [...writer, ...python].map(([, p]) => p);
      const out = execFileSync(PYTHON, [join(SCRIPTS, 'dump_summary.py'), '--check', ...paths], { encoding: 'utf8', maxBuffer: 64 << 20 });
      for (const r of JSON.parse(out) as PyResult[]) results.set(r.path, r);
    }, 120_000);

    const compare = async (path: string) => {
      const py = results.get(path);
      expect(py, `python gave no result for ${path}`).toBeDefined();
      const ours = toInspectJson(await readModelSummary(path));
      expect(ours).toEqual(py!.summary);
      return py!;
    };

    it('every writer fixture matches python and passes onnx.checker', async () => {
      expect(writer.length).toBe(VALID_FIXTURES.length * 2 + 1);
      for (const [name, path] of writer) {
        const py = await compare(path).catch((e: Error) => {
          throw new Error(`${name}: ${e.message}`);
        });
        expect(py.check, `onnx.checker on ${name}`).toBe('ok');
      }
    });

    for (const name of ['cnn.onnx', 'control_flow.onnx', 'metadata_strings.onnx', 'types.onnx', 'external/external.onnx']) {
      it(`onnx.helper model ${name} matches python`, async () => {
        const entry = python.find(([n]) => n === name);
        expect(entry, `build_models.py did not build ${name}`).toBeDefined();
        const py = await compare(entry![1]);
        expect(py.check).toBe('ok');
      });
    }

    it('the python models exercise what they claim', async () => {
      const get = (n: string) => results.get(python.find(([k]) => k === n)![1])!.summary;
      expect(get('cnn.onnx').graph.opHistogram).toMatchObject({ Conv: 2, BatchNormalization: 1, MaxPool: 1, Gemm: 1, Add: 1 });
      expect(get('external/external.onnx').externalData).toEqual([{ location: 'external.onnx.data', bytes: 8320 }]);
      expect(get('types.onnx').inputs.map((i) => i.type)).toEqual(['seq(float32[?,4])', 'optional(int64[K])', 'map(string,float64[])']);
      expect(get('metadata_strings.onnx').graph.opHistogram).toMatchObject({ 'com.example:Tokenize': 1 });
      const s = await readModelSummary(python.find(([k]) => k === 'control_flow.onnx')![1]);
      expect(s.stats.nested).toMatchObject({ graphCount: 3, initializerCount: 1 });
    });
  });
}
