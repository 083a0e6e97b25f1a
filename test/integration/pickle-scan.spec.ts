// The static pickle scan against a corpus made by the real libraries (test/python/pickle_corpus.py):
// every malicious sample (the bypasses from picklescan's and modelscan's trackers included) must be
// judged dangerous with a finding that names the right callable, opcode and offset; every benign
// file (torch.save, torch.jit.save, numpy, joblib, scikit-learn 1.2 pickles) must be safe. The
// disassembler is checked op for op against pickletools.genops, the tensor tables against the
// tensors' own bytes, and a plain scanner (naiveScan) is shown missing what the symbolic scan finds.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ForeignModel } from '../../shared/formats/types';
import { openFileSource } from '../../core/onnx/file-source';
import { disassemble, type PickleArg } from '../../core/formats/pickle/disassemble';
import { naiveScan } from '../../core/formats/pickle/naive-scan';
import { scanPickle } from '../../core/formats/pickle/scan';
import { readPlainPickle } from '../../core/formats/torch/plain-pickle';
import { readTorchZip } from '../../core/formats/torch/torch-zip';
import { readZipDirectory, readZipEntry } from '../../core/formats/zip/zip-reader';
import { buildCorpus, corpusPython, INSTALL_HINT, PY_SCRIPTS, PYTHON, type Corpus, type Sample } from '../fixtures/pickle-corpus/corpus';
import { suiteDir } from '../fixtures/tmp';

const python = corpusPython();
const inCi = process.env.CI === 'true';

/** What a plain scanner misses in this corpus: names from the memo or computed, INST, EXT, joblib's arrays, nested archives. */
const NAIVE_MISSES = [
  'malicious/computed_name_concat_p4.pkl',
  'malicious/computed_name_opaque_p4.pkl',
  'malicious/computed_name_rot13_p4.pkl',
  'malicious/ext2_unregistered_p2.pkl',
  'malicious/inst_os_system_p0.pkl',
  'malicious/inst_popen_p0.pkl',
  'malicious/joblib_evil_object.joblib',
  'malicious/joblib_evil_object_array.joblib',
  'malicious/memo_binget_module_p4.pkl',
  'malicious/memo_binput_memoize_mix_p4.pkl',
  'malicious/memo_out_of_order.pkl',
  'malicious/modelscan85_build_attrs.pkl',
  'malicious/pt2_nested_zip_evil.pt2',
  'malicious/timeit_p4.pkl',
];

async function read(c: Corpus, s: Sample): Promise<ForeignModel> {
  const src = openFileSource(join(c.dir, s.file));
  try {
    return s.reader === 'torch-zip' ? await readTorchZip(src) : await readPlainPickle(src);
  } finally {
    src.close();
  }
}

/** The pickles a plain scanner would look at: the file, or a zip's top-level .pkl entries. */
function naiveVerdict(c: Corpus, s: Sample): string {
  const path = join(c.dir, s.file);
  if (s.reader !== 'torch-zip') return naiveScan(readFileSync(path)).verdict;
  const src = openFileSource(path);
  try {
    const entries = readZipDirectory(src);
    // The same archive context as ours: TorchScript's data.pkl names its own __torch__ classes.
    const torchscript = entries.some((e) => /\/code\/.+\.py$/.test(e.name));
    const verdicts = entries
      .filter((e) => e.name.endsWith('.pkl'))
      .map((e) => naiveScan(readZipEntry(src, e, 1 << 30), { torchscript }).verdict);
    return verdicts.includes('dangerous') ? 'dangerous' : verdicts.includes('unknown') ? 'unknown' : 'safe';
  } finally {
    src.close();
  }
}

type PyArg = null | boolean | string | { int: string } | { float: string } | { len: number; head: string } | { other: string };

/** Our argument in the genops dump's JSON form. */
function normalise(op: string, arg: PickleArg): PyArg {
  if (arg === null || typeof arg === 'boolean' || typeof arg === 'string') return arg;
  if (typeof arg === 'bigint') return { int: arg.toString() };
  if (typeof arg === 'number') {
    if (op === 'FLOAT' || op === 'BINFLOAT') {
      return { float: Number.isFinite(arg) ? String(arg) : arg > 0 ? 'inf' : arg < 0 ? '-inf' : 'nan' };
    }
    return { int: String(arg) };
  }
  if (Array.isArray(arg)) return `${arg[0]} ${arg[1]}`;
  const a = arg as Exclude<PickleArg, null | boolean | string | number | bigint | readonly [string, string]>;
  if (a.kind === 'bytes') return { len: a.length, head: a.data!.subarray(0, 32).toString('hex') };
  return { other: `text of ${a.length}` };
}

function sameFloat(py: string, ours: string): boolean {
  return py === ours || Number(py) === Number(ours);
}

if (!python.ok && !inCi) {
  describe.skip(`pickle scan corpus (needs ${PYTHON} with torch, sklearn, joblib: ${INSTALL_HINT})`, () => {
    it('skipped', () => {});
  });
  console.warn(`pickle-scan skipped: ${PYTHON} cannot import torch/sklearn/joblib (${python.why}). Install: ${INSTALL_HINT}`);
} else {
  describe('pickle scan corpus', () => {
    let c: Corpus;
    const models = new Map<string, ForeignModel>();
    const tmp = suiteDir('pickle-scan');

    beforeAll(async () => {
      expect(python.ok, `${PYTHON} cannot import torch/sklearn/joblib (${python.why}); install: ${INSTALL_HINT}`).toBe(true);
      c = buildCorpus();
      for (const s of c.samples) models.set(s.file, await read(c, s));
    }, 300_000);

    it('has at least 40 malicious and 40 benign samples, made by torch 1.13 and scikit-learn 1.2', () => {
      expect(c.samples.filter((s) => s.kind === 'malicious').length).toBeGreaterThanOrEqual(40);
      expect(c.samples.filter((s) => s.kind === 'benign').length).toBeGreaterThanOrEqual(40);
      expect(c.torch).toMatch(/^1\.13/);
      expect(c.sklearn).toMatch(/^1\.2/);
    });

    it('judges every malicious sample dangerous, naming the callable, opcode and offset', () => {
      const missed: string[] = [];
      for (const s of c.samples.filter((x) => x.kind === 'malicious')) {
        const scan = models.get(s.file)!.scan!;
        if (scan.verdict !== 'dangerous') missed.push(`${s.file}: ${scan.verdict}`);
        expect(s.expect.length, s.file).toBeGreaterThan(0);
        for (const e of s.expect) {
          const hit = scan.findings.find((f) => f.call === e.call && f.opcode === e.opcode && (e.offset === null || f.offset === e.offset));
          expect(
            hit,
            `${s.file}: no finding ${JSON.stringify(e)} among ${JSON.stringify(scan.findings.map((f) => [f.call, f.opcode, f.offset]))}`,
          ).toBeTruthy();
          expect(hit!.why.length).toBeGreaterThan(20);
        }
      }
      expect(missed).toEqual([]);
    });

    it('shows the statically known arguments of a dangerous call (the shell command)', () => {
      const f = models.get('malicious/os_system_p2.pkl')!.scan!.findings[0]!;
      expect(f).toMatchObject({ call: 'posix.system', opcode: 'GLOBAL', offset: 2, args: "'echo pwned'", severity: 'dangerous' });
      const chain = models.get('malicious/getattr_import_chain_p4.pkl')!.scan!.findings.find((x) => x.call === 'os.system')!;
      expect(chain.args).toBe("'id'");
      const nested = models.get('malicious/nested_pickle_loads_p4.pkl')!.scan!.findings;
      expect(nested.find((x) => x.call === 'posix.system')?.pickle).toMatch(/› _pickle\.loads argument at \d+/);
      const inZip = models.get('malicious/pt2_nested_zip_evil.pt2')!.scan!.findings[0]!;
      expect(inZip.pickle).toBe('model/serialized_state_dict.pt › archive/data.pkl');
    });

    it('reports a truncated pickle as unknown at its offset, keeping the dangerous import before the cut', () => {
      const scan = models.get('malicious/truncated_p2.pkl')!.scan!;
      expect(scan.verdict).toBe('dangerous');
      const cut = scan.findings.find((f) => f.opcode === 'TRUNCATED')!;
      expect(cut.severity).toBe('unknown');
      expect(cut.why).toMatch(/^unknown: the pickle is malformed at offset \d+/);
    });

    it('judges every benign file safe, scikit-learn estimators included', () => {
      const flagged = c.samples
        .filter((s) => s.kind === 'benign')
        .filter((s) => models.get(s.file)!.scan!.verdict !== 'safe')
        .map((s) => `${s.file}: ${JSON.stringify(models.get(s.file)!.scan!.findings.slice(0, 3))}`);
      expect(flagged).toEqual([]);
      const sk = c.samples.filter((s) => s.file.includes('sklearn_') && s.kind === 'benign');
      expect(sk.length).toBe(13);
      for (const s of sk) expect(models.get(s.file)!.scan!.summary).toMatch(/^Safe: .*scikit-learn estimators/);
    });

    it('gives scanPickle the same verdict as the reader for every plain pickle', () => {
      for (const s of c.samples.filter((x) => x.reader === 'pickle' && !x.file.includes('load_from_bytes'))) {
        const r = scanPickle(readFileSync(join(c.dir, s.file)), s.file);
        const v = r.findings.some((f) => f.severity === 'dangerous') ? 'dangerous' : r.findings.length ? 'unknown' : 'safe';
        expect(v, s.file).toBe(models.get(s.file)!.scan!.verdict);
      }
    });

    it('finds what a plain scanner misses, and the plain scanner misses exactly these', () => {
      const rows = c.samples.map((s) => ({
        file: s.file,
        kind: s.kind,
        ours: models.get(s.file)!.scan!.verdict,
        naive: naiveVerdict(c, s),
      }));
      const mal = rows.filter((r) => r.kind === 'malicious');
      const ben = rows.filter((r) => r.kind === 'benign');
      const misses = mal.filter((r) => r.naive !== 'dangerous').map((r) => r.file);
      const table = [
        'scanner     malicious detected   benign flagged (dangerous or unknown)',
        `symbolic    ${mal.filter((r) => r.ours === 'dangerous').length}/${mal.length}                ${ben.filter((r) => r.ours !== 'safe').length}/${ben.length}`,
        `naive       ${mal.length - misses.length}/${mal.length}                ${ben.filter((r) => r.naive !== 'safe').length}/${ben.length}`,
        'naive misses:',
        ...mal.filter((r) => r.naive !== 'dangerous').map((r) => `  ${r.file} (naive: ${r.naive})`),
      ];
      console.log(table.join('\n'));
      expect(misses.sort()).toEqual(NAIVE_MISSES);
      expect(ben.filter((r) => r.naive !== 'safe')).toEqual([]);
    });

    it('disassembles every pickle op for op as pickletools.genops does', () => {
      // Files genops can walk end to end (not joblib's or legacy torch's raw bytes, not the cut one), and the zips' pickles.
      const files = c.samples
        .filter((s) => s.reader === 'pickle' && !/\.joblib$|legacy|truncated/.test(s.file))
        .map((s) => join(c.dir, s.file));
      for (const s of c.samples.filter((x) => x.reader === 'torch-zip' && x.kind === 'benign')) {
        const src = openFileSource(join(c.dir, s.file));
        for (const e of readZipDirectory(src).filter((x) => /\.(pkl|debug_pkl)$/.test(x.name))) {
          const out = join(tmp, `${s.file.replace(/\W/g, '_')}_${e.name.replace(/\W/g, '_')}`);
          writeFileSync(out, readZipEntry(src, e, 1 << 26));
          files.push(out);
        }
        src.close();
      }
      expect(files.length).toBeGreaterThan(100);
      const py = JSON.parse(
        execFileSync(PYTHON, [join(PY_SCRIPTS, 'pickle_corpus_genops.py'), ...files], { encoding: 'utf8', maxBuffer: 256 << 20 }),
      ) as Record<string, Array<{ op: string; pos: number; arg: PyArg }>>;
      let compared = 0;
      for (const f of files) {
        const ours = disassemble(readFileSync(f));
        const theirs = py[f]!;
        expect(ours.length, f).toBe(theirs.length);
        ours.forEach((o, i) => {
          const t = theirs[i]!;
          const n = normalise(o.op, o.arg);
          expect([o.op, o.offset], `${f} op ${i}`).toEqual([t.op, t.pos]);
          if (t.arg && typeof t.arg === 'object' && 'float' in t.arg)
            expect(sameFloat(t.arg.float, (n as { float: string }).float), `${f} @${o.offset}`).toBe(true);
          else expect(n, `${f} @${o.offset} ${o.op}`).toEqual(t.arg);
          compared++;
        });
      }
      console.log(`disassembler: ${compared} opcodes in ${files.length} pickles identical to pickletools.genops`);
    });

    it('recovers tensor names, dtypes, shapes and file offsets that hold exactly the tensors’ bytes', () => {
      let checked = 0;
      for (const s of c.samples.filter((x) => x.tensors)) {
        const m = models.get(s.file)!;
        const file = readFileSync(join(c.dir, s.file));
        for (const want of s.tensors!) {
          const t = m.tensors.find((x) => x.name === want.name);
          expect(t, `${s.file}: ${want.name} in ${m.tensors.map((x) => x.name).join(', ')}`).toBeTruthy();
          expect(t!.shape, `${s.file} ${want.name}`).toEqual(want.shape);
          expect(t!.bytes).toBe(want.bytes);
          if (want.dtype) expect(t!.dtype).toBe(want.dtype);
          expect(t!.offset, `${s.file} ${want.name} offset`).toBeTypeOf('number');
          const bytes = file.subarray(t!.offset!, t!.offset! + want.bytes);
          expect(createHash('sha256').update(bytes).digest('hex'), `${s.file} ${want.name} bytes`).toBe(want.sha256);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(80);
    });

    it('tells PyTorch checkpoints, TorchScript archives, legacy files and joblib dumps apart, in plain words', () => {
      const mlp = models.get('benign/mlp_state_dict.pt')!;
      expect(mlp.format).toBe('pytorch');
      expect(mlp.what).toBe('A PyTorch checkpoint (torch.save zip archive): 4 tensors, 2.6 KB, 676 parameters, float32, state_dict');
      expect(mlp.files!.find((f) => f.name.endsWith('data.pkl'))?.kind).toBe('pickle');
      expect(mlp.scan!.summary).toMatch(/^Safe: 1 pickle imports only callables known to rebuild data/);
      const ts = models.get('benign/mlp_torchscript.pt')!;
      expect(ts.format).toBe('torchscript');
      expect(ts.what).toMatch(/^A TorchScript archive \(torch\.jit\.save\): 4 tensors, .*module __torch__\.MLP, \d+ code files$/);
      expect(ts.sections.find((x) => x.title === 'TorchScript code')!.rows.length).toBeGreaterThan(0);
      expect(ts.scan!.pickles.length).toBeGreaterThan(2); // data.pkl, constants.pkl, the code's debug_pkl files
      expect(models.get('malicious/pt2_nested_zip_evil.pt2')!.format).toBe('torch-export');
      const legacy = models.get('benign/mlp_state_dict_legacy.pt')!;
      expect([legacy.format, legacy.what]).toEqual([
        'pickle',
        'A PyTorch checkpoint (legacy torch.save format): 4 tensors, 2.6 KB, 676 parameters, float32, state_dict',
      ]);
      expect(models.get('benign/arrays.joblib')!.format).toBe('joblib');
      expect(models.get('benign/sklearn_logistic_regression_p4.pkl')!.what).toMatch(
        /^A Python pickle \(protocol 4\): 4 arrays, .*sklearn\.linear_model\._logistic\.LogisticRegression object$/,
      );
      const bad = models.get('malicious/torch_zip_evil_data_pkl.pt')!.scan!;
      expect(bad.summary).toMatch(/^Dangerous: 1 pickle of 1 would call posix\.system when loaded/);
    });
  });
}
