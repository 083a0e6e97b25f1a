// The Export step's calls: pack the open model into a bundle (a job) and verify what was packed.
// Metadata comes from the Metadata step's form when it is valid, else from the model.
import type { PackInputs } from '../../../shared/bundle/pack-inputs';
import type { Job } from '../../../shared/jobs';
import type { PackedBundle } from '../../../shared/contract';
import type { VerifyReport } from '../../../shared/bundle/verify-report';
import { toErrorData, type ErrorData } from '../../../shared/errors';
import { slug } from '../../../shared/metadata/defaults';
import { checkMetadata } from '../../../shared/metadata/parse-metadata';
import type { Metadata } from '../../../shared/metadata/schema';
import { startJob } from '../../app/jobs';
import { useStudio } from '../../store';
import { getApi } from '../../transport';
import { currentMetadataInput } from '../metadata/meta-commands';

export type JobState<T> =
  | { state: 'idle' }
  /** jobId: the job whose progress to show (null while it starts). */
  | { state: 'running'; jobId: string | null }
  | { state: 'done'; result: T }
  | { state: 'error'; error: ErrorData };

/** The metadata a pack would use, and where it came from. */
export async function metadataForPack(): Promise<{ metadata: Metadata; from: 'form' | 'model' } | { error: string }> {
  const input = currentMetadataInput();
  if (input) {
    const { metadata } = checkMetadata(input);
    return metadata ? { metadata, from: 'form' } : { error: 'The Metadata step has fields to fix first.' };
  }
  const model = useStudio.getState().model;
  if (!model) return { error: 'Open a model first.' };
  const { metadata } = await getApi().call('model.metadata', { modelId: model.modelId });
  return { metadata, from: 'model' };
}

/** Sample names as file names: the Test step allows any text, a bundle letters, digits and . _ -. */
export function sampleFileNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((n, i) => {
    const base = (slug(n) || `sample-${i + 1}`).slice(0, 56);
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}-${k}`;
    used.add(name);
    return name;
  });
}

/** The inputs of an export job now (the golden samples under file names); throws (with what to fix) when the metadata cannot be had. */
export async function packInputs(): Promise<PackInputs> {
  const meta = await metadataForPack();
  if ('error' in meta) throw new Error(meta.error);
  const samples = useStudio.getState().samples;
  const names = sampleFileNames(samples.map((s) => s.name));
  return { metadata: meta.metadata, samples: samples.map((s, i) => ({ name: names[i]!, inputs: s.inputs })) };
}

/**
 * One export job of a kind at a time (a pack, an artifact push), followed into its card's state:
 * progress while it runs; when done the model counts as exported (the card's outcome pane says so,
 * in view and announced: no toast over it);
 * a cancel leaves the card idle, any other failure shows its error.
 */
export class ExportJob<T> {
  /** Set while a job of this kind starts or runs; aborting it cancels the job (even before it has an id). */
  private abort: AbortController | null = null;

  get busy(): boolean {
    return this.abort !== null;
  }

  async run(start: (inputs: PackInputs) => Promise<Job<T>>, set: (s: JobState<T>) => void): Promise<T | null> {
    const abort = (this.abort = new AbortController());
    set({ state: 'running', jobId: null });
    try {
      const inputs = await packInputs();
      const result = await startJob<T>(() => start(inputs), {
        signal: abort.signal,
        onStarted: (jobId) => set({ state: 'running', jobId }),
      });
      set({ state: 'done', result });
      useStudio.getState().markExported();
      return result;
    } catch (e) {
      const error = toErrorData(e);
      set(error.code === 'CANCELLED' ? { state: 'idle' } : { state: 'error', error });
      return null;
    } finally {
      this.abort = null;
    }
  }

  cancel(): void {
    this.abort?.abort();
  }
}

const packing = new ExportJob<PackedBundle>();

/** Where the bundle goes: a name beside the model, or (desktop) a path picked in the native dialog. */
export type PackTarget = { fileName: string } | { dialog: string };

/** `sign`: the studio key to sign modelcrate.json with (Export → Bundle's "Sign with"), or null. */
export async function packBundle(
  where: PackTarget,
  overwrite: boolean,
  set: (s: JobState<PackedBundle>) => void,
  sign: string | null = null,
): Promise<PackedBundle | null> {
  const model = useStudio.getState().model;
  if (!model || packing.busy) return null;
  let target: { fileName: string } | { targetId: string };
  if ('dialog' in where) {
    const picked = await getApi()
      .call('dialog.saveTarget', { modelId: model.modelId, kind: 'bundle', suggestedName: where.dialog })
      .catch((e: unknown) => {
        set({ state: 'error', error: toErrorData(e) });
        return undefined;
      });
    if (!picked) return null;
    target = { targetId: picked.targetId };
  } else target = where;
  return packing.run(
    ({ metadata, samples }) =>
      getApi().call('bundle.pack', {
        modelId: model.modelId,
        metadata,
        ...target,
        overwrite,
        samples,
        ...(sign ? { sign: true, keyName: sign } : {}),
      }),
    set,
  );
}

export function cancelPack(): void {
  packing.cancel();
}

export async function verifyBundle(bundleId: string, set: (s: JobState<VerifyReport>) => void): Promise<void> {
  set({ state: 'running', jobId: null });
  try {
    const result = await startJob<VerifyReport>(() => getApi().call('bundle.verify', { bundleId }), {
      onStarted: (jobId) => set({ state: 'running', jobId }),
    });
    set({ state: 'done', result });
  } catch (e) {
    set({ state: 'error', error: toErrorData(e) });
  }
}
