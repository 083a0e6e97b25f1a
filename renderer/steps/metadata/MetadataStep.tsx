import { useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { checkMetadata } from '../../../shared/metadata/parse-metadata';
import type { Metadata } from '../../../shared/metadata/schema';
import { Spinner } from '../../components/Spinner';
import { useStudio } from '../../store';
import { CardPreview } from './CardPreview';
import { currentMetadataInput, currentPropsChange, loadMetadata } from './meta-commands';
import { openGuesses } from './guesses';
import { issueTarget, type IssueTarget } from './issue-targets';
import { fieldOfIssue } from './meta-form';
import { DetailsCard, IdentityCard, IoCard } from './MetaFormCards';
import { PropsCard } from './PropsCard';
import { SaveCard } from './SaveCard';
import { useMetaShortcuts, useUnsavedGuard } from './use-meta-keys';
import './metadata.css';

export function MetadataStep() {
  const { model, metaLoad, loaded, form, savedForm, canUndo, canRedo, dirty } = useStudio(
    useShallow((s) => ({
      model: s.model,
      metaLoad: s.metaLoad,
      loaded: s.loaded,
      form: s.form,
      savedForm: s.savedForm,
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
  // The schema's verdict on the form as it is: inline messages, the summary, the diff and Save all read it.
  const checked = useMemo(() => {
    const input = form ? currentMetadataInput() : null;
    const props = currentPropsChange();
    const errors: Record<string, string> = {};
    const invalid: Array<IssueTarget & { message: string }> = [];
    const add = (key: string, message: string) => {
      if (key in errors) return;
      errors[key] = message;
      invalid.push({ ...issueTarget(key), message });
    };
    const { metadata, issues } = input ? checkMetadata(input) : { metadata: null, issues: [] };
    for (const i of issues) add(fieldOfIssue(i.path), i.message);
    for (const [row, message] of Object.entries(props.errors)) add(`prop:${row}`, message);
    return { metadata, errors, invalid, props };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- currentMetadataInput() reads the profile from the store; model: the props table belongs to the model
  }, [form, profile, model]);
  // The card keeps showing the last valid metadata while a field is being fixed, rather than blanking.
  const lastValid = useRef<{ modelId: string; metadata: Metadata } | null>(null);
  if (checked.metadata && model) lastValid.current = { modelId: model.modelId, metadata: checked.metadata };
  const shown = checked.metadata ?? (lastValid.current?.modelId === model?.modelId ? (lastValid.current?.metadata ?? null) : null);
  const guesses = form ? openGuesses(form, savedForm, loaded?.source).map(issueTarget) : [];
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
          <IdentityCard errors={checked.errors} guesses={guesses} />
          <IoCard errors={checked.errors} guesses={guesses} />
          <DetailsCard errors={checked.errors} />
          <PropsCard errors={checked.props.errors} />
        </div>
        <div className="meta-side">
          <SaveCard metadata={checked.metadata} fallback={shown} invalid={checked.invalid} guesses={guesses} props={checked.props.change} />
          <CardPreview metadata={shown} invalid={checked.metadata ? [] : checked.invalid} />
        </div>
      </div>
    </div>
  );
}
