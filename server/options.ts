// The server's command line and environment: `--bundle <dir|.tar.gz> [--port N] [--host H]
// [--public-key key.pem]` and the load settings (settings.ts: batching, memory), or MODELCRATE_BUNDLE,
// PORT, HOST, MODELCRATE_PUBLIC_KEY (the PEM text itself, so `docker run -e
// MODELCRATE_PUBLIC_KEY="$(cat key.pem)"` needs no mounted file) and MODELCRATE_* for the load
// settings; flags win. Parsed by hand: the bundled server takes no CLI library for eight flags.
import { AppError } from '../shared/errors';
import { readPublicKey } from '../core/signing/public-key';
import type { TrustedKey } from '../core/signing/ed25519';
import { DEFAULT_PORT } from './server';
import { LOAD_FLAGS, parseLoadOptions, type LoadFlag, type LoadOptions } from './settings';

export interface ServerArgs extends LoadOptions {
  bundle: string;
  port: number;
  host: string;
  /** When set, only a bundle signed by this key is served. */
  publicKey?: TrustedKey;
}

export const USAGE =
  'usage: node server.mjs --bundle <dir|bundle.tar.gz> [--port 8080] [--host 0.0.0.0] [--public-key key.pem] [--max-batch-size 32] [--max-queue-delay-ms 0] [--memory-limit 2Gi] [--memory-budget 256Mi]   (or env MODELCRATE_BUNDLE, PORT, HOST, MODELCRATE_PUBLIC_KEY=<PEM text>, ' +
  Object.values(LOAD_FLAGS).join(', ') +
  ')';

export function parseServerArgs(argv: string[], env: NodeJS.ProcessEnv): ServerArgs {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^--(bundle|port|host|public-key|max-batch-size|max-queue-delay-ms|memory-limit|memory-budget)(?:=(.*))?$/.exec(a);
    if (!m) throw new AppError('INVALID_REQUEST', `Unknown argument "${a}". ${USAGE}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new AppError('INVALID_REQUEST', `--${m[1]} needs a value. ${USAGE}`);
    flags[m[1]!] = value;
  }
  const bundle = flags.bundle ?? env.MODELCRATE_BUNDLE;
  if (!bundle) throw new AppError('INVALID_REQUEST', `No bundle given. ${USAGE}`);
  const portText = flags.port ?? env.PORT;
  const port = portText === undefined || portText === '' ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new AppError('INVALID_REQUEST', `Port "${portText}" is not a port number 0–65535.`);
  const publicKey = readPublicKey(flags['public-key'], env.MODELCRATE_PUBLIC_KEY);
  const load = parseLoadOptions(flags as Partial<Record<LoadFlag, string>>, env);
  return { bundle, port, host: flags.host ?? (env.HOST || '0.0.0.0'), ...(publicKey ? { publicKey } : {}), ...load };
}
