// What the UI asks for, as plain functions: they call the transport and record the outcome in the
// store, so components stay free of async bookkeeping.
import type { RecentFile } from '../../shared/contract';
import { toErrorData } from '../../shared/errors';
import { formatBytes } from '../../shared/format';
import { getApi, isConnectionLoss, isDesktop, openFiles, type OpenProgress } from '../transport';
import { pickModelFile } from '../transport/pick-model-file';
import { useStudio } from '../store';

function describe(p: OpenProgress): string {
  if (p.phase === 'reading') return 'Reading the model…';
  const of = p.count > 1 ? ` ${p.index + 1} of ${p.count}` : '';
  return `Uploading${of} · ${p.fileName} (${formatBytes(p.bytes)})`;
}

function modelNameOf(files: File[]): string {
  try {
    return pickModelFile(files).model.name;
  } catch {
    return files[0]?.name ?? 'model';
  }
}

export async function openDroppedFiles(files: File[]): Promise<void> {
  const store = useStudio.getState();
  const seq = store.beginOpen(modelNameOf(files), 'Preparing…');
  try {
    const opened = await openFiles(files, (p) => useStudio.getState().updateOpen(seq, { detail: describe(p) }));
    useStudio.getState().finishOpen(seq, opened);
    void refreshRecent();
  } catch (err) {
    useStudio.getState().failOpen(seq, toErrorData(err));
  }
}

export async function openRecent(entry: RecentFile): Promise<void> {
  const seq = useStudio.getState().beginOpen(entry.name, 'Reading the model…');
  try {
    useStudio.getState().finishOpen(seq, await getApi().call('model.openRecent', { recentId: entry.recentId }));
  } catch (err) {
    useStudio.getState().failOpen(seq, toErrorData(err));
  }
  void refreshRecent();
}

/** Desktop: the native dialog opens and reads the model in one call; null means cancelled. */
export async function openWithDialog(): Promise<void> {
  const seq = useStudio.getState().beginOpen('', 'Choose a model in the dialog…');
  try {
    const opened = await getApi().call('dialog.openModel', {});
    if (opened) {
      useStudio.getState().finishOpen(seq, opened);
      void refreshRecent();
    } else useStudio.getState().cancelOpen(seq);
  } catch (err) {
    useStudio.getState().failOpen(seq, toErrorData(err));
  }
}

export function usesNativeDialog(): boolean {
  return isDesktop(getApi());
}

export async function refreshRecent(): Promise<void> {
  try {
    useStudio.getState().setRecent(await getApi().call('recent.list', {}));
  } catch {
    // The list is a convenience: keep the last one rather than raise an alarm.
  }
}

export async function clearRecent(): Promise<void> {
  try {
    await getApi().call('recent.clear', {});
    useStudio.getState().setRecent([]);
  } catch (err) {
    useStudio.getState().reportError(toErrorData(err));
  }
}

let initialDone = false;

/** The model named on the command line, shown unless the user already opened something. */
export async function loadInitialModel(): Promise<void> {
  if (initialDone) return;
  const seq = useStudio.getState().openSeq;
  try {
    const opened = await getApi().call('app.initialModel', {});
    initialDone = true;
    if (opened && useStudio.getState().openSeq === seq) {
      useStudio.getState().showModel(opened);
      void refreshRecent();
    }
  } catch (err) {
    const data = toErrorData(err);
    // A lost connection retries on reconnect; a model that fails to read is reported once.
    if (isConnectionLoss(data)) return;
    initialDone = true;
    if (useStudio.getState().openSeq === seq) useStudio.getState().failOpen(useStudio.getState().beginOpen('', ''), data);
  }
}
