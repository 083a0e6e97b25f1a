// `modelcrate context <bundle> --out <dir>`: the Docker build context as a folder, for people who
// build elsewhere (CI, another engine, a registry's builder). The same files `build` streams.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { formatBytes } from '../../shared/format';
import { prepareContext, writeContextDir } from '../../core/image/context';
import { readPublicKeyFile } from '../../core/signing/public-key';
import { runCommand } from '../run-command';

export function contextCommand(bundle: string, opts: { out: string; json: boolean; publicKey?: string }): Promise<void> {
  return runCommand(async () => {
    const publicKeyPem = opts.publicKey === undefined ? undefined : readPublicKeyFile(opts.publicKey);
    const out = path.resolve(opts.out);
    if (existsSync(out) && readdirSync(out).length > 0)
      throw new AppError('FILE_EXISTS', `${out} exists and is not empty.`, 'Choose a new or empty folder for --out.');
    const ctx = await prepareContext(bundle, { publicKeyPem });
    try {
      await writeContextDir(ctx, out);
      const m = ctx.manifest.metadata;
      const bytes = ctx.bytes.runtime + ctx.bytes.server + ctx.bytes.bundle;
      process.stdout.write(
        opts.json
          ? `${JSON.stringify({ path: out, files: ctx.entries.length + 1, bytes, parts: ctx.bytes, model: { name: m.name, version: m.version } })}\n`
          : `wrote build context ${out} (${ctx.entries.length + 1} files, ${formatBytes(bytes)}); build it with: docker build -t ${m.name}:${m.version} ${out}\n`,
      );
    } finally {
      await ctx.dispose();
    }
  });
}
