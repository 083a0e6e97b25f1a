#!/usr/bin/env node
// Entry of `npx modelcrate`: the CLI is bundled to dist/ by `npm run build` (run by npm install).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('error[FILE_NOT_FOUND]: modelcrate is not built yet. Run `npm run build` (npm install does it for you).\n');
  process.exit(1);
}
await import(cli.href);
