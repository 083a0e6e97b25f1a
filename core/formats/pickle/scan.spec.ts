// The scanner on hand-made and hostile bytes: exact argument decoding, malformed input as an
// "unknown" finding (never a throw), lengths checked before anything is allocated, big byte
// strings skipped unread when scanning a file, and the allow-list's edge decisions.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileSource, type FileSource } from '../../onnx/file-source';
import { judge } from './allow-list';
import { disassemble } from './disassemble';
import { scanPickle, scanPickleSource, scanReport } from './scan';

const dir = mkdtempSync(join(tmpdir(), 'mc-pickle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const b = (...parts: Array<string | number[] | Buffer>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const u32 = (n: number) => {
  const x = Buffer.alloc(4);
  x.writeUInt32LE(n);
  return x;
};
const u64 = (n: bigint) => {
  const x = Buffer.alloc(8);
  x.writeBigUInt64LE(n);
  return x;
};

function verdict(bytes: Buffer) {
  return scanReport([scanPickle(bytes, 'x.pkl')]);
}

describe('disassemble', () => {
  it('decodes arguments as the unpickler reads them', () => {
    const ops = disassemble(
      b(
        [0x80, 2],
        [0x8a, 2, 0x00, 0x80], // LONG1 -32768
        'G',
        [0x3f, 0xf8, 0, 0, 0, 0, 0, 0], // BINFLOAT 1.5 (big-endian)
        "S'a\\x41\\n\\101'\n", // STRING with escapes
        'Vx\\u263a\\\\u0041\n', // UNICODE: one escape, one escaped backslash
        'cos.path\njoin\\x\n', // GLOBAL lines are raw (pickletools would fail on the \x escape; the unpickler does not unescape)
        'I01\n',
        'L12345678901234567890L\n',
        '.',
      ),
    );
    expect(ops.map((o) => [o.op, o.offset])).toEqual([
      ['PROTO', 0],
      ['LONG1', 2],
      ['BINFLOAT', 6],
      ['STRING', 15],
      ['UNICODE', 30],
      ['GLOBAL', 46],
      ['INT', 62],
      ['LONG', 66],
      ['STOP', 89],
    ]);
    expect(ops.map((o) => o.arg)).toEqual([
      2,
      -32768,
      1.5,
      'aA\nA',
      'x☺\\\\u0041',
      ['os.path', 'join\\x'],
      true,
      12345678901234567890n,
      null,
    ]);
  });
});

describe('scanPickle on malformed and hostile input', () => {
  it('reports a length past the end as a truncated pickle, allocating nothing', () => {
    for (const bad of [
      b([0x80, 4], [0x8e], u64(1n << 62n)), // BINBYTES8 of 4 EiB
      b([0x80, 4], 'X', u32(0xffffffff)), // BINUNICODE of 4 GiB
      b([0x80, 4], [0x96], u64(0xffffffffffffffffn)), // BYTEARRAY8, the largest length
      b([0x80, 2], [0x8b], u32(0x7fffffff)), // LONG4 of 2 GiB
    ]) {
      const t = performance.now();
      const r = verdict(bad);
      expect(performance.now() - t).toBeLessThan(50);
      expect(r.verdict).toBe('unknown');
      expect(r.findings[0]!.why).toMatch(/^unknown: the pickle is malformed at offset 2/);
    }
  });

  it('names the offset of an unknown opcode, a stack underflow, a memo read before write', () => {
    expect(verdict(b([0x80, 2], 'N', [0xff], '.')).findings[0]).toMatchObject({ opcode: 'MALFORMED', offset: 3 });
    expect(verdict(b([0x80, 2], 'R', '.')).findings[0]).toMatchObject({ opcode: 'MALFORMED', offset: 2 });
    expect(verdict(b([0x80, 2], 'h', [7], '.')).findings[0]!.why).toMatch(/offset 2 \(BINGET reads memo key 7, which was never written\)/);
    expect(verdict(b([0x80, 2], 'N')).findings[0]).toMatchObject({ opcode: 'TRUNCATED', offset: 3 });
    expect(verdict(Buffer.alloc(0)).verdict).toBe('unknown');
  });

  it('stays bounded on a million MARKs and on random bytes', () => {
    const t = performance.now();
    expect(verdict(b([0x80, 2], Buffer.alloc(1_000_000, 0x28), '.')).verdict).toBe('unknown');
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * 256;
    const base = b([0x80, 4], [0x8c, 5], 'numpy', [0x8c, 7], 'ndarray', [0x93, 0x29, 0x52, 0x2e]);
    for (let i = 0; i < 3000; i++) {
      const x = Buffer.from(base);
      for (let k = 0; k < 3; k++) x[Math.floor((rand() / 256) * x.length)] = Math.floor(rand());
      const r = verdict(x);
      expect(['safe', 'unknown', 'dangerous']).toContain(r.verdict);
    }
    expect(performance.now() - t).toBeLessThan(10_000);
  });

  it('skips a byte string larger than the window unread when scanning a file', () => {
    const big = 40 << 20;
    const path = join(dir, 'big.pkl');
    writeFileSync(path, b([0x80, 4], [0x8e], u64(BigInt(big)), Buffer.alloc(big), 'cposix\nsystem\n', '0', '.'));
    const real = openFileSource(path);
    let read = 0;
    const counted: FileSource = { ...real, read: (buf, off, len, pos) => ((read += len), real.read(buf, off, len, pos)) };
    const s = scanPickleSource(counted);
    real.close();
    expect(s.findings.map((f) => [f.call, f.offset])).toEqual([['posix.system', 11 + big]]);
    expect(read).toBeLessThan(4 << 20);
  });
});

describe('allow-list decisions', () => {
  it('allows known estimator classes under any sklearn module, not other sklearn names', () => {
    expect(judge('sklearn.linear_model._logistic', 'LogisticRegression').severity).toBe('safe');
    expect(judge('sklearn.some.future.path', 'RandomForestClassifier').severity).toBe('safe');
    expect(judge('sklearn.utils', 'load_something').severity).toBe('unknown');
    expect(judge('sklearn.linear_model', 'LogisticRegression.__init__.__globals__').severity).toBe('dangerous');
  });
  it('allows __torch__ classes only inside a TorchScript archive', () => {
    expect(judge('__torch__', 'Net').severity).toBe('unknown');
    expect(judge('__torch__', 'Net', { torchscript: true }).severity).toBe('safe');
  });
  it('denies a dotted name that reaches a denied module through an allowed one', () => {
    expect(judge('numpy', 'core._internal.sys.modules')).toMatchObject({ severity: 'dangerous' });
    expect(judge('torch._utils', '_rebuild_tensor_v2').severity).toBe('safe');
    expect(judge('torch.storage', '_load_from_bytes').why).toMatch(/calls torch\.load/);
  });
});
