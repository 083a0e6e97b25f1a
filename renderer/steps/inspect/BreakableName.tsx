// A tensor, node or op name that may wrap in a narrow table cell, but only after a separator
// ("layer1.0.conv1.weight" breaks after a dot, never inside "conv1"; a type after a comma): a <wbr>
// after each one.
// overflow-wrap: anywhere stays on the cell for a name with no separator at all, as a last resort.
import { Fragment } from 'react';

const AFTER = /(?<=[./_:,[-])/;

export function BreakableName({ name }: { name: string }) {
  const parts = name.split(AFTER);
  if (parts.length < 2) return <>{name}</>;
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {p}
        </Fragment>
      ))}
    </>
  );
}
