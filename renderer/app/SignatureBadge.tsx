// The signature state of an opened bundle, beside its name in the header. An INVALID signature
// never gets here: the open is refused with the error that says what to do.
import type { SignatureStatus } from '../../shared/bundle/manifest-signature';
import { describeSignature } from '../../shared/bundle/manifest-signature';

const TEXT: Record<Exclude<SignatureStatus['state'], 'invalid'>, string> = {
  trusted: 'Signed',
  'unknown-key': 'Signed by unknown key',
  unsigned: 'Unsigned',
};

export function SignatureBadge({ status }: { status: SignatureStatus }) {
  if (status.state === 'invalid') return null;
  const label = status.state === 'trusted' ? `${TEXT.trusted} · ${status.keyName}` : TEXT[status.state];
  return (
    <span
      className={`badge signature-badge signature-${status.state}`}
      data-testid="header-signature"
      data-signature-state={status.state}
      title={describeSignature(status)}
    >
      {label}
    </span>
  );
}
