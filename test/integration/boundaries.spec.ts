// The layering of docs/architecture.md ("Layout and the allowed arrows"), checked on every import
// of every source file: a relative import that crosses a folder against an arrow, a Node builtin
// in isomorphic code, or `electron` outside the desktop shell fails here with the file and line.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importViolations, type SourceFile } from './boundaries';

function trackedSources(): SourceFile[] {
  const out = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '*.ts', '*.tsx', '*.mjs'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((f) => f && !f.startsWith('test/data/') && !f.startsWith('node_modules/'))
    .map((f) => ({ path: f, text: safeRead(f) }))
    .filter((f): f is SourceFile => f.text !== null);
}

function safeRead(f: string): string | null {
  try {
    return readFileSync(path.resolve(f), 'utf8');
  } catch {
    return null; // deleted in the work tree, not yet in git
  }
}

describe('folder boundaries', () => {
  it('no source file imports across a forbidden arrow', () => {
    const files = trackedSources();
    // The walk saw the whole tree: every layer has files (a glob gone wrong would pass vacuously).
    for (const layer of ['shared/', 'core/', 'electron/main/', 'electron/preload/', 'host/', 'server/', 'cli/', 'renderer/']) {
      expect(
        files.some((f) => f.path.startsWith(layer)),
        `no files under ${layer}`,
      ).toBe(true);
    }
    expect(importViolations(files)).toEqual([]);
  });

  it('names each kind of violation (the checker itself)', () => {
    const files: SourceFile[] = [
      { path: 'shared/a.ts', text: "import { x } from '../core/b';\nimport fs from 'node:fs';" },
      { path: 'core/b.ts', text: "import { app } from 'electron';\nexport const x = 1;" },
      { path: 'core/c.ts', text: "export { y } from '../server/oip';" },
      { path: 'renderer/d.tsx', text: "const m = await import('../core/b');\nimport os from 'os';" },
      { path: 'server/e.ts', text: "import { h } from '../host/web-host';" },
      { path: 'cli/f.ts', text: "import { startWebHost } from '../host';\nimport { s } from '../server/queue';" },
      { path: 'core/g.spec.ts', text: "import { m } from '../test/fixtures/models';" },
      { path: 'core/h.ts', text: "import { m } from '../test/fixtures/models';" },
      { path: 'electron/main/i.ts', text: "import { app } from 'electron';\nimport { s } from '../../core/b';" },
      { path: 'shared/j.ts', text: "import { z } from 'zod';\nimport type { X } from './a';" },
    ];
    expect(importViolations(files).map((v) => `${v.file}:${v.line} ${v.target}`)).toEqual([
      'shared/a.ts:1 core/b',
      'shared/a.ts:2 node:fs',
      'core/b.ts:1 electron',
      'core/c.ts:1 server/oip',
      'renderer/d.tsx:1 core/b',
      'renderer/d.tsx:2 os',
      'server/e.ts:1 host/web-host',
      'cli/f.ts:2 server/queue',
      'core/h.ts:1 test/fixtures/models',
    ]);
  });
});
