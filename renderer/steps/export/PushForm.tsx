import { useEffect, useState } from 'react';
import type { PushResult } from '../../../shared/image/types';
import { useStudio } from '../../store';
import { ErrorNote } from '../../components/ErrorNote';
import { pushImage, type PushState } from './image-commands';

/** Push a built image: registry reference (prefilled from the model), optional credentials. */
export function PushForm({ image, name, version, onPushed }: { image: string; name: string; version: string; onPushed?: (r: PushResult) => void }) {
  const settings = useStudio((s) => s.settings);
  const registry = settings?.settings.registry || '127.0.0.1:5000';
  const [reference, setReference] = useState(`${registry}/${name}:${version}`);
  const [user, setUser] = useState('');
  const storedFor = settings?.registryPasswordStored ? settings.settings.registryUser : '';
  const [password, setPassword] = useState('');
  const [push, setPush] = useState<PushState>({ state: 'idle' });
  const busy = push.state === 'running';
  // The Kubernetes card pins the pushed image by the registry's digest.
  useEffect(() => {
    if (push.state === 'done') onPushed?.(push.result);
  }, [push, onPushed]);
  return (
    <form
      className="push-form"
      data-push-state={push.state}
      onSubmit={(e) => {
        e.preventDefault();
        void pushImage(image, reference.trim(), user.trim(), password, setPush);
      }}
    >
      <h3 className="field-label">Push to a registry</h3>
      <div className="export-grid">
        <div className="field">
          <label className="field-label" htmlFor="push-ref">
            Reference
          </label>
          <input id="push-ref" className="input mono" value={reference} disabled={busy} onChange={(e) => setReference(e.currentTarget.value)} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="push-user">
            User (optional)
          </label>
          <input id="push-user" className="input" autoComplete="username" value={user} disabled={busy} onChange={(e) => setUser(e.currentTarget.value)} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="push-password">
            Password
          </label>
          <input id="push-password" type="password" className="input" autoComplete="current-password" value={password} disabled={busy || !user} onChange={(e) => setPassword(e.currentTarget.value)} />
        </div>
      </div>
      {storedFor && !user ? <p className="muted small">Without a user here, Push signs in as {storedFor} with the password stored in the keychain.</p> : null}
      <button type="submit" className="btn" disabled={busy || !reference.trim()}>
        {busy ? push.label : 'Push'}
      </button>
      {push.state === 'done' ? (
        <p className="verify-ok-line" role="status" data-testid="push-result">
          Pushed {push.result.reference}
          {push.result.digest ? ` · ${push.result.digest}` : ''}
        </p>
      ) : null}
      {push.state === 'error' ? <ErrorNote error={push.error} testId="push-error" /> : null}
    </form>
  );
}
