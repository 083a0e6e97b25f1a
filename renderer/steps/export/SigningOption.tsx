// Export → Bundle's signing choice: "Sign with <key>" when the studio has a key, else a field to
// make one; the chosen key's public half downloads as PEM (what a verifier or a server's
// MODELCRATE_PUBLIC_KEY needs). The private key never leaves the main process.
import { useEffect, useState } from 'react';
import type { KeyInfo } from '../../../shared/bundle/manifest-signature';
import { KEY_NAME } from '../../../shared/bundle/manifest-signature';
import { toErrorData, type ErrorData } from '../../../shared/errors';
import { ErrorNote } from '../../components/ErrorNote';
import { getApi } from '../../transport';
import { downloadPublicKey as downloadPem } from '../../app/download-pem';

export interface SignChoice {
  sign: boolean;
  keyName: string | null;
}

export function SigningOption({ value, onChange, disabled }: { value: SignChoice; onChange: (c: SignChoice) => void; disabled: boolean }) {
  const [keys, setKeys] = useState<KeyInfo[] | null>(null);
  const [newName, setNewName] = useState('release');
  const [error, setError] = useState<ErrorData | null>(null);
  const own = (keys ?? []).filter((k) => k.kind === 'own');
  const chosen = own.find((k) => k.name === value.keyName) ?? own[0];

  useEffect(() => {
    let live = true;
    getApi()
      .call('keys.list', {})
      .then((r) => live && setKeys(r.keys), (e: unknown) => live && setError(toErrorData(e)));
    return () => {
      live = false;
    };
  }, []);
  // The choice names a key that exists (the first own key by default).
  useEffect(() => {
    if (chosen && value.keyName !== chosen.name) onChange({ ...value, keyName: chosen.name });
  }, [chosen, value, onChange]);

  const create = async () => {
    setError(null);
    try {
      const k = await getApi().call('keys.create', { name: newName.trim() });
      setKeys((ks) => [...(ks ?? []), k]);
      onChange({ sign: true, keyName: k.name });
    } catch (e) {
      setError(toErrorData(e));
    }
  };

  if (keys === null) return error ? <ErrorNote error={error} testId="keys-error" /> : null;
  return (
    <div className="signing-option" data-testid="signing-option" data-sign={value.sign && !!chosen}>
      {chosen ? (
        <div className="signing-row">
          <label className="check">
            <input type="checkbox" checked={value.sign} disabled={disabled} onChange={(e) => onChange({ sign: e.currentTarget.checked, keyName: chosen.name })} /> Sign with{' '}
            {own.length === 1 ? <strong>{chosen.name}</strong> : null}
          </label>
          {own.length > 1 ? (
            <select className="input signing-key-select" aria-label="Signing key" value={chosen.name} disabled={disabled} onChange={(e) => onChange({ sign: value.sign, keyName: e.currentTarget.value })}>
              {own.map((k) => (
                <option key={k.name} value={k.name}>
                  {k.name}
                </option>
              ))}
            </select>
          ) : null}
          <span className="muted small mono" title="Key id: the first 16 hex digits of the SHA-256 of the public key">
            {chosen.keyId}
          </span>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => downloadPem(chosen)}>
            Export public key
          </button>
        </div>
      ) : (
        <div className="signing-row">
          <span className="muted small">No signing key yet. Bundles can be signed (Ed25519) so servers refuse altered copies.</span>
          <input className="input mono signing-key-name" aria-label="New key name" value={newName} disabled={disabled} onChange={(e) => setNewName(e.currentTarget.value)} />
          <button type="button" className="btn btn-sm" disabled={disabled || !KEY_NAME.test(newName.trim())} onClick={() => void create()}>
            Create signing key
          </button>
        </div>
      )}
      {error ? <ErrorNote error={error} testId="keys-error" /> : null}
    </div>
  );
}
