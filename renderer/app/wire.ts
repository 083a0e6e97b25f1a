import type { StudioApi } from '../../shared/api';
import { useStudio } from '../store';
import { webClientOf } from '../transport';
import { loadInitialModel, refreshRecent } from './commands';
import { loadSettings } from './settings-commands';
import { onMenuCommand } from './menu-commands';
import { closeDiff } from '../steps/diff/diff-commands';

let wired = false;

/**
 * Connects transport events to the store, once per page, outside React: models opened by the main
 * process appear wherever the user is, and each (re)connection resynchronises with the host.
 */
export function wireStore(api: StudioApi): void {
  if (wired) return;
  wired = true;
  // The Test step's drafts belong to one model: start afresh whenever another is shown.
  useStudio.subscribe((s, prev) => {
    if (s.model?.modelId !== prev.model?.modelId) {
      if (s.model && s.replacedFrom === prev.model?.modelId) s.adoptTestModel(s.model);
      else s.resetTest(s.model);
      s.resetMeta(s.model);
      // A comparison belongs to the model it started from: stop it and close the other model.
      if (s.diff && s.diff.olderId !== s.model?.modelId) closeDiff();
    }
  });
  // Every job's events, into the one jobs slice (renderer/app/jobs.ts follows them from there).
  api.on('job.event', (e) => useStudio.getState().applyJobEvent(e));
  api.on('menu.command', ({ command }) => onMenuCommand(command));
  api.on('model.opened', (opened) => {
    useStudio.getState().showModel(opened);
    void refreshRecent();
  });
  const web = webClientOf(api);
  if (!web) {
    void syncWithHost();
    return;
  }
  web.onConnection((state) => {
    useStudio.getState().setConnection(state);
    if (state.status === 'connected') void syncWithHost();
  });
}

async function syncWithHost(): Promise<void> {
  await Promise.all([loadInitialModel(), refreshRecent(), loadSettings()]);
}
