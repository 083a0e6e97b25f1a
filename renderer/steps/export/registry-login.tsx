import { useStudio } from '../../store';

/**
 * The registry Settings name ('' when none: a push target is then left for the user to type, never
 * guessed), and the user whose password the keychain holds ('' when none).
 */
export function useRegistryLogin(): { registry: string; storedFor: string } {
  const settings = useStudio((s) => s.settings);
  return {
    registry: settings?.settings.registry ?? '',
    storedFor: settings?.registryPasswordStored ? settings.settings.registryUser : '',
  };
}

/** Said while the user field is empty and the keychain holds a password: who Push then signs in as. */
export function StoredLoginNote({ storedFor, user }: { storedFor: string; user: string }) {
  return storedFor && !user ? (
    <p className="muted small">Without a user here, Push signs in as {storedFor} with the password stored in the keychain.</p>
  ) : null;
}

/** A push target: under the Settings registry when there is one, else empty with an example to follow. */
export function pushTarget(registry: string, name: string, version: string): { value: string; placeholder: string } {
  return registry
    ? { value: `${registry}/${name}:${version}`, placeholder: '' }
    : { value: '', placeholder: `e.g. registry.example.com/team/${name}:${version}` };
}
