// Inspect → Compare with…: open a second model or bundle without replacing the shown one (desktop:
// the native dialog; browser: the same upload path as the Open step), then run model.diff as a job
// with the Test step's golden samples of the shown model, following progress; Cancel stops it.
import { isForeign, type OpenedFile, type OpenedModel } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { DiffReport } from '../../../shared/diff/types';
import { toErrorData } from '../../../shared/errors';
import { startJob } from '../../app/jobs';
import { adviseForUpload } from '../../app/upload-advice';
import { useStudio, type DiffState } from '../../store';
import { getApi, isDesktop, openFiles } from '../../transport';

/** Set while model.diff starts or runs; aborting it cancels the job. */
let running: AbortController | null = null;
let opening: AbortController | null = null;

function patch(p: Partial<DiffState>): void {
  const d = useStudio.getState().diff;
  if (d) useStudio.getState().setDiff({ ...d, ...p });
}

function begin(fileName: string): string | null {
  const model = useStudio.getState().model;
  if (!model) return null;
  useStudio.getState().setDiff({
    olderId: model.modelId,
    other: { fileName, modelId: null },
    phase: 'opening',
    progress: { label: `Opening ${fileName}…`, done: 0, total: null },
    jobId: null,
    report: null,
    error: null,
  });
  return model.modelId;
}

export function comparesWithDialog(): boolean {
  return isDesktop(getApi());
}

/** Desktop: the native open dialog picks the other model (null: the user cancelled). */
export async function compareWithDialog(): Promise<void> {
  if (!begin('the other model')) return;
  try {
    const opened = await getApi().call('dialog.openModel', {});
    if (!opened) return void useStudio.getState().setDiff(null);
    await run(onnxOnly(opened));
  } catch (err) {
    patch({ phase: 'error', error: toErrorData(err), progress: null });
  }
}

/** Browser (and desktop drops): the other model's files, uploaded like the Open step's. */
export async function compareWithFiles(files: File[]): Promise<void> {
  if (!begin(files.find((f) => !/\.(data|bin)$/i.test(f.name))?.name ?? files[0]?.name ?? 'model')) return;
  opening = new AbortController();
  try {
    const opened = await openFiles(
      files,
      (p) =>
        patch({
          progress:
            p.phase === 'uploading'
              ? { label: `Uploading ${p.upload.fileName}…`, done: p.upload.sent, total: p.upload.total }
              : { label: `Reading ${p.fileName}…`, done: 0, total: null },
        }),
      opening.signal,
    );
    opening = null;
    await run(onnxOnly(opened));
  } catch (err) {
    opening = null;
    const error = isDesktop(getApi())
      ? toErrorData(err)
      : adviseForUpload(toErrorData(err), useStudio.getState().diff?.other.fileName ?? 'the model');
    patch(error.code === 'CANCELLED' ? { phase: 'cancelled', progress: null } : { phase: 'error', error, progress: null });
  }
}

/** Compares again with the same other model (after a cancel, or to re-time). */
export async function rerunDiff(): Promise<void> {
  const d = useStudio.getState().diff;
  if (!d?.other.modelId || running) return;
  await run({ modelId: d.other.modelId, fileName: d.other.fileName } as OpenedModel);
}

/** A comparison is between two ONNX models: a file of another format must be converted first. */
function onnxOnly(opened: OpenedFile): OpenedModel {
  if (!isForeign(opened)) return opened;
  void getApi().call('foreign.close', { fileId: opened.fileId });
  throw new AppError(
    'NOT_ONNX',
    `${opened.fileName} is ${opened.model.what}, not an ONNX model.`,
    'Open it on its own and convert it to ONNX first, then compare.',
  );
}

async function run(other: Pick<OpenedModel, 'modelId' | 'fileName'>): Promise<void> {
  const { model, samples, testModelId } = useStudio.getState();
  if (!model) return;
  patch({
    other: { fileName: other.fileName, modelId: other.modelId },
    phase: 'running',
    progress: { label: 'Starting…', done: 0, total: null },
    jobId: null,
    report: null,
    error: null,
  });
  // The Test step's golden samples belong to the shown model when its drafts do.
  const kept = testModelId === model.modelId ? samples.map((s) => ({ name: s.name, inputs: s.inputs })) : [];
  const abort = (running = new AbortController());
  try {
    const report = await startJob<DiffReport>(
      () => getApi().call('model.diff', { modelId: model.modelId, otherModelId: other.modelId, samples: kept }),
      {
        signal: abort.signal,
        onStarted: (jobId) => patch({ jobId }),
      },
    );
    patch({ phase: 'done', report, progress: null });
  } catch (err) {
    const error = toErrorData(err);
    patch(error.code === 'CANCELLED' ? { phase: 'cancelled', progress: null } : { phase: 'error', error, progress: null });
  } finally {
    running = null;
  }
}

export function cancelDiff(): void {
  opening?.abort();
  running?.abort();
}

/** Back to the Inspect view; the other model is closed (its session and upload are freed). */
export function closeDiff(): void {
  cancelDiff();
  const otherId = useStudio.getState().diff?.other.modelId;
  useStudio.getState().setDiff(null);
  if (otherId && otherId !== useStudio.getState().model?.modelId)
    void getApi()
      .call('model.close', { modelId: otherId })
      .catch(() => {});
}
