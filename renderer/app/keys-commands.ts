// The studio's signing keys are read by several parts of the page (Export's signing choices,
// Settings → Signing keys); when one adds a key, the others read the list again.
const listeners = new Set<() => void>();

export function onKeysChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export function keysChanged(): void {
  for (const l of listeners) l();
}
