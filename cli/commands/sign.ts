// `modelcrate sign <bundle> [--key name] [--out signed.tar.gz]`: adds modelcrate.sig to a bundle
// made earlier (its files are checked first; a tampered bundle is never signed).
import { defaultDataDir } from '../../core/data-dir';
import { KeyStore } from '../../core/signing/key-store';
import { signBundle } from '../../core/signing/sign-bundle';
import { runCommand } from '../run-command';

export function signCommand(bundle: string, opts: { key?: string; out?: string; json: boolean }): Promise<void> {
  return runCommand(async () => {
    const key = await new KeyStore(defaultDataDir()).signingKey(opts.key);
    const r = await signBundle(bundle, key.privateKey, { out: opts.out });
    process.stdout.write(
      opts.json
        ? `${JSON.stringify({ path: r.path, format: r.format, keyId: r.keyId, keyName: key.info.name, replaced: r.replaced })}\n`
        : `signed ${r.path} with key "${key.info.name}" (keyId ${r.keyId})${r.replaced ? ', replacing its earlier signature' : ''}\n`,
    );
  });
}
