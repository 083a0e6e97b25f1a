import type { RecentFile } from '../../../shared/contract';
import { Icon } from '../../components/Icon';
import { clearRecent, openRecent } from '../../app/commands';
import { relativeTime } from '../../format/relative-time';
import { selectRecent, useStudio } from '../../store';

export function RecentList() {
  const recent = useStudio(selectRecent);
  const loaded = useStudio((s) => s.recentLoaded);
  const web = useStudio((s) => s.connection !== null);
  const busy = useStudio((s) => s.status === 'loading');
  // In the browser, models arrive as uploaded copies that the host deletes when it stops: there is
  // nothing to reopen, so no empty list that never fills — one plain line says why instead.
  if (web && loaded && recent.length === 0) {
    return (
      <p className="recent-web-note muted" data-testid="recent-web-note">
        No recent files in the browser: a file you drop or choose here is uploaded as a temporary copy, deleted when the studio stops. The
        desktop app remembers the models you open from disk, and so does <code>modelcrate studio model.onnx</code>.
      </p>
    );
  }
  return (
    <section className="recent" aria-labelledby="recent-title">
      <div className="recent-head">
        <h2 id="recent-title">{web ? 'Recent files opened from disk' : 'Recent files'}</h2>
        {recent.length > 0 ? (
          <button type="button" className="btn btn-ghost btn-sm" aria-label="Clear recent files" onClick={() => void clearRecent()}>
            <Icon name="trash" size={16} />
            Clear
          </button>
        ) : null}
      </div>
      {recent.length === 0 ? (
        <p className="empty">{!loaded ? 'Loading…' : 'Models you open appear here.'}</p>
      ) : (
        <ul className="recent-list" data-testid="recent-list">
          {recent.map((r) => (
            <RecentItem key={r.recentId} entry={r} disabled={busy} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RecentItem({ entry, disabled }: { entry: RecentFile; disabled: boolean }) {
  const missing = !entry.exists;
  return (
    <li>
      <button
        type="button"
        className="recent-item"
        data-missing={missing || undefined}
        disabled={missing || disabled}
        title={missing ? `${entry.displayPath} no longer exists` : `Open ${entry.displayPath}`}
        onClick={() => void openRecent(entry)}
      >
        <Icon name="file" className="recent-icon" />
        <span className="recent-text">
          <span className="recent-name">{entry.name}</span>
          <span className="recent-path">{entry.displayPath}</span>
        </span>
        {missing ? <span className="badge badge-muted">missing</span> : null}
        <time className="recent-time" dateTime={entry.openedAt}>
          {relativeTime(entry.openedAt)}
        </time>
      </button>
    </li>
  );
}
