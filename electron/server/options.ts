// The server's command line and environment: `--bundle <dir|.tar.gz> [--port N] [--host H]`, or
// MODELCRATE_BUNDLE, PORT, HOST (flags win). Parsed by hand: the bundled server takes no CLI
// library for three flags.
import { AppError } from '../../shared/errors';
import { DEFAULT_PORT } from './server';

export interface ServerArgs {
  bundle: string;
  port: number;
  host: string;
}

export const USAGE = 'usage: node server.mjs --bundle <dir|bundle.tar.gz> [--port 8080] [--host 0.0.0.0]   (or env MODELCRATE_BUNDLE, PORT, HOST)';

export function parseServerArgs(argv: string[], env: NodeJS.ProcessEnv): ServerArgs {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^--(bundle|port|host)(?:=(.*))?$/.exec(a);
    if (!m) throw new AppError('INVALID_REQUEST', `Unknown argument "${a}". ${USAGE}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new AppError('INVALID_REQUEST', `--${m[1]} needs a value. ${USAGE}`);
    flags[m[1]!] = value;
  }
  const bundle = flags.bundle ?? env.MODELCRATE_BUNDLE;
  if (!bundle) throw new AppError('INVALID_REQUEST', `No bundle given. ${USAGE}`);
  const portText = flags.port ?? env.PORT;
  const port = portText === undefined || portText === '' ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('INVALID_REQUEST', `Port "${portText}" is not a port number 0–65535.`);
  return { bundle, port, host: flags.host ?? (env.HOST || '0.0.0.0') };
}
