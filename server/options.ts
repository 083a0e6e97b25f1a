// The server's command line and environment: `--bundle <dir|.tar.gz> [--port N] [--host H]
// [--public-key key.pem]`, or MODELCRATE_BUNDLE, PORT, HOST, MODELCRATE_PUBLIC_KEY (the PEM text
// itself, so `docker run -e MODELCRATE_PUBLIC_KEY="$(cat key.pem)"` needs no mounted file; flags
// win). Parsed by hand: the bundled server takes no CLI library for four flags.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AppError, toErrorData } from '../shared/errors';
import { parsePublicKeyPem, type TrustedKey } from '../core/signing/ed25519';
import { DEFAULT_PORT } from './server';

export interface ServerArgs {
  bundle: string;
  port: number;
  host: string;
  /** When set, only a bundle signed by this key is served. */
  publicKey?: TrustedKey;
}

export const USAGE = 'usage: node server.mjs --bundle <dir|bundle.tar.gz> [--port 8080] [--host 0.0.0.0] [--public-key key.pem]   (or env MODELCRATE_BUNDLE, PORT, HOST, MODELCRATE_PUBLIC_KEY=<PEM text>)';

export function parseServerArgs(argv: string[], env: NodeJS.ProcessEnv): ServerArgs {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^--(bundle|port|host|public-key)(?:=(.*))?$/.exec(a);
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
  const publicKey = readPublicKey(flags['public-key'], env.MODELCRATE_PUBLIC_KEY);
  return { bundle, port, host: flags.host ?? (env.HOST || '0.0.0.0'), ...(publicKey ? { publicKey } : {}) };
}

/**
 * The required signer's key: a PEM file from the flag, else the PEM text in the environment. The key
 * is named for where it came from (the file's name, or MODELCRATE_PUBLIC_KEY), so "signed by trusted
 * key …" and a refusal say which key was meant.
 */
export function readPublicKey(file: string | undefined, envPem: string | undefined): TrustedKey | undefined {
  if (file !== undefined) return parsePublicKeyPem(readPublicKeyFile(file), `The public key file ${file}`, path.basename(file));
  if (env(envPem)) {
    // The common slip: a path where the PEM text belongs (`-e MODELCRATE_PUBLIC_KEY=/keys/release.pub.pem`).
    if (!envPem!.includes('-----BEGIN')) {
      throw new AppError('KEY_INVALID', `MODELCRATE_PUBLIC_KEY holds "${envPem!.trim().slice(0, 80)}", not a PEM public key: it takes the key's text, not a path.`, 'Pass the text: -e MODELCRATE_PUBLIC_KEY="$(cat release.pub.pem)", or give the file with --public-key <file.pem>.');
    }
    return parsePublicKeyPem(envPem!, 'MODELCRATE_PUBLIC_KEY', 'MODELCRATE_PUBLIC_KEY');
  }
  return undefined;
}

/** A --public-key file's text; a file that cannot be read says which and what to give instead. */
export function readPublicKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const e = toErrorData(err);
    throw new AppError(e.code === 'INTERNAL' ? 'IO_ERROR' : e.code, `Cannot read the public key file ${file}: ${e.message}`, 'Give the .pem written by `modelcrate keys export-public <name>`.');
  }
}

function env(v: string | undefined): boolean {
  return v !== undefined && v.trim() !== '';
}
