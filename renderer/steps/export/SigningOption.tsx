// Export → Bundle's signing choice: "Sign with <key>" when the studio has a key, else a field to
// make one; the chosen key's public half downloads as PEM (what a verifier or a server's
// MODELCRATE_PUBLIC_KEY needs). The private key never leaves the main process. The Docker image and
// Model artifact cards use it too (`what`), in a compact form: the checkbox and key choice only, since
// keys are made and exported in one place (here on the Bundle card, or Settings → Signing keys);
// the key list is the store's, so a key added by one of them (or Settings) shows in all.
import { useEffect, useState } from 'react';
import { KEY_NAME } from '../../../shared/bundle/manifest-signature';
import { toErrorData, type ErrorData } from '../../../shared/errors';
import { ErrorNote } from '../../components/ErrorNote';
import { getApi } from '../../transport';
import { downloadPublicKey as downloadPem } from '../../app/download-pem';
import { readKeys } from '../../app/keys-commands';
import { useStudio } from '../../store';

export interface SignChoice {
  sign: boolean;
  keyName: string | null;
}

/** The checkbox text per card: the bundle's is the plain one; the others say what gets signed. */
const SIGN_TEXT = {
  bundle: (key: string | null) => (key === null ? 'Sign with' : `Sign with ${key}`),
  artifact: (key: string | null) => (key === null ? 'Sign the artifact with' : `Sign the artifact with ${key}`),
  image: (key: string | null) =>
    key === null
      ? 'Sign the bundle, and require the signature in the image, with'
      : `Sign the bundle with ${key} and require it in the image`,
};

export function SigningOption({
  value,
  onChange,
  disabled,
  what = 'bundle',
}: {
  value: SignChoice;
  onChange: (c: SignChoice) => void;
  disabled: boolean;
  what?: 'bundle' | 'artifact' | 'image';
}) {
  const keys = useStudio((s) => s.keys);
  const [newName, setNewName] = useState('release');
  const [error, setError] = useState<ErrorData | null>(null);
  const own = (keys ?? []).filter((k) => k.kind === 'own');
  const chosen = own.find((k) => k.name === value.keyName) ?? own[0];

  useEffect(() => {
    let live = true;
    readKeys().catch((e: unknown) => live && setError(toErrorData(e)));
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
      await readKeys(true);
      onChange({ sign: true, keyName: k.name });
    } catch (e) {
      setError(toErrorData(e));
    }
  };

  if (keys === null) return error ? <ErrorNote error={error} testId="keys-error" /> : null;
  const compact = what !== 'bundle';
  return (
    <div className="signing-option" data-testid={compact ? `${what}-signing-option` : 'signing-option'} data-sign={value.sign && !!chosen}>
      {chosen ? (
        <div className="signing-row">
          <label className="check">
            <input
              type="checkbox"
              checked={value.sign}
              disabled={disabled}
              onChange={(e) => onChange({ sign: e.currentTarget.checked, keyName: chosen.name })}
            />{' '}
            {SIGN_TEXT[what](own.length === 1 ? chosen.name : null)}
          </label>
          {own.length > 1 ? (
            <select
              className="input signing-key-select"
              aria-label={compact ? `Signing key for the ${what}` : 'Signing key'}
              value={chosen.name}
              disabled={disabled}
              onChange={(e) => onChange({ sign: value.sign, keyName: e.currentTarget.value })}
            >
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
          {compact ? null : (
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => downloadPem(chosen)}>
              Export public key
            </button>
          )}
        </div>
      ) : compact ? (
        <p className="muted small">No signing key yet: make one on the Bundle card or in Settings → Signing keys to sign the {what}.</p>
      ) : (
        <div className="signing-row">
          <span className="muted small">No signing key yet. Bundles can be signed (Ed25519) so servers refuse altered copies.</span>
          <input
            className="input mono signing-key-name"
            aria-label="New key name"
            value={newName}
            disabled={disabled}
            onChange={(e) => setNewName(e.currentTarget.value)}
          />
          <button type="button" className="btn btn-sm" disabled={disabled || !KEY_NAME.test(newName.trim())} onClick={() => void create()}>
            Create signing key
          </button>
        </div>
      )}
      {error ? <ErrorNote error={error} testId="keys-error" /> : null}
    </div>
  );
}
