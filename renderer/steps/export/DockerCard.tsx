import { useEffect, useState } from 'react';
import type { ImageBuildResult, PushResult } from '../../../shared/image/types';
import { formatBytes } from '../../../shared/format';
import { Card } from '../../components/Card';
import { CopyButton } from '../../components/CopyButton';
import { useJob } from '../../app/jobs';
import { useStudio } from '../../store';
import { getApi } from '../../transport';
import { TextInput } from '../../components/TextInput';
import { buildImage, cancelImage, type ImageState } from './image-commands';
import { JobProgressBar } from './JobProgressBar';
import { PushForm } from './PushForm';
import { BaseImagePicker } from './BaseImagePicker';
import { CodeText } from './CodeText';
import { ExportErrorNote } from './ExportErrorNote';
import { ExportPanes } from './ExportPanes';
import { SigningOption, type SignChoice } from './SigningOption';

/** The product default until Settings say otherwise; the field is editable per build. */
const DEFAULT_BASE = 'node:22-bookworm-slim';

const NO_LOG: string[] = [];

type Engine = { ok: true; apiVersion: string } | { ok: false; message: string; hint?: string } | null;

/** Export → Docker image: one button; then the image, its layers, cold start and parity per sample. */
export function DockerCard({
  defaultTag,
  onBuilt,
  onPushed,
}: {
  defaultTag: string;
  onBuilt?: (r: ImageBuildResult) => void;
  onPushed?: (r: PushResult) => void;
}) {
  const samples = useStudio((s) => s.samples.length);
  const [engine, setEngine] = useState<Engine>(null);
  const [tag, setTag] = useState<string | null>(null);
  const defaultBase = useStudio((s) => s.settings?.settings.defaultBaseImage ?? DEFAULT_BASE);
  const [baseEdit, setBase] = useState<string | null>(null);
  const base = baseEdit ?? defaultBase;
  const [job, setJob] = useState<ImageState>({ state: 'idle' });
  const [signing, setSigning] = useState<SignChoice>({ sign: false, keyName: null });
  const refresh = () =>
    void getApi()
      .call('docker.status', {})
      .then(setEngine, () => setEngine({ ok: false, message: 'The studio could not ask the Docker engine.' }));
  useEffect(refresh, []);
  // The Kubernetes card sizes its manifests from the image built here.
  useEffect(() => {
    if (job.state === 'done') onBuilt?.(job.result);
  }, [job, onBuilt]);
  const busy = job.state === 'running';
  const log = useJob(job.state === 'idle' ? null : job.jobId, (j) => j?.log ?? NO_LOG);
  const value = tag ?? defaultTag;
  const outcome =
    job.state === 'idle' && !log.length ? null : (
      <>
        {job.state === 'running' ? <JobProgressBar jobId={job.jobId} fallback="Starting…" /> : null}
        {job.state === 'error' ? <ExportErrorNote error={job.error} testId="image-error" /> : null}
        {job.state === 'done' ? <ImageResult result={job.result} onPushed={onPushed} /> : null}
        {log.length ? (
          <details className="build-log" open={job.state === 'running' || undefined}>
            <summary>Build log ({log.length} lines)</summary>
            <pre className="mono small" data-testid="build-log" tabIndex={0}>
              {log.join('\n')}
            </pre>
          </details>
        ) : null}
      </>
    );
  return (
    <Card id="docker" title="Docker image" className="docker-card">
      <div data-image-state={job.state}>
        <ExportPanes
          label="Docker image result"
          arrived={job.state === 'done' || job.state === 'error'}
          focusOnArrival
          empty={`Once built, the image is run here and checked against the golden sample${samples === 1 ? '' : 's'}: its size by layer, cold start, memory and parity appear in this pane.`}
          outcome={outcome}
          choices={
            <>
              <p className="muted small">
                A lean image serving the model over the Open Inference Protocol v2 (KServe/Triton), built through the Docker socket, then
                run on this machine and checked against the {samples} golden sample{samples === 1 ? '' : 's'}.
              </p>
              {engine && !engine.ok ? (
                <div className="field-error" role="alert" data-testid="docker-unavailable">
                  <CodeText text={engine.message} /> {engine.hint ? <CodeText text={engine.hint} /> : null}{' '}
                  <button type="button" className="btn btn-ghost btn-sm" onClick={refresh}>
                    Check again
                  </button>
                </div>
              ) : null}
              {samples === 0 ? (
                <p className="field-error">Keep at least one run as a golden sample in the Test step: it is what proves the image.</p>
              ) : null}
              <TextInput id="image-tag" label="Tag" mono value={value} disabled={busy} onChange={setTag} />
              {engine?.ok ? (
                <BaseImagePicker
                  value={base}
                  onChange={setBase}
                  disabled={busy}
                  preferLocal={baseEdit === null && base === DEFAULT_BASE && job.state === 'idle'}
                />
              ) : (
                <TextInput id="image-base" label="Base image" mono value={base} disabled={busy} onChange={setBase} />
              )}
              <SigningOption value={signing} onChange={setSigning} disabled={busy} what="image" />
              {signing.sign ? (
                <p className="muted small">
                  The image will serve only a bundle signed by this key: its public key is baked in, and the server refuses an altered or
                  re-signed bundle at start-up.
                </p>
              ) : null}
              <div className="export-actions">
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={samples === 0 || engine?.ok === false || value.trim() === ''}
                  aria-disabled={busy || undefined}
                  onClick={() => !busy && void buildImage(value.trim(), base.trim(), setJob, signing)}
                >
                  Build and verify image
                </button>
                {busy ? (
                  <button type="button" className="btn btn-ghost" onClick={cancelImage}>
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

const OIP_TYPES: Record<string, string> = {
  float32: 'FP32',
  float64: 'FP64',
  float16: 'FP16',
  int8: 'INT8',
  int16: 'INT16',
  int32: 'INT32',
  int64: 'INT64',
  uint8: 'UINT8',
  uint16: 'UINT16',
  uint32: 'UINT32',
  uint64: 'UINT64',
  bool: 'BOOL',
  string: 'BYTES',
};
/** Values shown in the curl example; a bigger tensor is elided (the example stays one line). */
const CURL_VALUES = 32;

/** A golden sample's inputs as an OIP request body, for a curl example that works as it is. */
function oipInputs(inputs: Record<string, { type?: string; shape: number[]; data: unknown[] }>) {
  return Object.entries(inputs).map(([name, t]) => ({
    name,
    shape: t.shape,
    datatype: OIP_TYPES[t.type ?? 'float32'] ?? 'FP32',
    data: t.data.length <= CURL_VALUES ? t.data : '…',
  }));
}

function ImageResult({ result: r, onPushed }: { result: ImageBuildResult; onPushed?: (p: PushResult) => void }) {
  const run = `docker run --rm -p 8080:8080 ${r.tag}`;
  const sample = useStudio((s) => s.samples[0]);
  const curl = `curl -s localhost:8080/v2/models/${r.model.name}/infer -H 'Content-Type: application/json' -d '${JSON.stringify({ inputs: oipInputs(sample?.inputs ?? {}) })}'`;
  const l = r.layers;
  return (
    <div className="image-result" data-testid="image-result" data-verified={r.verified}>
      <p className={r.verified ? 'verify-ok-line' : 'verify-bad-line'} role="status">
        {r.verified
          ? 'Verified: the image answers every golden sample like the studio.'
          : `Not verified${r.parity?.error ? `: ${r.parity.error}` : ': a sample differs (below).'}`}
      </p>
      <dl className="facts">
        <dt>Image</dt>
        <dd className="mono">
          {r.tag} · {r.imageId.replace(/^sha256:/, '').slice(0, 12)}
        </dd>
        <dt>Size</dt>
        <dd data-testid="image-size">
          {formatBytes(r.sizeBytes)} — base {formatBytes(l.baseBytes)}, runtime {formatBytes(l.runtimeBytes)}, server{' '}
          {formatBytes(l.serverBytes)}, model {formatBytes(l.modelBytes)}
        </dd>
        <dt>Cold start</dt>
        <dd>{r.parity?.coldStartMs != null ? `${Math.round(r.parity.coldStartMs)} ms to ready` : '—'}</dd>
        <dt>Memory</dt>
        <dd data-testid="image-memory">{r.parity?.memory ? `${formatBytes(r.parity.memory.workingSetBytes)} working set, warm` : '—'}</dd>
        <dt>Built in</dt>
        <dd>{(r.buildMs / 1000).toFixed(1)} s</dd>
        {r.signedBy ? (
          <>
            <dt>Signature</dt>
            <dd data-testid="image-signature">
              serves only a bundle signed by key {r.signedBy.keyName} <span className="mono">{r.signedBy.keyId}</span> (public key baked in)
            </dd>
          </>
        ) : null}
      </dl>
      {r.parity ? (
        <ul className="plain-list parity" aria-label="Parity per sample">
          {r.parity.samples.map((s) => (
            <li key={s.name} data-sample={s.name} data-ok={s.ok}>
              <span aria-hidden="true">{s.ok ? '✓' : '✗'}</span> <span className="mono">{s.name}</span>{' '}
              <span className="muted">
                {s.ok
                  ? s.comparison === 'exact' || !s.worstDiff
                    ? 'bit-exact'
                    : `within tolerance (largest difference ${s.worstDiff})`
                  : s.why}{' '}
                · {Math.round(s.ms)} ms
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="copy-line">
        <code className="mono small">{run}</code> <CopyButton getText={() => run} label="Copy docker run" />
      </div>
      <div className="copy-line">
        <code className="mono small">{curl}</code> <CopyButton getText={() => curl} label="Copy curl example" />
      </div>
      <PushForm image={r.tag} name={r.model.name} version={r.model.version} onPushed={onPushed} />
    </div>
  );
}
