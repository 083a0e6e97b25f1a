import { useEffect, useState } from 'react';
import { Icon } from '../components/Icon';
import { selectConnection, useStudio } from '../store';
import { getApi, webClientOf } from '../transport';

function useSecondsUntil(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [at]);
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Shown while the WebSocket to the host is down; the client keeps retrying with backoff. */
export function ConnectionBanner() {
  const connection = useStudio(selectConnection);
  const seconds = useSecondsUntil(connection?.status === 'disconnected' ? connection.retryAt : null);
  if (!connection || connection.status === 'connected' || connection.failures === 0) return null;
  const title = connection.everConnected ? 'Disconnected from the Modelcrate host.' : 'Cannot reach the Modelcrate host.';
  const help = connection.everConnected
    ? 'Your work in this page is kept; it reconnects on its own.'
    : 'Check that `modelcrate studio --web` is running and that you opened the URL it printed (with its token).';
  return (
    <div className="conn-banner" role="status" data-testid="connection-banner">
      <Icon name="plug" />
      <div className="conn-banner-text">
        <strong>{title}</strong> <span>{help}</span>
      </div>
      <span className="conn-banner-retry">
        {connection.status === 'connecting' ? 'Reconnecting…' : seconds !== null ? `Retrying in ${seconds} s` : ''}
      </span>
      <button
        type="button"
        className="btn btn-sm"
        onClick={() => webClientOf(getApi())?.retryNow()}
        disabled={connection.status === 'connecting'}
      >
        Retry now
      </button>
    </div>
  );
}
