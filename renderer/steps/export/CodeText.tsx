import { Fragment } from 'react';

/**
 * A message from core with `commands` in backticks (the CLI prints them as they are): here the
 * backticked parts are code, never literal backticks.
 */
export function CodeText({ text }: { text: string }) {
  const parts = text.split(/`([^`]+)`/);
  return (
    <>
      {parts.map((p, i) =>
        i % 2 ? (
          <code key={i} className="mono inline-code">
            {p}
          </code>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </>
  );
}
