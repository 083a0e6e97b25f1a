// A chunk fetched as soon as the app starts and used without Suspense once it is here. React.lazy
// suspends on first render even when the chunk has already arrived, and React 19 holds a revealed
// Suspense boundary back (~300 ms): the graph's first paint was that much later behind React.lazy.
import { useEffect, useState } from 'react';

export interface Preloaded<T> {
  /** The module, once loaded. */
  current: T | null;
  ready: Promise<T>;
}

/** Starts loading now. A failed load is kept as a rejected `ready` (the hook then renders nothing). */
export function preload<T>(load: () => Promise<T>): Preloaded<T> {
  const p: Preloaded<T> = { current: null, ready: load() };
  p.ready.then(
    (m) => (p.current = m),
    () => {},
  );
  return p;
}

/** The module if it is here (no render is spent waiting), else null until it arrives. */
export function usePreloaded<T>(p: Preloaded<T>): T | null {
  const [mod, setMod] = useState<T | null>(p.current);
  useEffect(() => {
    if (mod) return;
    let live = true;
    p.ready.then(
      (m) => live && setMod(() => m),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [p, mod]);
  return mod ?? p.current;
}
