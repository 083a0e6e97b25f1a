// What the UI asks for, as plain functions: they call the transport and record the outcome in the
// store, so components stay free of async bookkeeping.
import { confirmDiscardEdits } from './unsaved';
import type { RecentFile } from '../../shared/contract';
import { toErrorData } from '../../shared/errors';
import { getApi, isConnectionLoss, isDesktop, openFiles, type OpenProgress } from '../transport';
import { pickModelFile } from '../transport/pick-model-file';
import { useStudio, type PendingOpen } from '../store';
import { adviseForUpload } from './upload-advice';

function progressPatch(p: OpenProgress): Partial<PendingOpen> {
  if (p.phase === 'reading') return { upload: null, detail: 'Reading the model…' };
  const { fileName, index, count } = p.upload;
  return { upload: p.upload, detail: count > 1 ? `Uploading ${fileName} (${index + 1} of ${count})…` : 'Uploading…' };
}

function modelNameOf(files: File[]): string {
  try {
    return pickModelFile(files).model.name;
  } catch {
    return files[0]?.name ?? 'model';
  }
}

/** The open the user can still call off; a newer open replaces (and aborts) an older one. */
let current: { seq: number; controller: AbortController } | null = null;

function abortCurrent(): void {
  current?.controller.abort();
  current = null;
}

function startOpen(fileName: string, detail: string): { seq: number; signal: AbortSignal } {
  abortCurrent();
  const controller = new AbortController();
  const seq = useStudio.getState().beginOpen(fileName, detail, { cancellable: true });
  current = { seq, controller };
  return { seq, signal: controller.signal };
}

function endOpen(seq: number): void {
  if (current?.seq === seq) current = null;
}

/** Cancel button and Escape: stop the upload (the host drops what it received) and go back. */
export function cancelOpening(): void {
  if (!current) return;
  const { seq, controller } = current;
  current = null;
  const pending = useStudio.getState().pending;
  controller.abort();
  const name = pending?.fileName || 'the model';
  useStudio.getState().cancelOpen(seq, pending?.upload ? `Upload of ${name} cancelled` : `Opening ${name} cancelled`);
}

function failOrCancel(seq: number, err: unknown, uploaded?: string): void {
  // An uploaded copy's error is told in terms of the files chosen, not the host's temp folder.
  const data = uploaded ? adviseForUpload(toErrorData(err), uploaded) : toErrorData(err);
  // Cancelled is what the user asked for, not an error to report.
  if (data.code === 'CANCELLED') useStudio.getState().cancelOpen(seq);
  else useStudio.getState().failOpen(seq, data);
}

export async function openDroppedFiles(files: File[]): Promise<void> {
  if (!confirmDiscardEdits()) return;
  const { seq, signal } = startOpen(modelNameOf(files), 'Preparing…');
  try {
    const opened = await openFiles(files, (p) => useStudio.getState().updateOpen(seq, progressPatch(p)), signal);
    endOpen(seq);
    useStudio.getState().finishOpen(seq, opened);
    void refreshRecent();
  } catch (err) {
    endOpen(seq);
    failOrCancel(seq, err, isDesktop(getApi()) ? undefined : modelNameOf(files));
  }
}

export async function openRecent(entry: RecentFile): Promise<void> {
  if (!confirmDiscardEdits()) return;
  const { seq } = startOpen(entry.name, 'Reading the model…');
  try {
    const opened = await getApi().call('model.openRecent', { recentId: entry.recentId });
    endOpen(seq);
    useStudio.getState().finishOpen(seq, opened);
  } catch (err) {
    endOpen(seq);
    failOrCancel(seq, err);
  }
  void refreshRecent();
}

/** Desktop: the native dialog opens and reads the model in one call; null means cancelled. */
export async function openWithDialog(): Promise<void> {
  if (!confirmDiscardEdits()) return;
  abortCurrent();
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
