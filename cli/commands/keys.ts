// `modelcrate keys create|list|export-public|trust`: the studio's Ed25519 signing keys (the same
// KeyStore, in the same data folder: MODELCRATE_DATA_DIR or the app's). Exit 2 with one error line.
import { readFile } from 'node:fs/promises';
import { AppError, toErrorData } from '../../shared/errors';
import { defaultDataDir } from '../../core/data-dir';
import { KeyStore, type KeyInfo } from '../../core/signing/key-store';
import { writeOutFile } from '../out-file';
import { runCommand } from '../run-command';

/** Runs `fn` with the studio's key store (MODELCRATE_DATA_DIR or the app's data folder). */
function run(fn: (store: KeyStore) => Promise<void>): Promise<void> {
  return runCommand(() => fn(new KeyStore(defaultDataDir())));
}

const brief = ({ publicKeyPem: _pem, ...k }: KeyInfo) => k;

export function keysCreateCommand(name: string, opts: { json: boolean }): Promise<void> {
  return run(async (store) => {
    const k = await store.create(name);
    process.stdout.write(
      opts.json
        ? `${JSON.stringify(brief(k))}\n`
        : `created key "${k.name}" (keyId ${k.keyId}) in ${store.ownDir}\nshare its public key with: modelcrate keys export-public ${k.name} --out ${k.name}.pub.pem\n`,
    );
  });
}

export function keysListCommand(opts: { json: boolean }): Promise<void> {
  return run(async (store) => {
    const keys = await store.list();
    if (opts.json) return void process.stdout.write(`${JSON.stringify({ keys: keys.map(brief) })}\n`);
    if (!keys.length) return void process.stdout.write('no keys yet; create one with: modelcrate keys create <name>\n');
    process.stdout.write(keys.map((k) => `${k.keyId}  ${k.kind === 'own' ? 'own    ' : 'trusted'}  ${k.name}`).join('\n') + '\n');
  });
}

export function keysExportPublicCommand(name: string, opts: { out?: string }): Promise<void> {
  return run(async (store) => {
    const pem = await store.publicKeyPem(name);
    if (!opts.out) return void process.stdout.write(pem);
    await writeOutFile(opts.out, pem);
    process.stdout.write(`wrote the public key of "${name}" to ${opts.out}\n`);
  });
}

export function keysTrustCommand(pemFile: string, opts: { name?: string; json: boolean }): Promise<void> {
  return run(async (store) => {
    const pem = await readFile(pemFile, 'utf8').catch((err: unknown) => {
      const e = toErrorData(err);
      throw new AppError(e.code, `Cannot read ${pemFile}: ${e.message}`, 'Give the .pem file of the public key to trust.');
    });
    const k = await store.trust(pem, opts.name, pemFile);
    process.stdout.write(
      opts.json
        ? `${JSON.stringify(brief(k))}\n`
        : `${k.kind === 'own' ? 'already your own key' : 'trusted'} "${k.name}" (keyId ${k.keyId})\n`,
    );
  });
}
