import type { KeyInfo } from '../../shared/bundle/manifest-signature';

/** A key's public PEM as a file download (<name>.pub.pem): what a verifier or MODELCRATE_PUBLIC_KEY takes. */
export function downloadPublicKey(key: KeyInfo): void {
  const url = URL.createObjectURL(new Blob([key.publicKeyPem], { type: 'application/x-pem-file' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${key.name}.pub.pem`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
