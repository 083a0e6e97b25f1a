// `npm test`: type-check, lint, build, then every test runner; ends with one line
// "N passed, N failed[, N skipped]" totalled over all of them (CI reads it).
// A failing type-check, lint or build counts as one failed check, and the runners still run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = 'test-results';
rmSync(`${results}/vitest.json`, { force: true });
rmSync(`${results}/playwright.json`, { force: true });
mkdirSync(results, { recursive: true });
const extra = process.argv.slice(2);

let passed = 0;
let failed = 0;
let skipped = 0;

function run(label, cmd, args, env = {}) {
  process.stdout.write(`\n── ${label} ──\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function check(label, cmd, args) {
  if (run(label, cmd, args)) passed++;
  else failed++;
}

// TypeScript 7 by path: `tsc` in node_modules/.bin may be TypeScript 6's (typescript-eslint needs
// TS 6's API, installed as `typescript`; its own dependency also ships a `tsc` bin, and which one
// npm links there depends on install order).
const TSC = 'node_modules/typescript-7/bin/tsc';
check('type-check (node)', process.execPath, [TSC, '-p', 'tsconfig.json']);
check('type-check (web)', process.execPath, [TSC, '-p', 'tsconfig.web.json']);
check('lint (ESLint + Prettier)', 'npm', ['run', '--silent', 'lint']);
check('build', 'npm', ['run', '--silent', 'build']);

const vitestOk = run('vitest (unit + integration)', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${results}/vitest.json`,
  ...extra,
]);
const vitest = readJson(`${results}/vitest.json`);
if (vitest) {
  passed += vitest.numPassedTests;
  // A file that fails without a failing test (it did not load) counts once. Not
  // numFailedTestSuites: that counts describe blocks too, so one failing test was counted 2–3 times.
  const brokenFiles = (vitest.testResults ?? []).filter(
    (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
  ).length;
  failed += vitest.numFailedTests + brokenFiles;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
} else if (!vitestOk) failed++;

const pwOk = run('playwright (e2e in Chromium)', 'npx', ['playwright', 'test', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: `${results}/playwright.json`,
});
const pw = readJson(`${results}/playwright.json`);
if (pw?.stats) {
  passed += pw.stats.expected + pw.stats.flaky;
  failed += pw.stats.unexpected;
  skipped += pw.stats.skipped;
} else if (!pwOk) failed++;

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}
