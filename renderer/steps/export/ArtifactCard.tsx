import { useState } from 'react';
import type { ArtifactPushResult } from '../../../shared/artifact';
import { formatBytes } from '../../../shared/format';
import { Card } from '../../components/Card';
import { CopyButton } from '../../components/CopyButton';
import { ErrorNote } from '../../components/ErrorNote';
import { TextInput } from '../../components/TextInput';
import { useStudio } from '../../store';
import { cancelArtifactPush, pushArtifact } from './artifact-commands';
import type { JobState } from './export-commands';
import { ExportPanes } from './ExportPanes';
import { JobProgressBar } from './JobProgressBar';
import { pushTarget, StoredLoginNote, useRegistryLogin } from './registry-login';
import { SigningOption, type SignChoice } from './SigningOption';

/** Export → Model artifact (OCI): the bundle pushed to a registry as a CNCF ModelPack artifact. */
export function ArtifactCard({ name, version }: { name: string; version: string }) {
  const { registry, storedFor } = useRegistryLogin();
  const samples = useStudio((s) => s.samples.length);
  const [reference, setReference] = useState<string | null>(null);
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [plainHttp, setPlainHttp] = useState(false);
  const [job, setJob] = useState<JobState<ArtifactPushResult>>({ state: 'idle' });
  const [signing, setSigning] = useState<SignChoice>({ sign: false, keyName: null });
  const target = pushTarget(registry, name, version);
  const value = reference ?? target.value;
  const busy = job.state === 'running';
  return (
    <Card id="artifact" title="Model artifact (OCI)" className="artifact-card">
      <div data-artifact-state={job.state}>
        <ExportPanes
          label="Artifact push result"
          arrived={job.state === 'done' || job.state === 'error'}
          empty="The pushed reference, its digest and a pull command that verifies it appear here."
          outcome={
            job.state === 'idle' ? null : (
              <>
                {job.state === 'running' ? <JobProgressBar jobId={job.jobId} fallback="Starting…" /> : null}
                {job.state === 'error' ? <ErrorNote error={job.error} testId="artifact-error" /> : null}
                {job.state === 'done' ? <ArtifactResult result={job.result} /> : null}
              </>
            )
          }
          choices={
            <>
              <p className="muted small">
                The bundle ({samples} golden sample{samples === 1 ? '' : 's'}) pushed to a registry as a CNCF ModelPack artifact: one
                uncompressed layer per model file, the model card and SBOM as docs, and a Kitfile for KitOps. Pull it back with{' '}
                <code className="mono">modelcrate artifact pull</code>; it verifies like the bundle.
              </p>
              <TextInput
                id="artifact-ref"
                label="Push to"
                mono
                className="artifact-ref"
                value={value}
                disabled={busy}
                onChange={setReference}
                placeholder={target.placeholder}
                spellCheck={false}
                hint={registry ? 'registry/repository:tag' : 'registry/repository:tag · a default registry can be set in Settings'}
              />
              <div className="export-grid">
                <TextInput
                  id="artifact-user"
                  label="Registry login (optional)"
                  autoComplete="username"
                  value={user}
                  disabled={busy}
                  onChange={setUser}
                />
                <TextInput
                  id="artifact-password"
                  label="Registry password"
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  disabled={busy || !user}
                  onChange={setPassword}
                />
              </div>
              <label className="check">
                <input type="checkbox" checked={plainHttp} disabled={busy} onChange={(e) => setPlainHttp(e.currentTarget.checked)} /> Plain
                HTTP (a registry without TLS; loopback registries always use it)
              </label>
              <StoredLoginNote storedFor={storedFor} user={user} />
              <SigningOption value={signing} onChange={setSigning} disabled={busy} what="artifact" />
              <div className="export-actions">
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={value.trim() === ''}
                  aria-disabled={busy || undefined}
                  onClick={() =>
                    !busy && void pushArtifact({ reference: value.trim(), username: user.trim(), password, plainHttp, signing }, setJob)
                  }
                >
                  Push artifact
                </button>
                {busy ? (
                  <button type="button" className="btn btn-ghost" onClick={cancelArtifactPush}>
                    Cancel
                  </button>
                ) : null}
              </div>
            </>
          }
        />
      </div>
    </Card>
  );
}

function ArtifactResult({ result: r }: { result: ArtifactPushResult }) {
  const pinned = `${r.reference.replace(/:[^:/]+$/, '')}@${r.digest}`;
  // A signed artifact's pull command checks the signer (the key's public half, exported from the Bundle card or Settings).
  const pull = `modelcrate artifact pull ${pinned} ${r.reference.split('/').at(-1)!.replace(':', '-')}${r.signedBy ? ` --public-key ${r.signedBy.keyName}.pub.pem` : ''}`;
  const weights = r.layers.filter((l) => l.mediaType.includes('.weight.v1.')).length;
  return (
    <div className="artifact-result" data-testid="artifact-result">
      <p className="verify-ok-line" role="status">
        Pushed {r.reference}
      </p>
      <dl className="facts">
        <dt>Digest</dt>
        <dd className="mono sha" data-testid="artifact-digest">
          {r.digest} <CopyButton getText={() => pinned} label="Copy reference with digest" />
        </dd>
        <dt>Layers</dt>
        <dd>
          {r.layers.length} ({weights} weight{weights === 1 ? '' : 's'}) · {formatBytes(r.bytes)}
          {r.uploadedBytes < r.bytes ? ` · ${formatBytes(r.bytes - r.uploadedBytes)} already in the registry` : ''}
        </dd>
        <dt>Signature</dt>
        <dd data-testid="artifact-signature">
          {r.signedBy ? (
            <>
              signed by key {r.signedBy.keyName} <span className="mono">{r.signedBy.keyId}</span> (modelcrate.sig travels as a layer)
            </>
          ) : (
            'unsigned'
          )}
        </dd>
      </dl>
      <div className="copy-line">
        <code className="mono small">{pull}</code> <CopyButton getText={() => pull} label="Copy pull command" />
      </div>
    </div>
  );
}
