// The desktop app's SecretStore: each secret encrypted with safeStorage (a key the OS keychain
// guards: Keychain, DPAPI, libsecret/kwallet) and written to a file of its own in userData. Where
// the OS offers no keychain (safeStorage unavailable), secrets are not kept at all.
import { safeStorage } from 'electron';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import type { SecretStore } from '../../core/settings/secret-store';

export function safeSecrets(dir: string): SecretStore {
  const file = (name: string) => path.join(dir, `secret-${name.replace(/[^a-z0-9-]/gi, '_')}.bin`);
  return {
    get available() {
      return safeStorage.isEncryptionAvailable();
    },
    async get(name) {
      if (!safeStorage.isEncryptionAvailable()) return null;
      const data = await readFile(file(name)).catch(() => null);
      return data ? safeStorage.decryptString(data) : null;
    },
    async set(name, value) {
      if (value === null) return void (await rm(file(name), { force: true }));
      if (!safeStorage.isEncryptionAvailable()) return;
      await writeFileAtomic(file(name), safeStorage.encryptString(value));
    },
  };
}
