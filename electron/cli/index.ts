// `modelcrate` — the CLI. Every command calls the same services the GUI uses.
import { Command, InvalidArgumentError } from 'commander';
import { APP_VERSION } from '../services/app-version';
import { inspectCommand } from './commands/inspect';
import { studioCommand } from './commands/studio';

const program = new Command()
  .name('modelcrate')
  .description('Package ONNX models: inspect, document, test and ship them.')
  .version(APP_VERSION);

program
  .command('inspect')
  .description('Show a model\'s input/output contract, opsets, metadata and graph statistics')
  .argument('<model>', 'path to a .onnx file')
  .option('--json', 'print one JSON object on stdout (for scripts)')
  .action(async (model: string, opts: { json?: boolean }) => {
    process.exitCode = await inspectCommand(model, { json: !!opts.json });
  });

program
  .command('studio')
  .description('Open the studio (desktop app, or the browser UI with --web)')
  .argument('[model]', 'a .onnx file to open at start')
  .option('--web', 'serve the UI to a browser on 127.0.0.1 instead of opening the desktop app')
  .option('--port <n>', 'port for --web (0 = any free port)', parsePort, 0)
  .option('--data-dir <dir>', 'where recent files and settings are kept')
  .action(async (model: string | undefined, opts: { web?: boolean; port: number; dataDir?: string }) => {
    await studioCommand({ model, web: !!opts.web, port: opts.port, dataDir: opts.dataDir });
  });

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number 0–65535');
  return n;
}

program.parseAsync().catch((err: unknown) => {
  process.stderr.write(`error[INTERNAL]: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
