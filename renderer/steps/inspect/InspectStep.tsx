import { formatCount } from '../../../shared/format';
import { Icon } from '../../components/Icon';
import { formatMs, formatOpsets } from '../../format/numbers';
import { selectModel, useStudio } from '../../store';
import { CompareButton } from '../diff/CompareButton';
import { DiffView } from '../diff/DiffView';
import { InitializerTable } from './InitializerTable';
import { IoContract } from './IoContract';
import { MetadataTable } from './MetadataTable';
import { ModelFacts } from './ModelFacts';
import { OpHistogram } from './OpHistogram';
import { GraphPanel } from './graph/GraphPanel';
import './inspect.css';

export function InspectStep() {
  const model = useStudio(selectModel);
  const comparing = useStudio((st) => st.diff !== null && st.diff.olderId === st.model?.modelId);
  if (!model) return null;
  if (comparing) return <DiffView />;
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
          <li className="pill">{formatCount(s.stats.parameterCount)} parameters</li>
          <li className="pill pill-accent" data-testid="read-time">
            <Icon name="clock" size={14} />
            read in {formatMs(model.readMs)}
          </li>
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
      <GraphPanel model={model} />
      <InitializerTable graph={s.graph} totalBytes={s.stats.initializerBytes} />
    </div>
  );
}
