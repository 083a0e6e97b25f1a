import { useStudio } from '../../store';

/** Where a push goes when Settings name no registry: the loopback registry of a local setup. */
const DEFAULT_REGISTRY = '127.0.0.1:5000';

/** The registry a push defaults to, and the user whose password the keychain holds ('' when none). */
export function useRegistryLogin(): { registry: string; storedFor: string } {
  const settings = useStudio((s) => s.settings);
  return {
    registry: settings?.settings.registry || DEFAULT_REGISTRY,
    storedFor: settings?.registryPasswordStored ? settings.settings.registryUser : '',
  };
}

/** Said while the user field is empty and the keychain holds a password: who Push then signs in as. */
export function StoredLoginNote({ storedFor, user }: { storedFor: string; user: string }) {
  return storedFor && !user ? (
    <p className="muted small">Without a user here, Push signs in as {storedFor} with the password stored in the keychain.</p>
  ) : null;
}
