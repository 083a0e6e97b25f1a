// Ed25519 over modelcrate.json's bytes, with node:crypto only (the bundled server takes it too).
// Keys are named by keyId: the first 16 hex digits of the SHA-256 of the raw 32-byte public key.
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { SIGNATURE_FORMAT, type SignatureFile, type SignatureStatus } from '../../shared/bundle/manifest-signature';
import { AppError } from '../../shared/errors';

/** A public key the caller trusts: one of the studio's own, one added with `keys trust`, or --public-key. */
export interface TrustedKey {
  name: string;
  keyId: string;
  /** The raw 32-byte Ed25519 public key. */
  raw: Buffer;
}

/** The raw 32 bytes of an Ed25519 public key (or of a private key's public half). */
export function rawPublicKey(key: KeyObject): Buffer {
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url');
}

export function keyIdOf(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

/**
 * A PEM (SPKI public key; a private key is accepted and only its public half kept) → a TrustedKey,
 * or KEY_INVALID saying what the text is instead. `where` names the source in the message.
 */
export function parsePublicKeyPem(pem: string, where: string, name = ''): TrustedKey & { pem: string } {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (err) {
    throw new AppError(
      'KEY_INVALID',
      `${where} is not a PEM public key (${(err as Error).message}).`,
      'Give the file written by `modelcrate keys export-public <name>` (it starts with "-----BEGIN PUBLIC KEY-----").',
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new AppError(
      'KEY_INVALID',
      `${where} is a ${key.asymmetricKeyType ?? 'unknown'} key; Modelcrate signs with Ed25519 keys only.`,
      'Export the public key of a Modelcrate signing key: `modelcrate keys export-public <name>`.',
    );
  }
  const raw = rawPublicKey(key);
  const keyId = keyIdOf(raw);
  return { name: name || `key-${keyId}`, keyId, raw, pem: key.export({ type: 'spki', format: 'pem' }).toString() };
}

export function signManifestBytes(manifest: Buffer, privateKey: KeyObject): SignatureFile {
  const raw = rawPublicKey(privateKey);
  return {
    format: SIGNATURE_FORMAT,
    algorithm: 'ed25519',
    keyId: keyIdOf(raw),
    publicKey: raw.toString('base64'),
    manifestSha256: createHash('sha256').update(manifest).digest('hex'),
    signature: sign(null, manifest, privateKey).toString('base64'),
  };
}

/**
 * Checks a parsed signature file against the manifest's bytes: the digest it names, its keyId
 * against its key, the Ed25519 signature; then whether the key is one of `trusted` (by its raw
 * bytes, never by keyId alone).
 */
export function checkManifestSignature(manifest: Buffer, sig: SignatureFile, trusted: TrustedKey[]): SignatureStatus {
  const raw = Buffer.from(sig.publicKey, 'base64');
  const { keyId } = sig;
  if (keyIdOf(raw) !== keyId)
    return { state: 'invalid', keyId, reason: `its keyId ${keyId} is not the id of the public key it carries (${keyIdOf(raw)})` };
  const digest = createHash('sha256').update(manifest).digest('hex');
  if (digest !== sig.manifestSha256)
    return {
      state: 'invalid',
      keyId,
      reason: `modelcrate.json was changed after it was signed (its sha256 is ${digest}, the signature is for ${sig.manifestSha256})`,
    };
  let ok: boolean;
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
    ok = verify(null, manifest, key, Buffer.from(sig.signature, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok)
    return {
      state: 'invalid',
      keyId,
      reason: `the Ed25519 signature does not match modelcrate.json (made with another key than ${keyId} claims, or damaged)`,
    };
  const known = trusted.find((k) => k.raw.equals(raw));
  return known ? { state: 'trusted', keyId, keyName: known.name } : { state: 'unknown-key', keyId };
}
