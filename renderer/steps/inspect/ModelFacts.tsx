import type { ReactNode } from 'react';
import type { OpenedModel } from '../../../shared/contract';
import { formatBytes, formatCount } from '../../../shared/format';
import { Card } from '../../components/Card';
import { exact, formatOpsets } from '../../format/numbers';

function Fact({ label, children, title }: { label: string; children: ReactNode; title?: string }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd title={title}>{children}</dd>
    </div>
  );
}

const orDash = (s: string) => (s.trim() ? s : '—');

export function ModelFacts({ model }: { model: OpenedModel }) {
  const s = model.summary;
  const { stats } = s;
  const producer = [s.producer.name, s.producer.version].filter(Boolean).join(' ');
  return (
    <Card id="facts" title="Model">
      <dl className="facts" data-testid="model-facts">
        <Fact label="File" title={model.displayPath}>
          <span className="mono">{s.file.name || model.fileName}</span>
        </Fact>
        <Fact label="Size" title={`${exact(s.file.bytes)} bytes`}>
          {formatBytes(s.file.bytes)}
        </Fact>
        <Fact label="IR version">{s.irVersion}</Fact>
        <Fact label="Opsets">{formatOpsets(s.opsets)}</Fact>
        <Fact label="Producer">{orDash(producer)}</Fact>
        <Fact label="Domain">{orDash(s.domain)}</Fact>
        <Fact label="Model version">{s.modelVersion}</Fact>
        <Fact label="Nodes">{exact(stats.nodeCount)}</Fact>
        <Fact label="Initializers">{exact(stats.initializerCount)}</Fact>
        <Fact
          label="Parameters"
          title={`${exact(stats.weights.parameterCount)} parameters in ${exact(stats.weights.initializers)} initializers and ${exact(stats.weights.constants)} Constant nodes, every graph`}
        >
          {formatCount(stats.weights.parameterCount)}
        </Fact>
        <Fact label="Weight bytes" title={`${exact(stats.weights.bytes)} bytes`}>
          {formatBytes(stats.weights.bytes)}
          {stats.weights.precision === 'none' ? null : <span className="muted"> · {stats.weights.precision}</span>}
        </Fact>
        {stats.nested.graphCount > 0 ? (
          <Fact label="Subgraphs">
            {exact(stats.nested.graphCount)} ({exact(stats.nested.nodeCount)} nodes, depth {stats.nested.maxDepth})
          </Fact>
        ) : null}
        {s.functions.length > 0 ? <Fact label="Functions">{exact(s.functions.length)}</Fact> : null}
        <Fact label="External data">
          {s.externalData.length === 0 ? (
            'none'
          ) : (
            <ul className="plain-list">
              {s.externalData.map((e) => (
                <li key={e.location}>
                  <span className="mono">{e.location}</span> <span className="muted">{formatBytes(e.fileBytes)}</span>
                </li>
              ))}
            </ul>
          )}
        </Fact>
      </dl>
      {s.docString.trim() ? (
        <div className="doc-string">
          <h3>Description</h3>
          <p>{s.docString}</p>
        </div>
      ) : null}
    </Card>
  );
}
