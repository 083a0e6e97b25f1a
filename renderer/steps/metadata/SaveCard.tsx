import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useJobProgress } from '../../app/jobs';
import type { Metadata } from '../../../shared/metadata/schema';
import type { CustomPropsChange } from '../../../shared/metadata/onnx-props';
import { formatBytes } from '../../../shared/format';
import { Card } from '../../components/Card';
import { Spinner } from '../../components/Spinner';
import { useStudio } from '../../store';
import { getApi, isDesktop } from '../../transport';
import { DOWNLOAD_PATH } from '../../../shared/ws-protocol';
import { ErrorNote } from '../../components/ErrorNote';
import { cancelSave, saveMetadata, saveMetadataAs } from './meta-commands';
import { ShowInFolder } from '../../components/ShowInFolder';
import { metadataDiff, shortValue } from './meta-diff';

import { focusField, type IssueTarget } from './issue-targets';
import { suggestedFileName } from './save-name';

/** The fields a summary names, each a button that takes the focus there. */
function FieldLinks({ targets, messages }: { targets: IssueTarget[]; messages?: boolean }) {
  return (
    <ul className="meta-issue-list">
      {targets.map((t) => (
        <li key={t.key} data-issue={t.key}>
          <button type="button" className="link-btn" onClick={() => focusField(t.id)}>
            {t.label}
          </button>
          {messages && 'message' in t ? <span className="muted">: {String(t.message)}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** What will be written (a diff of the file's metadata), then Save as a new file or over the model. */
export function SaveCard({
  metadata,
  fallback,
  invalid,
  guesses,
  props,
}: {
  metadata: Metadata | null;
  /** The last valid metadata while a field is invalid: the suggested file name keeps its version. */
  fallback: Metadata | null;
  invalid: Array<IssueTarget & { message: string }>;
  guesses: IssueTarget[];
  props: CustomPropsChange;
}) {
  const issueCount = invalid.length;
  const model = useStudio((s) => s.model);
  const save = useStudio(useShallow((s) => s.save));
  const labelsFormat = useStudio((s) => s.form?.labelsFormat ?? undefined);
  const progress = useJobProgress(save.jobId);
  const [name, setName] = useState<string | null>(null);
  if (!model) return null;
  const desktop = isDesktop(getApi());
  const fileName = name ?? suggestedFileName(model.fileName, (metadata ?? fallback)?.version ?? null);
  const rows = metadata && issueCount === 0 ? metadataDiff(model.summary, metadata, { custom: props, labelsFormat }) : [];
  const busy = save.state === 'saving';
  // Busy is aria-disabled, not disabled: a disabled button drops the keyboard focus mid-save.
  const blocked = !metadata || issueCount > 0 || rows.length === 0;
  const pct = progress.total ? Math.round((progress.done / progress.total) * 100) : null;
  return (
    <Card id="meta-save" title="Save into the model" className="meta-save">
      <div data-save-state={save.state}>
        {issueCount > 0 ? (
          <div className="meta-issues" role="status" data-testid="meta-issues">
            <p className="field-error">{issueCount === 1 ? 'One field needs' : `${issueCount} fields need`} fixing before saving:</p>
            <FieldLinks targets={invalid} messages />
          </div>
        ) : rows.length === 0 ? (
          <p className="muted small">The model already holds this metadata.</p>
        ) : (
          <div className="table-wrap">
            <table className="table meta-diff" aria-label="Changes to be written">
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Now</th>
                  <th scope="col">After saving</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.field} data-field={r.field}>
                    <td className="mono">{r.field}</td>
                    <td className="mono muted">{shortValue(r.before)}</td>
                    <td className="mono">{shortValue(r.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="muted small">Only these records change; the graph and weights are copied byte for byte.</p>
        {guesses.length > 0 ? (
          <div className="meta-guesses small" data-testid="meta-guesses">
            <p>
              <span className="badge badge-guess">Guessed</span> Read from the model's shape, not confirmed yet: check them before shipping.
            </p>
            <FieldLinks targets={guesses} />
          </div>
        ) : null}
        {desktop ? null : (
          <div className="field">
            <label className="field-label" htmlFor="meta-save-name">
              New file (beside the model)
            </label>
            <input
              id="meta-save-name"
              className="input mono"
              value={fileName}
              disabled={busy}
              onChange={(e) => setName(e.currentTarget.value)}
            />
          </div>
        )}
        <div className="meta-save-actions">
          {desktop ? (
            <button
              type="button"
              className="btn btn-primary"
              data-save-primary
              disabled={blocked}
              aria-disabled={busy || undefined}
              onClick={() => !busy && void saveMetadataAs(fileName)}
            >
              Save as…
            </button>
          ) : (
            <button
              type="button"
              className="btn btn-primary"
              data-save-primary
              disabled={blocked}
              aria-disabled={busy || undefined}
              onClick={() => !busy && void saveMetadata({ fileName })}
            >
              Save as new file
            </button>
          )}
          <button
            type="button"
            className="btn"
            disabled={blocked || busy}
            onClick={() => {
              if (window.confirm(`Overwrite ${model.fileName}? A backup of the original is kept beside it.`))
                void saveMetadata({ overwrite: true });
            }}
          >
            Overwrite model…
          </button>
          {busy ? (
            <button type="button" className="btn btn-ghost" onClick={cancelSave}>
              Cancel
            </button>
          ) : null}
        </div>
        {busy ? (
          <div className="meta-progress" role="status">
            <Spinner size={16} /> Writing… {pct !== null ? `${pct}%` : ''}
            <progress max={100} value={pct ?? undefined} aria-label="Saving progress" />
          </div>
        ) : null}
        {save.state === 'done' && save.result ? (
          <p className="meta-saved" role="status" data-testid="save-result">
            Saved <span className="mono">{save.result.opened.fileName}</span> ({formatBytes(save.result.bytes)})
            {save.result.backupFileName ? (
              <>
                {' '}
                · backup <span className="mono">{save.result.backupFileName}</span>
              </>
            ) : null}
            . It is now the open model.
            {isDesktop(getApi()) ? (
              <>
                {' '}
                <ShowInFolder fileId={save.result.fileId} />
              </>
            ) : (
              <>
                {' '}
                <a
                  className="btn btn-ghost btn-sm"
                  href={`${DOWNLOAD_PATH}${encodeURIComponent(save.result.fileId)}`}
                  download={save.result.opened.fileName}
                >
                  Download
                </a>
              </>
            )}
          </p>
        ) : null}
        {save.state === 'error' && save.error ? <ErrorNote error={save.error} /> : null}
      </div>
    </Card>
  );
}
