import { Spinner } from '../../components/Spinner';

/** A job's progress: its label, a bar when the total is known, announced politely. */
export function JobProgressBar({ label, done, total }: { label: string; done: number; total: number | null }) {
  const pct = total ? Math.min(100, Math.round((done / total) * 100)) : null;
  return (
    <div className="export-progress" role="status">
      <Spinner size={16} /> <span data-testid="job-label">{label}</span> {pct !== null ? `${pct}%` : ''}
      <progress max={100} value={pct ?? undefined} aria-label="Export progress" />
    </div>
  );
}
