import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createStudio } from '../../core/studio';
import { defaultDataDir } from '../../core/data-dir';
import { startWebHost } from '../../host';
import { launchElectron } from '../launch-electron';
import { forkRuntime } from '../../core/runtime/fork-runtime';
import { defaultRuntimeLog } from '../../core/runtime/runtime-log';

export interface StudioCommandOptions {
  model?: string;
  web: boolean;
  port: number;
  dataDir?: string;
}

/** The bundled CLI lives in dist/; the renderer build sits beside it. */
const distDir = path.dirname(fileURLToPath(import.meta.url));

export async function studioCommand(opts: StudioCommandOptions): Promise<void> {
  const model = opts.model ? path.resolve(opts.model) : undefined;
  if (!opts.web) {
    const outcome = await launchElectron(path.join(distDir, 'electron', 'main.cjs'), model ? [model] : []);
    if (outcome.ok) return;
    process.stderr.write(`Desktop app unavailable (${outcome.reason}); serving the studio to your browser instead.\n`);
  }
  const rendererDir = path.join(distDir, 'renderer');
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    process.stderr.write('error[FILE_NOT_FOUND]: The studio UI is not built. Run `npm run build` first.\n');
    process.exitCode = 1;
    return;
  }
  const dataDir = opts.dataDir ?? defaultDataDir();
  // onnxruntime's own log goes to this studio's data folder (core/runtime/runtime-log.ts).
  const studio = createStudio({
    transport: 'web',
    dataDir,
    initialModelPath: model,
    runtime: forkRuntime(undefined, defaultRuntimeLog(dataDir)),
  });
  const host = await startWebHost({ studio, rendererDir, port: opts.port });
  // The URL alone on stdout, so scripts and tests can read it; everything else goes to stderr.
  process.stdout.write(`${host.url}\n`);
  process.stderr.write('Modelcrate Studio is serving on 127.0.0.1 only. Open the URL above; press Ctrl+C to stop.\n');
  const stop = () => {
    void host.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
