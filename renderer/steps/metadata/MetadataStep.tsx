import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { checkMetadata } from '../../../shared/metadata/parse-metadata';
import { Spinner } from '../../components/Spinner';
import { useStudio } from '../../store';
import { CardPreview } from './CardPreview';
import { currentMetadataInput, loadMetadata } from './meta-commands';
import { fieldOfIssue } from './meta-form';
import { DetailsCard, IdentityCard, IoCard } from './MetaFormCards';
import { SaveCard } from './SaveCard';
import { useMetaShortcuts, useUnsavedGuard } from './use-meta-keys';
import './metadata.css';

export function MetadataStep() {
  const { model, metaLoad, loaded, form, canUndo, canRedo, dirty } = useStudio(
    useShallow((s) => ({
      model: s.model,
      metaLoad: s.metaLoad,
      loaded: s.loaded,
      form: s.form,
      canUndo: s.past.length > 0,
      canRedo: s.future.length > 0,
      dirty: s.form !== s.savedForm,
    })),
  );
  const profile = useStudio((s) => s.profile.result);
  const { undo, redo } = useStudio(useShallow((s) => ({ undo: s.undo, redo: s.redo })));
  useEffect(() => void loadMetadata(), [model?.modelId, metaLoad]);
  useMetaShortcuts();
  useUnsavedGuard(dirty);
  // The schema's verdict on the form as it is: inline messages, the diff and Save all read it.
  const checked = useMemo(() => {
    const input = form ? currentMetadataInput() : null;
    if (!input) return { metadata: null, errors: {} as Record<string, string>, count: 0 };
    const { metadata, issues } = checkMetadata(input);
    const errors: Record<string, string> = {};
    for (const i of issues) errors[fieldOfIssue(i.path)] ??= i.message;
    return { metadata, errors, count: issues.length };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- currentMetadataInput() reads the profile from the store
  }, [form, profile]);
  if (!model) return null;
  if (metaLoad !== 'ready' || !form) {
    return (
      <div className="meta-step" data-meta-state={metaLoad}>
        {metaLoad === 'error' ? <p className="empty">The metadata could not be read; see the message above.</p> : <Spinner />}
      </div>
    );
  }
  return (
    <div className="meta-step" data-meta-state={dirty ? 'dirty' : 'saved'}>
      <div className="step-intro meta-intro">
        <div>
          <h1>Metadata</h1>
          <p className="lead">
            Describe <span className="mono">{model.fileName}</span>: who made it, under which licence, what goes in and out. It is written
            into the model and its card.
          </p>
          <p className="muted small" data-testid="meta-source">
            {loaded?.source === 'stored'
              ? 'Loaded from the metadata stored in the model.'
              : 'Filled in from what the model says; nothing stored yet.'}
            {loaded?.warning ? ` ${loaded.warning}` : ''}
          </p>
        </div>
        <div className="meta-history">
          <button type="button" className="btn btn-ghost btn-sm" disabled={!canUndo} onClick={undo} aria-keyshortcuts="Control+Z">
            Undo
          </button>
          <button type="button" className="btn btn-ghost btn-sm" disabled={!canRedo} onClick={redo} aria-keyshortcuts="Control+Shift+Z">
            Redo
          </button>
          {dirty ? <span className="badge badge-accent">Unsaved changes</span> : null}
        </div>
      </div>
      <div className="meta-columns">
        <div className="meta-main">
          <IdentityCard errors={checked.errors} />
          <IoCard errors={checked.errors} />
          <DetailsCard errors={checked.errors} />
        </div>
        <div className="meta-side">
          <SaveCard metadata={checked.metadata} issueCount={checked.count} />
          <CardPreview metadata={checked.metadata} />
        </div>
      </div>
    </div>
  );
}
