// Secrets (a registry password) behind one small interface: Electron's main process stores them
// encrypted with safeStorage (the OS keychain's key); hosts without a keychain (browser mode, CLI)
// have none and keep nothing, rather than writing a password to disk in the clear.
export interface SecretStore {
  readonly available: boolean;
  get(name: string): Promise<string | null>;
  /** null removes the secret. */
  set(name: string, value: string | null): Promise<void>;
}

export const NO_SECRETS: SecretStore = {
  available: false,
  get: async () => null,
  set: async () => {},
};
