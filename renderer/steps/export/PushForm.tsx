import { useEffect, useState } from 'react';
import type { PushResult } from '../../../shared/image/types';
import { useJobProgress } from '../../app/jobs';
import { ExportErrorNote } from './ExportErrorNote';
import { TextInput } from '../../components/TextInput';
import { pushImage, type PushState } from './image-commands';
import { pushTarget, StoredLoginNote, useRegistryLogin } from './registry-login';

/** Push a built image: registry reference (prefilled from the model), optional credentials. */
export function PushForm({
  image,
  name,
  version,
  onPushed,
}: {
  image: string;
  name: string;
  version: string;
  onPushed?: (r: PushResult) => void;
}) {
  const { registry, storedFor } = useRegistryLogin();
  const target = pushTarget(registry, name, version);
  const [reference, setReference] = useState(target.value);
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [push, setPush] = useState<PushState>({ state: 'idle' });
  const busy = push.state === 'running';
  const { label } = useJobProgress(push.state === 'running' ? push.jobId : null);
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
        <TextInput
          id="push-ref"
          label="Reference"
          mono
          value={reference}
          placeholder={target.placeholder}
          disabled={busy}
          onChange={setReference}
          spellCheck={false}
          hint={registry ? undefined : 'registry/repository:tag · a default registry can be set in Settings'}
        />
        <TextInput id="push-user" label="User (optional)" autoComplete="username" value={user} disabled={busy} onChange={setUser} />
        <TextInput
          id="push-password"
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          disabled={busy || !user}
          onChange={setPassword}
        />
      </div>
      <StoredLoginNote storedFor={storedFor} user={user} />
      <button type="submit" className="btn" disabled={busy || !reference.trim()}>
        {busy ? label || 'Starting…' : 'Push'}
      </button>
      {push.state === 'done' ? (
        <p className="verify-ok-line" role="status" data-testid="push-result">
          Pushed {push.result.reference}
          {push.result.digest ? ` · ${push.result.digest}` : ''}
        </p>
      ) : null}
      {push.state === 'error' ? <ExportErrorNote error={push.error} testId="push-error" /> : null}
    </form>
  );
}
