// A required signer's public key, as the server, `verify`, `build` and `context` take it: a PEM
// file (--public-key) or the PEM text in MODELCRATE_PUBLIC_KEY.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AppError, toErrorData } from '../../shared/errors';
import { parsePublicKeyPem, type TrustedKey } from './ed25519';

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
      throw new AppError(
        'KEY_INVALID',
        `MODELCRATE_PUBLIC_KEY holds "${envPem!.trim().slice(0, 80)}", not a PEM public key: it takes the key's text, not a path.`,
        'Pass the text: -e MODELCRATE_PUBLIC_KEY="$(cat release.pub.pem)", or give the file with --public-key <file.pem>.',
      );
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
    throw new AppError(
      e.code === 'INTERNAL' ? 'IO_ERROR' : e.code,
      `Cannot read the public key file ${file}: ${e.message}`,
      'Give the .pem written by `modelcrate keys export-public <name>`.',
    );
  }
}

function env(v: string | undefined): boolean {
  return v !== undefined && v.trim() !== '';
}
