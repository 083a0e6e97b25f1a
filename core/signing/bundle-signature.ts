// A bundle's signature state (modelcrate.sig beside modelcrate.json) and the policy that acts on
// it. Open, verify and the server all go through here: an INVALID signature is always refused; an
// unsigned bundle or one signed by an unknown key is refused only where a key is required (the
// server with --public-key / MODELCRATE_PUBLIC_KEY, `verify --public-key`).
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { MAX_SIGNATURE_BYTES, SIGNATURE_FILE, SignatureFileSchema, type SignatureStatus } from '../../shared/bundle/manifest-signature';
import { AppError } from '../../shared/errors';
import { checkManifestSignature, type TrustedKey } from './ed25519';

export interface SignaturePolicy {
  /** Keys whose signatures count as trusted. */
  trusted: TrustedKey[];
  /** Refuse unsigned bundles and bundles signed by a key outside `trusted`. */
  require?: boolean;
}

/** The state of `root`'s signature over `manifest` (modelcrate.json's exact bytes). Never throws for content. */
export async function bundleSignature(root: string, manifest: Buffer, trusted: TrustedKey[]): Promise<SignatureStatus> {
  const file = path.join(root, SIGNATURE_FILE);
  const st = await lstat(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (!st) return { state: 'unsigned' };
  if (!st.isFile()) return { state: 'invalid', reason: `${SIGNATURE_FILE} is not a regular file` };
  if (st.size > MAX_SIGNATURE_BYTES)
    return { state: 'invalid', reason: `${SIGNATURE_FILE} is ${st.size} bytes; a signature file is a few hundred` };
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    return { state: 'invalid', reason: `${SIGNATURE_FILE} is not valid JSON (${(err as Error).message})` };
  }
  const parsed = SignatureFileSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    return {
      state: 'invalid',
      reason: `${SIGNATURE_FILE} is not a modelcrate-signature/v1 file: field "${first.path.join('.') || '(top level)'}": ${first.message}`,
    };
  }
  return checkManifestSignature(manifest, parsed.data, trusted);
}

/** Throws the error a policy gives for this state (SIGNATURE_INVALID / _MISSING / _UNTRUSTED), else returns. */
export function enforceSignature(status: SignatureStatus, policy: SignaturePolicy | undefined, where: string): void {
  if (status.state === 'invalid') {
    throw new AppError(
      'SIGNATURE_INVALID',
      `${where}: the bundle's signature is INVALID: ${status.reason}.`,
      'Do not use this bundle: it was changed after it was signed, or its signature is damaged. Get it again from its source, or pack and sign it again (`modelcrate pack --sign` / `modelcrate sign`).',
    );
  }
  if (!policy?.require) return;
  const wanted = policy.trusted.length
    ? `key ${policy.trusted.map((k) => `${k.keyId} ("${k.name}")`).join(', ')}`
    : 'a trusted key (and none is trusted yet: `modelcrate keys trust <pem>`)';
  if (status.state === 'unsigned') {
    throw new AppError(
      'SIGNATURE_MISSING',
      `${where} is not signed (no ${SIGNATURE_FILE}), and a signature by ${wanted} is required.`,
      'Sign it with `modelcrate sign <bundle> --key <name>` (or pack it with --sign), or drop the public key requirement to accept unsigned bundles.',
    );
  }
  if (status.state === 'unknown-key') {
    throw new AppError(
      'SIGNATURE_UNTRUSTED',
      `${where} is signed by key ${status.keyId}, not by the required ${wanted}.`,
      'Check that you were given the right public key (`modelcrate keys export-public <name>` on the signing machine), or sign the bundle with the matching private key.',
    );
  }
}
