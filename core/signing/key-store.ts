// The studio's Ed25519 keys, in the data folder:
//   signing/keys/<name>.key.pem      PKCS#8 private key, mode 0600 (folder 0700)
//   signing/keys/<name>.pub.pem      its SPKI public key (what `keys export-public` prints)
//   signing/trusted/<name>.pub.pem   others' public keys, added with `keys trust`
// Files are the store (no index to get out of step with them); each is written atomically. The
// keyId is always recomputed from the key, never stored, so a renamed or edited file cannot lie.
import { generateKeyPairSync, createPrivateKey, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { KEY_NAME, type KeyInfo } from '../../shared/bundle/manifest-signature';
import { AppError } from '../../shared/errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { keyIdOf, parsePublicKeyPem, rawPublicKey, type TrustedKey } from './ed25519';

export type { KeyInfo } from '../../shared/bundle/manifest-signature';

export interface SigningKey {
  info: KeyInfo;
  privateKey: KeyObject;
}

const PRIVATE = '.key.pem';
const PUBLIC = '.pub.pem';
/** Used without --key when there are several own keys. */
export const DEFAULT_KEY_NAME = 'default';

export class KeyStore {
  readonly ownDir: string;
  readonly trustedDir: string;

  constructor(dataDir: string) {
    this.ownDir = path.join(dataDir, 'signing', 'keys');
    this.trustedDir = path.join(dataDir, 'signing', 'trusted');
  }

  /** Makes a new key pair; FILE_EXISTS when the name is taken. */
  async create(name: string): Promise<KeyInfo> {
    checkName(name);
    if ((await this.list()).some((k) => k.name === name))
      throw new AppError('FILE_EXISTS', `A key named "${name}" already exists.`, 'Choose another name, or use the existing key.');
    await mkdir(this.ownDir, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    // Private first: a public key without its private half would be a key that cannot sign.
    await writeFileAtomic(path.join(this.ownDir, name + PRIVATE), privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()); // 0600
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await writeFileAtomic(path.join(this.ownDir, name + PUBLIC), pem);
    await chmod(path.join(this.ownDir, name + PUBLIC), 0o644);
    return { name, keyId: keyIdOf(rawPublicKey(publicKey)), kind: 'own', publicKeyPem: pem };
  }

  /** Adds someone's public key (PEM) as trusted; the same key again returns its entry. */
  async trust(pem: string, name?: string, where = 'The public key'): Promise<KeyInfo> {
    if (name !== undefined) checkName(name);
    const key = parsePublicKeyPem(pem, where, name);
    const known = (await this.list()).find((k) => k.keyId === key.keyId && parsePublicKeyPem(k.publicKeyPem, k.name).raw.equals(key.raw));
    if (known) return known;
    if ((await this.list()).some((k) => k.name === key.name))
      throw new AppError(
        'FILE_EXISTS',
        `A key named "${key.name}" already exists (with another key id).`,
        'Give this key another name (--name).',
      );
    await mkdir(this.trustedDir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(path.join(this.trustedDir, key.name + PUBLIC), key.pem);
    await chmod(path.join(this.trustedDir, key.name + PUBLIC), 0o644);
    return { name: key.name, keyId: key.keyId, kind: 'trusted', publicKeyPem: key.pem };
  }

  /** Own keys, then trusted ones, each by name. A file that does not parse is skipped. */
  async list(): Promise<KeyInfo[]> {
    const read = async (dir: string, kind: KeyInfo['kind']): Promise<KeyInfo[]> => {
      const names = (await readdir(dir).catch(() => [] as string[]))
        .filter((f) => f.endsWith(PUBLIC))
        .map((f) => f.slice(0, -PUBLIC.length))
        .filter((n) => KEY_NAME.test(n))
        .sort();
      const out: KeyInfo[] = [];
      for (const name of names) {
        try {
          const k = parsePublicKeyPem(await readFile(path.join(dir, name + PUBLIC), 'utf8'), name, name);
          out.push({ name, keyId: k.keyId, kind, publicKeyPem: k.pem });
        } catch {
          // A damaged or foreign file in our folder: not a key we can use; listing goes on.
        }
      }
      return out;
    };
    return [...(await read(this.ownDir, 'own')), ...(await read(this.trustedDir, 'trusted'))];
  }

  /** Every key whose signature counts as trusted: own and trusted. */
  async trustedKeys(): Promise<TrustedKey[]> {
    return (await this.list()).map((k) => ({ ...parsePublicKeyPem(k.publicKeyPem, k.name, k.name) }));
  }

  async publicKeyPem(name: string): Promise<string> {
    const k = (await this.list()).find((x) => x.name === name);
    if (!k) throw notFound(name, await this.list());
    return k.publicKeyPem;
  }

  /** The own key `name`; without a name the only own key, or the one named "default". */
  async signingKey(name?: string): Promise<SigningKey> {
    const own = (await this.list()).filter((k) => k.kind === 'own');
    let info: KeyInfo | undefined;
    if (name !== undefined) info = own.find((k) => k.name === name);
    else info = own.length === 1 ? own[0] : own.find((k) => k.name === DEFAULT_KEY_NAME);
    if (!info) {
      if (name === undefined && own.length > 1)
        throw new AppError(
          'KEY_NOT_FOUND',
          `There are ${own.length} signing keys (${own.map((k) => k.name).join(', ')}) and none is named "${DEFAULT_KEY_NAME}".`,
          'Choose one with --key <name>.',
        );
      throw notFound(name, own);
    }
    const privateKey = createPrivateKey(
      await readFile(path.join(this.ownDir, info.name + PRIVATE), 'utf8').catch(() => {
        throw new AppError(
          'KEY_NOT_FOUND',
          `The private key of "${info.name}" is missing from ${this.ownDir}.`,
          'Restore it from a backup, or create a new key with `modelcrate keys create <name>`.',
        );
      }),
    );
    if (keyIdOf(rawPublicKey(privateKey)) !== info.keyId)
      throw new AppError(
        'KEY_INVALID',
        `The private and public key files of "${info.name}" do not belong together.`,
        `Restore them from a backup, or remove both from ${this.ownDir} and create a new key.`,
      );
    return { info, privateKey };
  }
}

function checkName(name: string): void {
  if (!KEY_NAME.test(name))
    throw new AppError('INVALID_REQUEST', `"${name}" cannot be a key name.`, 'Use letters, digits and . _ - (e.g. "release-2026").');
}

function notFound(name: string | undefined, keys: KeyInfo[]): AppError {
  const have = keys.length ? ` Keys: ${keys.map((k) => k.name).join(', ')}.` : '';
  return name === undefined
    ? new AppError(
        'KEY_NOT_FOUND',
        'There is no signing key yet.',
        'Create one with `modelcrate keys create <name>` (or in the studio: Export → Bundle → Create a signing key).',
      )
    : new AppError(
        'KEY_NOT_FOUND',
        `There is no key named "${name}".${have}`,
        'List keys with `modelcrate keys list`, or create one with `modelcrate keys create <name>`.',
      );
}
