// Class labels: a tall one-per-line editor with a count, checked against the width of the model's
// score output ("1000 labels for a 1000-wide output", or what is missing or extra), and filled from a
// .txt, .json or .csv file read in the page (labels-import.ts).
import { useState } from 'react';
import { classCount } from '../../../shared/metadata/task-guess';
import { useStudio } from '../../store';
import { LabelsFileError, labelsFromFile } from './labels-import';
import { labelList } from './meta-form';

function countCheck(count: number, classes: { output: string; classes: number } | null): { text: string; ok: boolean | null } {
  const n = `${count} label${count === 1 ? '' : 's'}`;
  if (!classes) return { text: count ? n : 'No labels', ok: null };
  const c = classes.classes;
  if (count === 0) return { text: `No labels: "${classes.output}" has ${c} classes`, ok: null };
  if (count === c) return { text: `${n} for a ${c}-wide output`, ok: true };
  const diff = Math.abs(c - count);
  return {
    text: `${n}, but "${classes.output}" has ${c} classes: ${diff} ${count < c ? 'missing' : 'too many'}`,
    ok: false,
  };
}

export function LabelsEditor({ error }: { error?: string }) {
  const text = useStudio((s) => s.form?.labels ?? '');
  const summary = useStudio((s) => s.model?.summary);
  const edit = useStudio((s) => s.editForm);
  const [imported, setImported] = useState<{ ok: boolean; text: string } | null>(null);
  const count = labelList(text).length;
  const check = countCheck(count, summary ? classCount(summary) : null);
  const pick = async (file: File | undefined) => {
    if (!file) return;
    try {
      const labels = labelsFromFile(file.name, await file.text());
      edit('labels-import', { labels: labels.join('\n') });
      setImported({ ok: true, text: `Imported ${labels.length} labels from ${file.name}.` });
    } catch (e) {
      const why = e instanceof LabelsFileError ? e.message : `${file.name} could not be read (${(e as Error).message}).`;
      setImported({ ok: false, text: `${why} Nothing was changed.` });
    }
  };
  const state = check.ok === true ? 'match' : check.ok === false ? 'mismatch' : 'none';
  return (
    <div className={error ? 'field meta-field field-bad' : 'field meta-field'}>
      <div className="meta-labels-head">
        <label className="field-label" htmlFor="meta-labels">
          Class labels
        </label>
        <label className="btn btn-ghost btn-sm meta-file-btn">
          Import from file…
          <input
            type="file"
            className="visually-hidden"
            accept=".txt,.json,.csv,text/plain,application/json,text/csv"
            aria-label="Import labels from a .txt, .json or .csv file"
            data-testid="labels-file"
            onChange={(e) => {
              void pick(e.currentTarget.files?.[0]);
              e.currentTarget.value = '';
            }}
          />
        </label>
      </div>
      <textarea
        id="meta-labels"
        className="input textarea mono meta-labels"
        rows={10}
        spellCheck={false}
        wrap="off"
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'meta-labels-error' : 'meta-labels-count meta-labels-hint'}
        onChange={(e) => edit('labels', { labels: e.currentTarget.value })}
      />
      {error ? (
        <span id="meta-labels-error" className="field-note field-error" role="alert">
          {error}
        </span>
      ) : (
        <span id="meta-labels-hint" className="field-note field-hint">
          One per line, in class-index order; or import a .txt (one per line), .json (array or {'{index: label}'}) or .csv file.
        </span>
      )}
      <span
        id="meta-labels-count"
        className={`meta-labels-count small is-${state}`}
        data-testid="labels-count"
        data-labels-check={state}
        role="status"
      >
        {check.text}
      </span>
      {imported ? (
        <span
          className={imported.ok ? 'small muted' : 'field-error'}
          data-testid="labels-import-result"
          role={imported.ok ? 'status' : 'alert'}
        >
          {imported.text}
        </span>
      ) : null}
    </div>
  );
}
