import { Icon } from '../components/Icon';

/**
 * Browser mode, no ?token=… in the URL and the host refused us: nothing can work, so say how to
 * get the right URL.
 */
export function MissingToken() {
  return (
    <div className="app" data-app-state="error">
      <main className="missing-token" id="main">
        <div className="missing-token-card" role="alert" data-testid="missing-token" data-error-code="FORBIDDEN">
          <span className="missing-token-icon">
            <Icon name="key" size={32} />
          </span>
          <h1>This page needs its access token</h1>
          <p>The Modelcrate host did not let this page in: its address has no access token.</p>
          <p>
            Start the studio with <code>npx modelcrate studio --web</code> and open the URL it prints — it looks like{' '}
            <code>http://127.0.0.1:PORT/?token=…</code>. The token keeps other pages and other users of this machine away from your files.
          </p>
        </div>
      </main>
    </div>
  );
}
