// modelcrate.sig: the bundle's detached Ed25519 signature (issue 8). It signs the exact bytes of
// modelcrate.json, and modelcrate.json lists every other file with its sha256 and size, so one
// signature covers the whole bundle: verify = the signature over the manifest's bytes with a
// trusted key, then the usual per-file hash checks. The .sig file cannot be listed in the manifest
// it signs, so, like modelcrate.json itself, it is the one other file the "no unlisted files"
// check lets through; anything else unlisted is refused as before.
//
//   { "format": "modelcrate-signature/v1", "algorithm": "ed25519",
//     "keyId": "<first 16 hex digits of the SHA-256 of the raw 32-byte public key>",
//     "publicKey": "<base64 of the raw 32-byte public key>",
//     "manifestSha256": "<hex SHA-256 of modelcrate.json's bytes>",
//     "signature": "<base64 of the Ed25519 signature over modelcrate.json's bytes>" }
//
// `publicKey` rides along so a bundle signed by a key you do not know can still be checked for
// consistency (a manifest edited after signing is INVALID whoever signed it); trust never comes
// from it: a signature is "trusted" only when its key equals one of yours or one you trusted.
// Pure zod (no Node), so the renderer shares the types.
import { z } from 'zod';

export const SIGNATURE_FILE = 'modelcrate.sig';
export const SIGNATURE_FORMAT = 'modelcrate-signature/v1';
/** A .sig file is ~300 bytes; anything past this is not one (checked before parsing). */
export const MAX_SIGNATURE_BYTES = 64 << 10;

/** A key's name: also its file name in the key store. */
export const KEY_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$/;
export const KEY_ID = /^[0-9a-f]{16}$/;

const base64 = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64')
    .refine((s) => Math.floor((s.length * 3) / 4) - (s.match(/=+$/)?.[0].length ?? 0) === bytes, `base64 of ${bytes} bytes`);

export const SignatureFileSchema = z
  .object({
    format: z.literal(SIGNATURE_FORMAT),
    algorithm: z.literal('ed25519'),
    keyId: z.string().regex(KEY_ID, '16 lowercase hex digits'),
    publicKey: base64(32),
    manifestSha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits'),
    signature: base64(64),
  })
  .strict();

export type SignatureFile = z.output<typeof SignatureFileSchema>;

/** A signing key as the studio lists it (never the private key). */
/** The studio's key that signed a bundle, as pack, image build and artifact push results name it. */
export interface SignedBy {
  keyId: string;
  keyName: string;
}

export interface KeyInfo {
  name: string;
  keyId: string;
  /** own: the studio holds the private key and can sign; trusted: someone else's public key. */
  kind: 'own' | 'trusted';
  /** SPKI PEM: what `keys export-public` writes and a server's MODELCRATE_PUBLIC_KEY takes. */
  publicKeyPem: string;
}

/**
 * What a bundle's signature says, as the studio shows it. "invalid" is reported by verify; open
 * refuses such a bundle instead (SIGNATURE_INVALID).
 */
export type SignatureStatus =
  | { state: 'unsigned' }
  | { state: 'trusted'; keyId: string; keyName: string }
  | { state: 'unknown-key'; keyId: string }
  | { state: 'invalid'; keyId?: string; reason: string };

/** One line for people: the CLI's check message and the studio's badge title. */
export function describeSignature(s: SignatureStatus): string {
  switch (s.state) {
    case 'unsigned':
      return 'unsigned';
    case 'trusted':
      return `signed by trusted key "${s.keyName}" (${s.keyId})`;
    case 'unknown-key':
      return `signed by an unknown key ${s.keyId} (not among your trusted keys)`;
    case 'invalid':
      return `INVALID signature: ${s.reason}`;
  }
}
