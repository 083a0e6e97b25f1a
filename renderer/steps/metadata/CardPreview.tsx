import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo, useState } from 'react';
import { renderModelCard } from '../../../shared/metadata/model-card';
import type { Metadata } from '../../../shared/metadata/schema';
import { Card } from '../../components/Card';
import { useStudio } from '../../store';
import { focusField, type IssueTarget } from './issue-targets';

/** Markdown → sanitised HTML: the card is the user's own text, but it may be pasted from anywhere. */
function toHtml(markdown: string): string {
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
  return DOMPurify.sanitize(marked.parse(body, { async: false, gfm: true }));
}

/**
 * The README.md a bundle will carry: previewed as rendered, editable as Markdown. While fields are
 * invalid it keeps the last valid metadata and names the fields whose edits it does not show yet.
 */
export function CardPreview({ metadata, invalid }: { metadata: Metadata | null; invalid: IssueTarget[] }) {
  const graph = useStudio((s) => s.model?.summary.graph);
  const card = useStudio((s) => s.form?.card ?? null);
  const edit = useStudio((s) => s.editForm);
  const [editing, setEditing] = useState(false);
  const generated = useMemo(
    () => (metadata && graph ? renderModelCard({ ...metadata, modelCard: undefined }, graph) : null),
    [metadata, graph],
  );
  const text = card ?? generated ?? '';
  const html = useMemo(() => toHtml(text), [text]);
  const front = text.match(/^---\n([\s\S]*?)\n---\n/)?.[1];
  const actions = (
    <>
      {card !== null ? (
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => edit('card', { card: null })}>
          Back to generated
        </button>
      ) : null}
      <button type="button" className="btn btn-ghost btn-sm" aria-pressed={editing} onClick={() => setEditing(!editing)}>
        {editing ? 'Preview' : 'Edit'}
      </button>
    </>
  );
  return (
    <Card id="meta-card" title="Model card (README.md)" actions={actions} className="meta-card">
      {card !== null ? <p className="muted small">Edited by hand: changes in the form no longer update it.</p> : null}
      {invalid.length > 0 && card === null ? (
        <p className="meta-card-stale small" data-testid="card-stale">
          {metadata ? 'Showing the last valid values; not shown until fixed: ' : 'The card appears once these are fixed: '}
          {invalid.map((t, i) => (
            <span key={t.key}>
              {i > 0 ? ', ' : ''}
              <button type="button" className="link-btn" onClick={() => focusField(t.id)}>
                {t.label}
              </button>
            </span>
          ))}
        </p>
      ) : null}
      {editing ? (
        <textarea
          aria-label="Model card Markdown"
          className="input textarea mono card-editor"
          rows={24}
          value={text}
          onChange={(e) => edit('card', { card: e.currentTarget.value })}
        />
      ) : (
        <>
          {front ? <pre className="card-front mono small">{front}</pre> : null}
          {/* Sanitised by DOMPurify above; the CSP forbids inline scripts besides. */}
          <div className="card-md" data-testid="card-preview" dangerouslySetInnerHTML={{ __html: html }} />
        </>
      )}
    </Card>
  );
}
