import { useMemo, useState } from 'react';
import { renderManifests, type RenderedManifests } from '../../../shared/deploy/render';
import { MI, parseMemory } from '../../../shared/deploy/quantity';
import { toErrorData } from '../../../shared/errors';
import { formatBytes } from '../../../shared/format';
import type { ImageBuildResult, PushResult } from '../../../shared/image/types';
import { Card } from '../../components/Card';
import { CopyButton } from '../../components/CopyButton';
import { Tabs } from '../../components/Tabs';
import { TextInput } from '../../components/TextInput';
import { downloadBlob } from '../test/download';
import { ExportPanes } from './ExportPanes';

type Tab = 'kubernetes' | 'kserve';
const TABS = [
  { id: 'kubernetes', label: 'Kubernetes' },
  { id: 'kserve', label: 'KServe' },
] as const;

/**
 * Export → Kubernetes: manifests for the image built in this session (sized from the memory its
 * parity check measured) or for an image reference typed here. Generated in the page from shared/
 * (no host data needed); Save downloads the YAML (a save dialog on the desktop).
 */
export function KubernetesCard({
  built,
  pushed,
  name,
  version,
}: {
  built: ImageBuildResult | null;
  pushed: PushResult | null;
  name: string;
  version: string;
}) {
  const [imageEdit, setImage] = useState<string | null>(null);
  const [memoryEdit, setMemory] = useState<string | null>(null);
  const [replicas, setReplicas] = useState('1');
  const [hpaOn, setHpaOn] = useState(false);
  const [hpa, setHpa] = useState({ min: '2', max: '10', cpu: '70' });
  const [namespace, setNamespace] = useState('');
  const [tab, setTab] = useState<Tab>('kubernetes');
  const measured = built?.parity?.memory?.workingSetBytes;
  const image = imageEdit ?? pushed?.reference ?? built?.tag ?? '';
  const memory = memoryEdit ?? (measured ? `${Math.ceil(measured / MI)}Mi` : '');
  // The built image, under its local tag or the reference it was pushed as (then pinned by digest).
  const fromPush = !!pushed && image.trim() === pushed.reference;
  const fromBuild = !!built && (image.trim() === built.tag || fromPush);

  const result = useMemo((): { ok: RenderedManifests } | { error: string } | null => {
    if (!image.trim()) return null;
    const isMeasured = fromBuild && memoryEdit === null && !!measured;
    const memoryBytes = isMeasured ? measured : parseMemory(memory);
    if (memoryBytes === null)
      return {
        error: memory.trim()
          ? `"${memory}" is not a memory quantity: use e.g. 300Mi or 1Gi.`
          : 'Give the memory the server uses (build the image above to measure it), e.g. 300Mi.',
      };
    try {
      return {
        ok: renderManifests({
          image: image.trim(),
          ...(fromPush && pushed.digest ? { digest: pushed.digest } : {}),
          name: fromBuild ? built.model.name : name,
          version: fromBuild ? built.model.version : version,
          memoryBytes,
          memorySource: isMeasured ? 'measured' : 'given',
          ...(fromBuild && built.parity?.coldStartMs != null ? { coldStartMs: built.parity.coldStartMs } : {}),
          replicas: Number(replicas),
          ...(hpaOn ? { hpa: { min: Number(hpa.min), max: Number(hpa.max), cpu: Number(hpa.cpu) } } : {}),
          ...(namespace.trim() ? { namespace: namespace.trim() } : {}),
        }),
      };
    } catch (e) {
      return { error: toErrorData(e).message };
    }
  }, [image, memory, memoryEdit, measured, fromBuild, fromPush, built, pushed, name, version, replicas, hpaOn, hpa, namespace]);

  const text = result && 'ok' in result ? result.ok[tab] : '';
  const fileName = `${(fromBuild ? built.model.name : name) || 'model'}-${tab === 'kubernetes' ? 'k8s' : 'kserve'}.yaml`;
  const off = !result || 'error' in result;
  return (
    <Card id="k8s" title="Kubernetes" className="k8s-card">
      <div data-k8s-state={!image.trim() ? 'waiting' : off ? 'invalid' : 'ready'}>
        <p className="muted small">
          A Deployment and Service (with an optional autoscaler), or a KServe InferenceService, running the image as its non-root user with
          a read-only root filesystem; memory sized from what the running image was measured to use.
        </p>
        <ExportPanes
          label="Kubernetes manifests"
          arrived={false}
          empty="Build the image (or type an image reference) and its manifests appear here, ready to copy or save."
          outcome={
            !result ? null : (
              <>
                {result && 'error' in result ? (
                  <p className="field-error" role="alert" data-testid="k8s-error">
                    {result.error}
                  </p>
                ) : null}
                {result && 'ok' in result ? (
                  <>
                    <Tabs idBase="k8s" label="Manifests" tabs={TABS} selected={tab} onSelect={setTab}>
                      <pre
                        className="mono small manifest-preview"
                        data-testid="k8s-preview"
                        tabIndex={0}
                        aria-label={`${tab === 'kubernetes' ? 'Kubernetes' : 'KServe'} YAML`}
                      >
                        {text}
                      </pre>
                    </Tabs>
                    <div className="export-actions">
                      <CopyButton getText={() => text} label="Copy YAML" />
                      <button
                        type="button"
                        className="btn btn-ghost btn-sm"
                        onClick={() => downloadBlob(fileName, text, 'application/yaml')}
                      >
                        Save {fileName}
                      </button>
                    </div>
                  </>
                ) : null}
              </>
            )
          }
          choices={
            <>
              <div className="export-grid">
                <TextInput
                  id="k8s-image"
                  label="Image"
                  mono
                  value={image}
                  placeholder="build above, or type registry/name:tag"
                  onChange={setImage}
                />
                <TextInput
                  id="k8s-memory"
                  label="Memory"
                  mono
                  value={memory}
                  placeholder="e.g. 300Mi"
                  onChange={setMemory}
                  hint={
                    <span data-testid="k8s-memory-source">
                      {fromBuild && measured && memoryEdit === null
                        ? `measured: ${formatBytes(measured)} working set · request ×1.5, limit ×2`
                        : 'request ×1.5, limit ×2'}
                    </span>
                  }
                />
                <TextInput id="k8s-namespace" label="Namespace" mono value={namespace} placeholder="(current)" onChange={setNamespace} />
              </div>
              {/* One way to scale at a time: a fixed count, or the autoscaler's bounds — never a "Replicas" beside "Min replicas". */}
              <fieldset className="k8s-scaling">
                <legend className="field-label">Scaling</legend>
                <label className="check">
                  <input type="radio" name="k8s-scaling" checked={!hpaOn} onChange={() => setHpaOn(false)} /> A fixed number of pods
                </label>
                <label className="check">
                  <input type="radio" name="k8s-scaling" checked={hpaOn} onChange={() => setHpaOn(true)} /> Autoscale on CPU
                  (HorizontalPodAutoscaler)
                </label>
                <div className="export-grid" data-testid="k8s-scaling-fields">
                  {hpaOn ? (
                    (['min', 'max', 'cpu'] as const).map((k) => (
                      <TextInput
                        key={k}
                        id={`k8s-hpa-${k}`}
                        label={k === 'min' ? 'Min replicas' : k === 'max' ? 'Max replicas' : 'Target CPU %'}
                        type="number"
                        min={1}
                        value={hpa[k]}
                        onChange={(v) => setHpa({ ...hpa, [k]: v })}
                      />
                    ))
                  ) : (
                    <TextInput id="k8s-replicas" label="Replicas" type="number" min={1} value={replicas} onChange={setReplicas} />
                  )}
                </div>
              </fieldset>
            </>
          }
        />
      </div>
    </Card>
  );
}
