// Issue 15's pickle-scan figures: opening a 500 MB checkpoint written by the real torch.save
// (a few big tensors) scans every pickle and builds the tensor table in ≤ 1 s, and never reads a
// byte of a storage (a counting FileSource proves it). Baselines in the same run: reading only the
// zip's central directory, and Python's own pickletools.dis on the same data.pkl.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openFileSource, type FileSource } from '../../core/onnx/file-source';
import { scanPickle } from '../../core/formats/pickle/scan';
import { readTorchZipSync } from '../../core/formats/torch/torch-zip';
import { readZipDirectory, readZipEntry, zipEntryDataOffset } from '../../core/formats/zip/zip-reader';
import { median, result, runChild, type BenchResult } from './harness';

const PYTHON = '/usr/bin/python3';
const TARGET_MS = 1000;
const MB = 1e6;

// Five 100 MB float32 tensors and a few small ones: torch.save's own zip layout, at bench time.
const MAKE = `
import sys, torch, collections
sd = collections.OrderedDict()
for i in range(5):
    sd[f"layers.{i}.weight"] = torch.ones(5000, 5000)
    sd[f"layers.{i}.bias"] = torch.zeros(5000)
sd["head.weight"] = torch.ones(10, 5000, dtype=torch.float16)
torch.save(sd, sys.argv[1])
`;

const DIS = `
import io, json, pickletools, sys, time, zipfile
z = zipfile.ZipFile(sys.argv[1])
name = next(n for n in z.namelist() if n.endswith("/data.pkl"))
data = z.read(name)
times = []
for _ in range(int(sys.argv[2])):
    t = time.perf_counter()
    pickletools.dis(data, out=io.StringIO())
    times.append((time.perf_counter() - t) * 1000)
times.sort()
print(json.dumps({"ms": times[len(times) // 2], "bytes": len(data)}))
`;

function checkpoint(work: string, log: (s: string) => void): string {
  const dir = path.join(work, 'scan');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'checkpoint-500mb.pt');
  if (!existsSync(file) || statSync(file).size < 500 * MB) {
    log('scan: writing a 500 MB checkpoint with torch.save (cached in .bench/scan/)…');
    execFileSync(PYTHON, ['-c', MAKE, file], { stdio: 'inherit' });
  }
  return file;
}

/** A FileSource that records every range read. */
function counting(src: FileSource): { src: FileSource; reads: Array<[number, number]> } {
  const reads: Array<[number, number]> = [];
  return {
    reads,
    src: {
      ...src,
      read(buf, offset, length, position) {
        reads.push([position, position + length]);
        return src.read(buf, offset, length, position);
      },
    },
  };
}

function time<T>(fn: () => T, runs: number): { ms: number; value: T } {
  let value = fn(); // warm: page cache, JIT
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    value = fn();
    all.push(performance.now() - t);
  }
  return { ms: median(all), value };
}

export async function scanBench(work: string, opts: { runs: number; log: (s: string) => void }): Promise<BenchResult[]> {
  const file = checkpoint(work, opts.log);
  const runs = Math.max(opts.runs, 5);
  const src = openFileSource(file);
  try {
    const entries = readZipDirectory(src);
    // Where the storages' bytes are: [data offset, data offset + size) of every <prefix>/data/<key>.
    const storages = entries.filter((e) => /\/data\/\d+$/.test(e.name)).map((e) => [zipEntryDataOffset(src, e), e.compressedSize] as const);
    const storageBytes = storages.reduce((a, [, n]) => a + n, 0);

    const overlap = (reads: Array<[number, number]>) =>
      reads.reduce((sum, [a, b]) => sum + storages.reduce((s, [at, n]) => s + Math.max(0, Math.min(b, at + n) - Math.max(a, at)), 0), 0);

    const dirOnly = time(() => readZipDirectory(src).length, runs);
    // As the studio opens a file: detection lists the directory once, the reader gets it (read-foreign.ts).
    const open = time(() => {
      const c = counting(src);
      const model = readTorchZipSync(c.src, readZipDirectory(c.src));
      return { model, c };
    }, runs);
    const { model, c } = open.value;
    const dirReads = counting(src);
    readZipDirectory(dirReads.src);
    const dirTouched = overlap(dirReads.reads);
    const touched = overlap(c.reads.slice(dirReads.reads.length));
    const readBytes = c.reads.reduce((s, [a, b]) => s + (b - a), 0);
    opts.log(
      `scan: ${model.what}; verdict ${model.scan!.verdict}; ${c.reads.length} reads, ${(readBytes / 1024).toFixed(1)} KiB of ${(src.size / MB).toFixed(0)} MB`,
    );
    if (touched !== 0) throw new Error(`the scan read ${touched} bytes of storage data`);
    if (dirTouched)
      opts.log(`scan: the central-directory search (zip-reader.ts) reads the last 64 KiB, ${dirTouched} B of it the last storage's tail`);

    const pkl = readZipEntry(
      src,
      entries.find((e) => e.name.endsWith('/data.pkl'))!,
      1 << 26,
    );
    const ours = time(() => scanPickle(pkl, 'data.pkl'), runs * 20);
    const py = await runChild<{ ms: number; bytes: number }>(PYTHON, ['-c', DIS, file, String(runs * 20)]);

    return [
      result(
        `scan: ${(src.size / MB).toFixed(0)} MB torch.save checkpoint, directory + scan + tensor table (${model.tensorCount} tensors)`,
        open.ms,
        'ms',
        { name: 'zip central directory only', value: dirOnly.ms },
        { text: `≤ ${TARGET_MS} ms`, met: open.ms <= TARGET_MS },
      ),
      result(`scan: storage bytes the scan reads, of ${(storageBytes / MB).toFixed(0)} MB`, touched, 'B', null, {
        text: '0 B',
        met: touched === 0,
      }),
      result(`scan: data.pkl (${pkl.length} B) disassembly + symbolic scan`, ours.ms, 'ms', {
        name: 'python pickletools.dis',
        value: py.ms,
      }),
    ];
  } finally {
    src.close();
  }
}
