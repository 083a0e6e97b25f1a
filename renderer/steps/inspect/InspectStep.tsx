import { lazy, Suspense } from 'react';
import { formatCount } from '../../../shared/format';
import { formatOpsets } from '../../format/numbers';
import { preload, usePreloaded } from '../../components/preloaded';
import { selectForeign, selectModel, useStudio } from '../../store';
import { ForeignInspect } from './foreign/ForeignInspect';
import { CompareButton } from '../diff/CompareButton';
import { WeightsTable } from './WeightsTable';
import { IoContract } from './IoContract';
import { MetadataTable } from './MetadataTable';
import { ModelFacts } from './ModelFacts';
import { OpHistogram } from './OpHistogram';
import './inspect.css';

// The graph view (canvas, worker client, properties) and the diff view are their own chunks, out of
// the code parsed before the first paint. The graph's is fetched at once, beside the first paint
// rather than after it (its layout worker starts when it loads, and a model opened with the app
// needs it a moment later), and is used without Suspense, which would hold its first paint back.
const graphChunk = preload(() => import('./graph/GraphPanel'));
const DiffView = lazy(() => import('../diff/DiffView').then((m) => ({ default: m.DiffView })));

export function InspectStep() {
  const model = useStudio(selectModel);
  const comparing = useStudio((st) => st.diff !== null && st.diff.olderId === st.model?.modelId);
  const graph = usePreloaded(graphChunk);
  const foreign = useStudio(selectForeign);
  if (foreign) return <ForeignInspect opened={foreign} />;
  if (!model) return null;
  if (comparing)
    return (
      <Suspense fallback={null}>
        <DiffView />
      </Suspense>
    );
  const s = model.summary;
  return (
    <div className="inspect-step">
      <div className="step-intro inspect-intro">
        <div className="inspect-title">
          <h1>{model.fileName}</h1>
          {model.displayPath !== model.fileName ? (
            <p className="lead mono" title={model.displayPath}>
              {model.displayPath}
            </p>
          ) : null}
        </div>
        <ul className="pills" aria-label="At a glance">
          <li className="pill">IR {s.irVersion}</li>
          <li className="pill">{formatOpsets(s.opsets)}</li>
          <li className="pill">{formatCount(s.stats.weights.parameterCount)} parameters</li>
        </ul>
        <CompareButton />
      </div>
      <div className="inspect-columns">
        <div className="inspect-main">
          <IoContract summary={s} />
          <OpHistogram histogram={s.stats.opHistogram} />
        </div>
        <div className="inspect-side">
          <ModelFacts model={model} />
          <MetadataTable metadata={s.metadata} />
        </div>
      </div>
      {graph ? <graph.GraphPanel model={model} /> : <section className="card graph-card-loading" aria-label="Graph" aria-busy="true" />}
      <WeightsTable graph={s.graph} stats={s.stats.weights} />
    </div>
  );
}
