import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileSource } from '../../onnx/file-source';
import { readZipDirectory, readZipEntry, storedEntrySource } from './zip-reader';

const dir = mkdtempSync(join(tmpdir(), 'zip-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Archives written by Python's zipfile, the writer torch.save and Keras use. */
function pyZip(name: string, body: string): string {
  const path = join(dir, name);
  execFileSync('/usr/bin/python3', ['-c', `import zipfile\nz = zipfile.ZipFile(${JSON.stringify(path)}, 'w')\n${body}\nz.close()`]);
  return path;
}

describe('readZipDirectory / readZipEntry', () => {
  it('lists stored and deflated entries and reads each back', () => {
    const path = pyZip(
      'mixed.zip',
      [
        "z.writestr('archive/data.pkl', b'\\x80\\x02}q\\x00.' * 3)",
        "z.writestr(zipfile.ZipInfo('archive/code/__torch__.py'), 'def forward(self):\\n  return 1\\n' * 50, compress_type=zipfile.ZIP_DEFLATED)",
        "z.writestr('archive/data/0', bytes(range(256)) * 4)",
      ].join('\n'),
    );
    const src = openFileSource(path);
    try {
      const entries = readZipDirectory(src);
      expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
        ['archive/data.pkl', 0, 18],
        ['archive/code/__torch__.py', 8, 30 * 50],
        ['archive/data/0', 0, 1024],
      ]);
      expect(readZipEntry(src, entries[0]!, 1 << 20).toString('latin1')).toBe('\x80\x02}q\x00.'.repeat(3));
      expect(readZipEntry(src, entries[1]!, 1 << 20).toString()).toBe('def forward(self):\n  return 1\n'.repeat(50));
      const view = storedEntrySource(src, entries[2]!);
      const b = Buffer.alloc(8);
      expect(view.read(b, 0, 8, 1020)).toBe(4);
      expect([...b.subarray(0, 4)]).toEqual([252, 253, 254, 255]);
    } finally {
      src.close();
    }
  });

  it('reads the ZIP64 end record of an archive with more than 65,535 entries', () => {
    const path = pyZip('many.zip', "for i in range(70000): z.writestr(f'data/{i}', b'')");
    const src = openFileSource(path);
    try {
      const entries = readZipDirectory(src);
      expect(entries).toHaveLength(70000);
      expect(entries[69999]!.name).toBe('data/69999');
    } finally {
      src.close();
    }
  });

  it('reads an entry written with force_zip64, as torch.save writes big storages', () => {
    const path = join(dir, 'z64.zip');
    // force_zip64 writes the entry's sizes in a ZIP64 extra field, as torch.save does for big storages.
    execFileSync('/usr/bin/python3', [
      '-c',
      `import zipfile\nwith zipfile.ZipFile(${JSON.stringify(path)}, 'w') as z:\n  with z.open('big.bin', 'w', force_zip64=True) as f: f.write(b'y' * 100)`,
    ]);
    const src = openFileSource(path);
    try {
      const [e] = readZipDirectory(src);
      expect(e).toMatchObject({ name: 'big.bin', size: 100 });
      expect(readZipEntry(src, e!, 1000).toString()).toBe('y'.repeat(100));
    } finally {
      src.close();
    }
  });

  it('refuses to inflate past the cap (a zip bomb) and says so', () => {
    const path = pyZip('bomb.zip', "z.writestr('bomb', b'\\0' * (20 << 20), compress_type=zipfile.ZIP_DEFLATED)");
    const src = openFileSource(path);
    try {
      const [e] = readZipDirectory(src);
      expect(() => readZipEntry(src, e!, 1 << 20)).toThrow(/at most 1048576|inflates past/);
    } finally {
      src.close();
    }
  });

  it('reports a truncated or garbage archive as MALFORMED', () => {
    const path = pyZip('ok.zip', "z.writestr('a', b'1234')");
    const cut = join(dir, 'cut.zip');
    const whole = readFileSync(path);
    writeFileSync(cut, whole.subarray(0, whole.length - 10));
    const junk = join(dir, 'junk.zip');
    writeFileSync(junk, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 7)]));
    for (const p of [cut, junk]) {
      const src = openFileSource(p);
      try {
        expect(() => readZipDirectory(src)).toThrow(expect.objectContaining({ code: 'MALFORMED' }));
      } finally {
        src.close();
      }
    }
  });
});
