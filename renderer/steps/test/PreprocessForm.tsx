import { useEffect, useState } from 'react';
import {
  CHANNEL_ORDERS,
  PICTURE_DTYPES,
  IMAGENET,
  INTERPOLATIONS,
  LAYOUTS,
  PreprocessingSchema,
  type PreprocessingSpec,
  type PreprocessingSpecInput,
} from '../../../shared/preprocessing';
import { NumField } from './NumField';

const NORMS = {
  none: { label: 'None (mean 0, std 1)', mean: [0], std: [1] },
  imagenet: { label: 'ImageNet', mean: IMAGENET.mean, std: IMAGENET.std },
  symmetric: { label: '[−1, 1] (mean 0.5, std 0.5)', mean: [0.5], std: [0.5] },
} as const;
type Norm = keyof typeof NORMS | 'custom';

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) < 1e-9);
const normOf = (s: PreprocessingSpec): Norm =>
  (Object.keys(NORMS) as Array<keyof typeof NORMS>).find((k) => same(NORMS[k].mean, s.mean) && same(NORMS[k].std, s.std)) ?? 'custom';
const list = (v: readonly number[]) => v.join(', ');

/**
 * The preprocessing spec as a form. Every change is checked with the shared schema; a valid spec
 * goes to onChange (which converts the picture again), an invalid one is explained in place.
 */
export function PreprocessForm({
  idBase,
  spec,
  onChange,
}: {
  idBase: string;
  spec: PreprocessingSpec;
  onChange: (s: PreprocessingSpec) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [mean, setMean] = useState(list(spec.mean));
  const [std, setStd] = useState(list(spec.std));
  useEffect(() => {
    setMean(list(spec.mean));
    setStd(list(spec.std));
  }, [spec.mean, spec.std]);

  const commit = (patch: Partial<PreprocessingSpecInput>) => {
    const r = PreprocessingSchema.safeParse({ ...spec, ...patch });
    if (!r.success) {
      const issue = r.error.issues[0]!;
      return setError(`${issue.path.join('.') || 'spec'}: ${issue.message}`);
    }
    setError(null);
    onChange(r.data);
  };
  const numbers = (text: string) =>
    text
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
  const id = (f: string) => `${idBase}-${f}`;
  const r = spec.resize;
  const interpolation = r?.interpolation ?? 'bilinear';
  const scalePreset = Math.abs(spec.scale - 1 / 255) < 1e-12 ? '1/255' : spec.scale === 1 ? '1' : 'custom';

  return (
    <div className="prep-form" role="group" aria-labelledby={id('title')}>
      <h3 id={id('title')} className="sub-title">
        Preprocessing
      </h3>
      <div className="prep-grid">
        <label htmlFor={id('resize')}>Resize</label>
        <div className="prep-row">
          <select
            id={id('resize')}
            className="select"
            value={r?.mode ?? 'none'}
            onChange={(e) => {
              const mode = e.currentTarget.value;
              const size = spec.centerCrop ? Math.max(spec.centerCrop.width, spec.centerCrop.height) : 224;
              commit({
                resize:
                  mode === 'none'
                    ? undefined
                    : mode === 'shorter'
                      ? { mode, size, interpolation }
                      : { mode: 'exact', width: size, height: size, interpolation },
              });
            }}
          >
            <option value="none">No resize</option>
            <option value="shorter">Shorter side to</option>
            <option value="exact">Exactly (stretch)</option>
          </select>
          {r?.mode === 'shorter' ? (
            <NumField
              id={id('size')}
              label="Shorter side in pixels"
              value={r.size}
              min={1}
              integer
              onCommit={(size) => commit({ resize: { ...r, size } })}
            />
          ) : null}
          {r?.mode === 'exact' ? (
            <>
              <NumField
                id={id('rw')}
                label="Resize width"
                value={r.width}
                min={1}
                integer
                onCommit={(width) => commit({ resize: { ...r, width } })}
              />
              <span aria-hidden="true">×</span>
              <NumField
                id={id('rh')}
                label="Resize height"
                value={r.height}
                min={1}
                integer
                onCommit={(height) => commit({ resize: { ...r, height } })}
              />
            </>
          ) : null}
          {r ? (
            <select
              className="select"
              aria-label="Interpolation"
              value={interpolation}
              onChange={(e) => commit({ resize: { ...r, interpolation: e.currentTarget.value as (typeof INTERPOLATIONS)[number] } })}
            >
              {INTERPOLATIONS.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          ) : null}
        </div>

        <label htmlFor={id('crop')}>Center crop</label>
        <div className="prep-row">
          <input
            id={id('crop')}
            type="checkbox"
            checked={!!spec.centerCrop}
            onChange={(e) => commit({ centerCrop: e.currentTarget.checked ? { width: 224, height: 224 } : undefined })}
          />
          {spec.centerCrop ? (
            <>
              <NumField
                id={id('cw')}
                label="Crop width"
                value={spec.centerCrop.width}
                min={1}
                integer
                onCommit={(width) => commit({ centerCrop: { ...spec.centerCrop!, width } })}
              />
              <span aria-hidden="true">×</span>
              <NumField
                id={id('ch')}
                label="Crop height"
                value={spec.centerCrop.height}
                min={1}
                integer
                onCommit={(height) => commit({ centerCrop: { ...spec.centerCrop!, height } })}
              />
            </>
          ) : null}
        </div>

        <label htmlFor={id('order')}>Channels</label>
        <div className="prep-row">
          <select
            id={id('order')}
            className="select"
            value={spec.channelOrder}
            onChange={(e) => commit({ channelOrder: e.currentTarget.value as PreprocessingSpec['channelOrder'] })}
          >
            {CHANNEL_ORDERS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          <select
            className="select"
            aria-label="Layout"
            value={spec.layout}
            onChange={(e) => commit({ layout: e.currentTarget.value as PreprocessingSpec['layout'] })}
          >
            {LAYOUTS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          <label className="check">
            <input type="checkbox" checked={spec.batch} onChange={(e) => commit({ batch: e.currentTarget.checked })} /> batch dim
          </label>
          <select
            className="select"
            aria-label="Element type"
            value={spec.dtype}
            onChange={(e) => commit({ dtype: e.currentTarget.value as PreprocessingSpec['dtype'] })}
          >
            {PICTURE_DTYPES.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>

        <label htmlFor={id('scale')}>Scale</label>
        <div className="prep-row">
          <select
            id={id('scale')}
            className="select"
            value={scalePreset}
            onChange={(e) => {
              const v = e.currentTarget.value;
              if (v !== 'custom') commit({ scale: v === '1' ? 1 : 1 / 255 });
            }}
          >
            <option value="1/255">× 1/255 (to 0–1)</option>
            <option value="1">× 1 (0–255)</option>
            <option value="custom">Custom</option>
          </select>
          {scalePreset === 'custom' ? (
            <NumField id={id('scalev')} label="Scale factor" value={spec.scale} onCommit={(scale) => commit({ scale })} />
          ) : null}
        </div>

        <label htmlFor={id('norm')}>Normalise</label>
        <div className="prep-row">
          <select
            id={id('norm')}
            className="select"
            value={normOf(spec)}
            onChange={(e) => {
              const k = e.currentTarget.value as Norm;
              if (k !== 'custom') commit({ mean: [...NORMS[k].mean], std: [...NORMS[k].std] });
            }}
          >
            {(Object.keys(NORMS) as Array<keyof typeof NORMS>).map((k) => (
              <option key={k} value={k}>
                {NORMS[k].label}
              </option>
            ))}
            <option value="custom">Custom</option>
          </select>
        </div>

        <label htmlFor={id('mean')}>Mean</label>
        <input
          id={id('mean')}
          className="input mono"
          value={mean}
          onChange={(e) => setMean(e.currentTarget.value)}
          onBlur={() => commit({ mean: numbers(mean) })}
          onKeyDown={(e) => e.key === 'Enter' && commit({ mean: numbers(mean) })}
        />
        <label htmlFor={id('std')}>Std</label>
        <input
          id={id('std')}
          className="input mono"
          value={std}
          onChange={(e) => setStd(e.currentTarget.value)}
          onBlur={() => commit({ std: numbers(std) })}
          onKeyDown={(e) => e.key === 'Enter' && commit({ std: numbers(std) })}
        />
      </div>
      <p className="muted small">value = (pixel × scale − mean) / std, per channel in the order above.</p>
      {error ? (
        <p className="prep-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
