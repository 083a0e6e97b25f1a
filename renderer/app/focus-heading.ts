// After a step is chosen in the step bar, focus goes to the step's heading: keyboard users start
// reading the step at its top, and a screen reader says where they are, instead of staying on the bar.

/** How long a lazily loaded step (Metadata, Test, Export) may take to appear. */
const WAIT_MS = 5000;

function heading(): HTMLElement | null {
  return document.querySelector<HTMLElement>('#main h1');
}

/**
 * Called before the step changes: waits (a frame at a time) for the next step's h1, one that is not
 * the heading shown now unless the step stays the same, then focuses it.
 */
export function focusStepHeading(sameStep: boolean): void {
  const before = heading();
  const started = performance.now();
  const look = () => {
    const h = heading();
    if (h && (sameStep || h !== before)) {
      if (!h.hasAttribute('tabindex')) h.tabIndex = -1;
      h.focus({ preventScroll: true });
      window.scrollTo({ top: 0 });
      return;
    }
    if (performance.now() - started < WAIT_MS) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}
