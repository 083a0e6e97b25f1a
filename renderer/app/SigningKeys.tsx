// Settings → Signing keys: the studio's own keys (they sign bundles) and the public keys it trusts
// (bundles they sign open as "Signed"). Changes here apply at once, not on Save: a key is a file
// in the data folder, not a setting.
import { useEffect, useState } from 'react';
import { KEY_NAME } from '../../shared/bundle/manifest-signature';
import { toErrorData, type ErrorData } from '../../shared/errors';
import { ErrorNote } from '../components/ErrorNote';
import { getApi } from '../transport';
import { downloadPublicKey } from './download-pem';
import { useStudio } from '../store';
import { readKeys } from './keys-commands';

export function SigningKeys() {
  const keys = useStudio((s) => s.keys);
  const [newName, setNewName] = useState('');
  const [pem, setPem] = useState('');
  const [error, setError] = useState<ErrorData | null>(null);
  useEffect(() => {
    readKeys(true).catch((e: unknown) => setError(toErrorData(e)));
  }, []);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await readKeys(true);
      return true;
    } catch (e) {
      setError(toErrorData(e));
      return false;
    }
  };
  return (
    <fieldset className="signing-keys" data-testid="signing-keys">
      <legend className="field-label">Signing keys</legend>
      {keys?.length ? (
        <ul className="plain-list signing-key-list">
          {keys.map((k) => (
            <li key={`${k.kind}-${k.name}`} data-key-name={k.name} data-key-kind={k.kind}>
              <strong>{k.name}</strong> <span className="badge badge-muted">{k.kind === 'own' ? 'can sign' : 'trusted'}</span>{' '}
              <span className="mono muted small">{k.keyId}</span>{' '}
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => downloadPublicKey(k)}
                aria-label={`Export the public key of ${k.name}`}
              >
                Export public key
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="field-hint">{keys ? 'No keys yet.' : 'Loading…'}</p>
      )}
      <div className="signing-row">
        <input
          className="input mono signing-key-name"
          aria-label="New signing key name"
          placeholder="release"
          value={newName}
          onChange={(e) => setNewName(e.currentTarget.value)}
        />
        <button
          type="button"
          className="btn btn-sm"
          disabled={!KEY_NAME.test(newName.trim())}
          onClick={() => void act(() => getApi().call('keys.create', { name: newName.trim() })).then((ok) => ok && setNewName(''))}
        >
          Create key
        </button>
      </div>
      <label className="field-label" htmlFor="trust-pem">
        Trust someone's public key
      </label>
      <textarea
        id="trust-pem"
        className="input mono trust-pem"
        rows={3}
        placeholder="-----BEGIN PUBLIC KEY-----"
        value={pem}
        onChange={(e) => setPem(e.currentTarget.value)}
      />
      <div className="signing-row">
        <button
          type="button"
          className="btn btn-sm"
          disabled={pem.trim() === ''}
          onClick={() => void act(() => getApi().call('keys.trust', { pem: pem.trim() + '\n' })).then((ok) => ok && setPem(''))}
        >
          Trust key
        </button>
        <span className="field-hint">Bundles signed by it then open as "Signed". Keys apply at once.</span>
      </div>
      {error ? <ErrorNote error={error} testId="keys-error" /> : null}
    </fieldset>
  );
}
