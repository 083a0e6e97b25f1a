import { useJobProgress } from '../../app/jobs';
import { Spinner } from '../../components/Spinner';

/** A job's progress: its label (`fallback` until the first one), a bar when the total is known, announced politely. */
export function JobProgressBar({ jobId, fallback }: { jobId: string | null; fallback: string }) {
  const { label, done, total } = useJobProgress(jobId);
  const pct = total ? Math.min(100, Math.round((done / total) * 100)) : null;
  return (
    <div className="export-progress" role="status">
      <Spinner size={16} /> <span data-testid="job-label">{label || fallback}</span> {pct !== null ? `${pct}%` : ''}
      <progress max={100} value={pct ?? undefined} aria-label="Export progress" />
    </div>
  );
}
