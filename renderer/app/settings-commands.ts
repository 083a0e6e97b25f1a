import type { Settings } from '../../shared/settings';
import { toErrorData } from '../../shared/errors';
import { useStudio } from '../store';
import { getApi } from '../transport';

export async function loadSettings(): Promise<void> {
  try {
    useStudio.getState().setSettings(await getApi().call('settings.get', {}));
  } catch {
    // Defaults stand in; the Settings dialog reports a failure when it is opened.
  }
}

/** Saves the changed settings (and the password when one was typed or cleared); the error, if any, to show. */
export async function saveSettings(patch: Partial<Settings>, registryPassword: string | null | undefined) {
  try {
    useStudio
      .getState()
      .setSettings(
        await getApi().call('settings.set', { settings: patch, ...(registryPassword !== undefined ? { registryPassword } : {}) }),
      );
    return null;
  } catch (e) {
    return toErrorData(e);
  }
}
