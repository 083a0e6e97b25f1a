// The studio's signing keys are read by several parts of the page (Export's three signing choices,
// Settings → Signing keys): one list in the store, so a key made in one shows in all of them, and
// the cards mounting together share one read instead of one each.
import { useStudio } from '../store';
import { getApi } from '../transport';

let reading: Promise<void> | null = null;

/** Reads the key list into the store, joining a read under way; `fresh` (after a change) starts a new one. Rejects with the call's error. */
export function readKeys(fresh = false): Promise<void> {
  if (reading && !fresh) return reading;
  const read: Promise<void> = getApi()
    .call('keys.list', {})
    // A read overtaken by a fresh one does not write its older list over the newer.
    .then((r) => void (reading === read && useStudio.getState().setKeys(r.keys)))
    .finally(() => {
      if (reading === read) reading = null;
    });
  reading = read;
  return read;
}
