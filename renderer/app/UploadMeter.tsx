import { formatBytes } from '../../shared/format';
import { formatTimeLeft } from '../format/numbers';
import type { UploadProgress } from '../transport';

/** Below this a transfer is over before a rate means anything. */
const SHOW_RATE_FROM_BYTES = 32 << 20;

/** A bar and "120 MB of 300 MB · 85 MB/s · 2 s left" for the bytes on their way to the host. */
export function UploadMeter({ upload }: { upload: UploadProgress }) {
  const percent = Math.floor(upload.fraction * 100);
  const amount = `${formatBytes(upload.sent)} of ${formatBytes(upload.total)}`;
  const rate = upload.total >= SHOW_RATE_FROM_BYTES && upload.bytesPerSecond ? upload.bytesPerSecond : null;
  return (
    <div className="upload-meter">
      <div
        className="upload-bar"
        role="progressbar"
        aria-label="Upload progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% (${amount})`}
      >
        <span className="upload-bar-fill" style={{ width: `${upload.fraction * 100}%` }} />
      </div>
      <p className="upload-numbers">
        <span>{amount}</span>
        {rate ? <span>{formatBytes(rate)}/s</span> : null}
        {rate && upload.etaSeconds !== null ? <span>{formatTimeLeft(upload.etaSeconds)}</span> : null}
      </p>
    </div>
  );
}
