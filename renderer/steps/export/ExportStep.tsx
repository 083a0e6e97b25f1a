import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Card } from '../../components/Card';
import { useStudio } from '../../store';
import { ArtifactCard } from './ArtifactCard';
import { BundleCard } from './BundleCard';
import { DockerCard } from './DockerCard';
import type { ImageBuildResult, PushResult } from '../../../shared/image/types';
import { metadataForPack } from './export-commands';
import './export.css';

// Its own chunk: the YAML writer is needed only once someone opens this card's preview.
const KubernetesCard = lazy(() => import('./KubernetesCard').then((m) => ({ default: m.KubernetesCard })));

/** Export: a verified bundle, or a Docker image proven against the golden samples. */
export function ExportStep() {
  const model = useStudio((s) => s.model);
  const goTo = useStudio((s) => s.goTo);
  const form = useStudio((s) => s.form);
  const [meta, setMeta] = useState<Awaited<ReturnType<typeof metadataForPack>> | null>(null);
  const [built, setBuilt] = useState<ImageBuildResult | null>(null);
  const [pushed, setPushed] = useState<PushResult | null>(null);
  useEffect(() => {
    let live = true;
    void metadataForPack().then(
      (m) => live && setMeta(m),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [model?.modelId, form]);
  // A new build replaces the image: an earlier push (and its digest) no longer describes it. Stable,
  // so the Docker card reports each build once.
  const onBuilt = useCallback((r: ImageBuildResult) => {
    setBuilt(r);
    setPushed(null);
  }, []);
  // An image built for another model must not size this one's manifests.
  useEffect(() => {
    setBuilt(null);
    setPushed(null);
  }, [model?.modelId]);
  if (!model) return null;
  const m = meta && 'metadata' in meta ? meta.metadata : null;
  return (
    <div className="export-step">
      <div className="export-head">
        <div className="step-intro">
          <h1>Export</h1>
          <p className="lead">
            Ship <span className="mono">{model.fileName}</span> as a bundle that proves itself (every file hashed, every golden sample
            replayed on verify), or as a Docker image checked against the same samples before anyone deploys it.
          </p>
        </div>
        <Card id="export-meta" title="What goes in">
          {meta && 'error' in meta ? (
            <p className="field-error" role="alert">
              {meta.error}{' '}
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => goTo('metadata')}>
                Open Metadata
              </button>
            </p>
          ) : m ? (
            <dl className="facts" data-testid="export-meta">
              <dt>Name</dt>
              <dd className="mono">{m.name}</dd>
              <dt>Version</dt>
              <dd>{m.version}</dd>
              <dt>Licence</dt>
              <dd>{m.license || 'not set'}</dd>
              <dt>Metadata</dt>
              <dd>
                {meta && 'from' in meta && meta.from === 'form' ? 'from the Metadata step' : 'as stored in the model'}{' '}
                <button type="button" className="btn btn-ghost btn-sm" onClick={() => goTo('metadata')}>
                  Edit
                </button>
              </dd>
            </dl>
          ) : null}
          <p className="muted small">Golden samples come from the Test step; keep runs there with "Save as golden sample".</p>
        </Card>
      </div>
      <div className="export-main">
        <BundleCard key={model.modelId} defaultName={m ? `${m.name}-${m.version}` : model.fileName.replace(/\.onnx$/i, '')} />
        <ArtifactCard key={`a${model.modelId}`} name={m?.name ?? 'model'} version={m?.version ?? 'latest'} />
        <DockerCard
          key={`d${model.modelId}`}
          defaultTag={m ? `${m.name}:${m.version}` : 'model:latest'}
          onBuilt={onBuilt}
          onPushed={setPushed}
        />
        <Suspense fallback={null}>
          <KubernetesCard
            key={`k${model.modelId}`}
            built={built}
            pushed={pushed}
            name={m?.name ?? model.fileName.replace(/\.onnx$/i, '')}
            version={m?.version ?? '0.0.0'}
          />
        </Suspense>
      </div>
    </div>
  );
}
