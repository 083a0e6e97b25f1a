import { selectConnection, useStudio } from '../store';

const LABEL = { connecting: 'Connecting…', connected: 'Connected', disconnected: 'Disconnected' } as const;

/** Browser mode only: whether the page still talks to the local host. */
export function ConnectionDot() {
  const connection = useStudio(selectConnection);
  if (!connection) return null;
  return (
    <span className="conn" data-connection={connection.status} title="Connection to the local Modelcrate host">
      <span className="conn-dot" aria-hidden="true" />
      {LABEL[connection.status]}
    </span>
  );
}
