import { useState } from 'react';
import type { BundleFormat } from '../../../shared/bundle/manifest';
import type { PackedBundle } from '../../../shared/contract';
import type { VerifyReport } from '../../../shared/bundle/verify-report';
import { formatBytes } from '../../../shared/format';
import { DOWNLOAD_PATH } from '../../../shared/ws-protocol';
import { Card } from '../../components/Card';
import { ShowInFolder } from '../../components/ShowInFolder';
import { CopyButton } from '../../components/CopyButton';
import { useStudio } from '../../store';
import { getApi, isDesktop } from '../../transport';
import { ErrorNote } from '../../components/ErrorNote';
import { TextInput } from '../../components/TextInput';
import { ExportPanes } from './ExportPanes';
import { JobProgressBar } from './JobProgressBar';
import { cancelPack, packBundle, verifyBundle, type JobState } from './export-commands';
import { SigningOption, type SignChoice } from './SigningOption';

/** Export → Bundle: format and name, Pack with progress and Cancel, then the result and Verify. */
export function BundleCard({ defaultName }: { defaultName: string }) {
  const samples = useStudio((s) => s.samples.length);
  const [format, setFormat] = useState<BundleFormat>('tar.gz');
  const [base, setBase] = useState<string | null>(null);
  const [overwrite, setOverwrite] = useState(false);
  const [signing, setSigning] = useState<SignChoice>({ sign: false, keyName: null });
  const [pack, setPack] = useState<JobState<PackedBundle>>({ state: 'idle' });
  const [verify, setVerify] = useState<JobState<VerifyReport>>({ state: 'idle' });
  const name = base ?? defaultName;
  const fileName = format === 'tar.gz' ? `${name}.tar.gz` : name;
  const busy = pack.state === 'running';
  return (
    <Card id="bundle" title="Bundle" className="bundle-card">
      <div data-pack-state={pack.state} data-verify-state={verify.state}>
        <ExportPanes
          label="Bundle result"
          arrived={pack.state === 'done' || pack.state === 'error'}
          empty="The bundle's path, size and SHA-256 appear here; Verify then replays every golden sample from it."
          outcome={
            pack.state === 'idle' ? null : (
              <>
                {pack.state === 'running' ? <JobProgressBar jobId={pack.jobId} fallback="Starting…" /> : null}
                {pack.state === 'error' ? <ErrorNote error={pack.error} testId="pack-error" /> : null}
                {pack.state === 'done' ? (
                  <PackResult result={pack.result} verify={verify} onVerify={() => void verifyBundle(pack.result.bundleId, setVerify)} />
                ) : null}
              </>
            )
          }
          choices={
            <>
              <p className="muted small">
                The model with its metadata, README.md model card, CycloneDX SBOM, {samples} golden sample{samples === 1 ? '' : 's'} from
                the Test step (outputs recomputed), and modelcrate.json with the SHA-256 of every file. Written beside the model.
              </p>
              <fieldset className="format-choice" disabled={busy}>
                <legend className="field-label">Format</legend>
                <label>
                  <input type="radio" name="bundle-format" checked={format === 'tar.gz'} onChange={() => setFormat('tar.gz')} /> .tar.gz
                  (one file)
                </label>
                <label>
                  <input type="radio" name="bundle-format" checked={format === 'dir'} onChange={() => setFormat('dir')} /> Folder
                </label>
              </fieldset>
              <TextInput
                id="bundle-name"
                label="Name"
                mono
                value={name}
                disabled={busy}
                onChange={setBase}
                hint={<span className="mono">{fileName}</span>}
              />
              <label className="check">
                <input type="checkbox" checked={overwrite} disabled={busy} onChange={(e) => setOverwrite(e.currentTarget.checked)} />{' '}
                Replace an existing bundle of that name
              </label>
              <SigningOption value={signing} onChange={setSigning} disabled={busy} />
              <div className="export-actions">
                <button
                  type="button"
                  className="btn btn-primary"
                  // aria-disabled while busy, not disabled: a disabled button drops the keyboard focus.
                  disabled={name.trim() === ''}
                  aria-disabled={busy || undefined}
                  onClick={() => {
                    if (busy) return;
                    setVerify({ state: 'idle' });
                    void packBundle(
                      isDesktop(getApi()) ? { dialog: fileName } : { fileName },
                      overwrite,
                      setPack,
                      signing.sign ? signing.keyName : null,
                    );
                  }}
                >
                  {isDesktop(getApi()) ? 'Pack bundle…' : 'Pack bundle'}
                </button>
                {busy ? (
                  <button type="button" className="btn btn-ghost" onClick={cancelPack}>
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

function PackResult({ result, verify, onVerify }: { result: PackedBundle; verify: JobState<VerifyReport>; onVerify: () => void }) {
  return (
    <div className="pack-result" data-testid="pack-result">
      <p className="verify-ok-line" role="status">
        Packed {result.fileName}
      </p>
      <dl className="facts">
        <dt>Bundle</dt>
        <dd className="mono">{result.displayPath}</dd>
        <dt>Size</dt>
        <dd>
          {formatBytes(result.bytes)} · {result.files} files · {result.samples} sample{result.samples === 1 ? '' : 's'}
        </dd>
        <dt>SHA-256</dt>
        <dd className="mono sha">
          {result.sha256} <CopyButton getText={() => result.sha256} label="Copy SHA-256" />
        </dd>
        <dt>Signature</dt>
        <dd data-testid="pack-signature">
          {result.signedBy ? (
            <>
              modelcrate.sig, Ed25519, key <strong>{result.signedBy.keyName}</strong> <span className="mono">{result.signedBy.keyId}</span>
            </>
          ) : (
            <span className="muted">unsigned</span>
          )}
        </dd>
      </dl>
      <div className="export-actions">
        <button
          type="button"
          className="btn"
          onClick={() => verify.state !== 'running' && onVerify()}
          aria-disabled={verify.state === 'running' || undefined}
        >
          Verify
        </button>
        {isDesktop(getApi()) ? <ShowInFolder fileId={result.bundleId} /> : null}
        {!isDesktop(getApi()) && result.format === 'tar.gz' ? (
          <a className="btn btn-ghost" href={`${DOWNLOAD_PATH}${encodeURIComponent(result.bundleId)}`} download={result.fileName}>
            Download
          </a>
        ) : null}
      </div>
      {verify.state === 'running' ? <JobProgressBar jobId={verify.jobId} fallback="Verifying…" /> : null}
      {verify.state === 'error' ? <ErrorNote error={verify.error} testId="verify-error" /> : null}
      {verify.state === 'done' ? (
        <div
          className={verify.result.ok ? 'verify-report verify-ok' : 'verify-report verify-bad'}
          data-testid="verify-report"
          data-ok={verify.result.ok}
        >
          <p role="status">
            {verify.result.ok
              ? 'Verified: every file matches and every golden sample reproduces.'
              : `Verification failed: ${verify.result.error?.message ?? ''}`}
          </p>
          <ul className="plain-list">
            {verify.result.checks.map((c, i) => (
              <li key={`${c.name}-${i}`} data-check={c.name} data-ok={c.ok}>
                <span aria-hidden="true">{c.ok ? '✓' : '✗'}</span> <span className="mono">{c.name}</span>{' '}
                <span className="muted">{c.message}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
