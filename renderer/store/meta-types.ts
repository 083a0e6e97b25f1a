import type { OpenedModel, SavedModel } from '../../shared/contract';
import type { ErrorData } from '../../shared/errors';
import type { ModelMetadata } from '../../shared/metadata/defaults';
import type { MetaForm } from '../steps/metadata/meta-form';

export interface SaveState {
  state: 'idle' | 'saving' | 'done' | 'error';
  /** The model.saveMetadata job (its progress is in the jobs slice), once the host answered. */
  jobId: string | null;
  result: SavedModel | null;
  error: ErrorData | null;
}

export interface MetaSlice {
  /** The model the form belongs to. */
  metaModelId: string | null;
  metaLoad: 'idle' | 'loading' | 'ready' | 'error';
  loaded: ModelMetadata | null;
  form: MetaForm | null;
  /** The form as last loaded or saved, to tell unsaved changes. */
  savedForm: MetaForm | null;
  past: MetaForm[];
  future: MetaForm[];
  /** The field of the last edit: consecutive keystrokes in one field make one undo step. */
  lastEdit: { field: string; at: number } | null;
  save: SaveState;
  resetMeta(model: OpenedModel | null): void;
  metaLoaded(modelId: string, loaded: ModelMetadata): void;
  metaFailed(modelId: string, error: ErrorData): void;
  editForm(field: string, patch: Partial<MetaForm>): void;
  undo(): void;
  redo(): void;
  setSave(patch: Partial<SaveState>): void;
}
