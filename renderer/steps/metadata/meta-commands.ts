// What the Metadata step asks of the host: load the model's metadata, save it (a job), and the
// guard that keeps unsaved edits from being lost.
import type { SavedModel } from '../../../shared/contract';
import { toErrorData } from '../../../shared/errors';
import { parseMetadata } from '../../../shared/metadata/parse-metadata';
import { startJob } from '../../app/jobs';
import { useStudio } from '../../store';
import { getApi } from '../../transport';
import { metadataOf } from './meta-form';

export async function loadMetadata(): Promise<void> {
  const { model, metaModelId, metaLoad } = useStudio.getState();
  if (!model || model.modelId !== metaModelId || metaLoad !== 'idle') return;
  useStudio.setState({ metaLoad: 'loading' });
  try {
    const loaded = await getApi().call('model.metadata', { modelId: model.modelId });
    useStudio.getState().metaLoaded(model.modelId, loaded);
  } catch (e) {
    useStudio.getState().metaFailed(model.modelId, toErrorData(e));
    useStudio.getState().reportError(toErrorData(e));
  }
}

/** The form's metadata as the schema reads it, with the profile measured in the Test step when asked. */
export function currentMetadataInput() {
  const { form, profile } = useStudio.getState();
  if (!form) return null;
  const p = profile.result;
  const performance = p
    ? {
        loadMs: p.loadMs,
        peakRssMB: p.peakRssMB,
        batches: p.batches.map(({ batch, p50, p90, p99, runsPerSec }) => ({ batch, p50, p90, p99, runsPerSec })),
        measuredOn: '',
        measuredAt: new Date().toISOString(),
      }
    : undefined;
  return metadataOf(form, performance);
}

/** Set while a save starts or runs; aborting it cancels the save. */
let saving: AbortController | null = null;

/** Writes the metadata into a new file beside the model, or into the model itself (a backup is kept). */
export async function saveMetadata(target: { fileName: string } | { overwrite: true } | { targetId: string }): Promise<void> {
  const { model, save } = useStudio.getState();
  const input = currentMetadataInput();
  if (!model || !input || save.state === 'saving') return;
  const store = useStudio.getState();
  let metadata;
  try {
    metadata = parseMetadata(input);
  } catch (e) {
    store.setSave({ state: 'error', error: toErrorData(e) });
    return;
  }
  store.setSave({ state: 'saving', jobId: null, result: null, error: null });
  const form = store.form;
  const abort = (saving = new AbortController());
  try {
    const result = await startJob<SavedModel>(() => getApi().call('model.saveMetadata', { modelId: model.modelId, metadata, ...target }), {
      signal: abort.signal,
      onStarted: (jobId) => useStudio.getState().setSave({ jobId }),
    });
    // The written file becomes the open model; its form starts from what was just saved.
    useStudio.getState().replaceModel(result.opened);
    useStudio.getState().setSave({ state: 'done', result });
    if (form) useStudio.setState({ notice: `Saved ${result.opened.fileName}` });
  } catch (e) {
    const error = toErrorData(e);
    useStudio
      .getState()
      .setSave({ state: error.code === 'CANCELLED' ? 'idle' : 'error', error: error.code === 'CANCELLED' ? null : error });
    if (error.code === 'CANCELLED') useStudio.setState({ notice: 'Save cancelled: nothing was written' });
  } finally {
    saving = null;
  }
}

export function cancelSave(): void {
  saving?.abort();
}

/** Desktop: the native save dialog first (the page never sees more than the name picked). */
export async function saveMetadataAs(suggestedName: string): Promise<void> {
  const model = useStudio.getState().model;
  if (!model) return;
  try {
    const target = await getApi().call('dialog.saveTarget', { modelId: model.modelId, kind: 'model', suggestedName });
    if (target) await saveMetadata({ targetId: target.targetId });
  } catch (e) {
    useStudio.getState().setSave({ state: 'error', error: toErrorData(e) });
  }
}
