import { TOKEN_PARAM } from '../../shared/ws-protocol';

/** The access token the web host printed in its URL (`?token=…`), or null when there is none. */
export function tokenFromSearch(search: string): string | null {
  const token = new URLSearchParams(search).get(TOKEN_PARAM);
  return token && token.trim() ? token.trim() : null;
}
