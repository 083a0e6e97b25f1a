import { App } from './App';
import { MissingToken } from './app/MissingToken';
import { useStudio } from './store';
import { pageToken } from './transport';

const hasToken = pageToken() !== null;

/** The app, unless the page came without a token and the host will not talk to it. */
export function Root() {
  const refused = useStudio((s) => !hasToken && s.connection !== null && !s.connection.everConnected && s.connection.failures > 0);
  return refused ? <MissingToken /> : <App />;
}
