// The panel for a clicked node: op, domain, name, attributes, inputs/outputs with their types, and
// the initializers it reads (values on request). For graph inputs/outputs and initializer nodes,
// the tensor's type and shape.
import { BreakableName } from '../BreakableName';
import { useEffect, useId, useMemo, useRef, type ReactNode } from 'react';
import type { GraphModel } from '../../../../shared/graph/graph-model';
import type { SubgraphStep } from '../../../../shared/graph/subgraph-path';
import type { ModelSummary, TensorInfo } from '../../../../shared/model-summary';
import { formatBytes } from '../../../../shared/format';
import { Icon } from '../../../components/Icon';
import { exact, formatDims, locationText } from '../../../format/numbers';
import { InitializerPreview } from './InitializerPreview';
import { nodeDetails, tensorLabel, type NodeDetails, type TensorRow } from './node-details';
import './node-properties.css';

export interface NodePropertiesProps {
  modelId: string;
  summary: ModelSummary;
  /** The graph shown (graph.path says which subgraph); nodeId is one of graph.nodes. */
  graph: GraphModel;
  nodeId: string;
  /** Open an If/Loop/Scan body of this node (the view adds the step to its path). */
  onOpenSubgraph(step: SubgraphStep): void;
  onClose(): void;
}

const KIND_LABEL: Record<NodeDetails['kind'], string> = {
  op: 'Operator',
  input: 'Graph input',
  output: 'Graph output',
  initializer: 'Initializer',
  outer: 'From the enclosing graph',
};

export function NodeProperties({ modelId, summary, graph, nodeId, onOpenSubgraph, onClose }: NodePropertiesProps) {
  const details = useMemo(() => {
    try {
      return nodeDetails(summary, graph, nodeId);
    } catch {
      return null; // a path that no longer resolves: nothing to show
    }
  }, [summary, graph, nodeId]);
  const headingId = useId();
  const root = useRef<HTMLElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  // Focus stays where the user picked the node (the canvas keeps its keys, the search box its
  // Enter = next); the panel follows in tab order. Closing from inside the panel gives focus back
  // to where they were, so the next node is one key away.
  const before = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const active = document.activeElement;
    before.current = active instanceof HTMLElement && active !== document.body ? active : null;
  }, []);
  const closeAndReturn = useRef(() => {});
  closeAndReturn.current = () => {
    const inside = root.current?.contains(document.activeElement) ?? false;
    const back = before.current;
    close.current();
    if (inside && back && document.contains(back)) back.focus({ preventScroll: true });
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // A field that used Escape itself (clearing a search box) has already handled it.
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      closeAndReturn.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section ref={root} className="node-props" aria-labelledby={headingId} data-testid="node-properties" data-node-id={nodeId}>
      <header className="node-props-head">
        <div className="node-props-titles">
          <p className="node-props-kind">
            {details ? (details.kind === 'op' ? `${details.op} · ${details.domain}` : KIND_LABEL[details.kind]) : 'Node'}
          </p>
          <h2 id={headingId} className="node-props-title mono" title={details?.title}>
            {details?.title ?? nodeId}
          </h2>
        </div>
        <button
          type="button"
          className="btn btn-ghost btn-icon"
          aria-label="Close properties"
          title="Close (Esc)"
          onClick={() => closeAndReturn.current()}
        >
          <Icon name="close" size={16} />
        </button>
      </header>
      <div className="node-props-body">
        {!details ? (
          <p className="empty">This node is not in the graph shown.</p>
        ) : (
          <DetailsBody details={details} modelId={modelId} path={graph.path} onOpenSubgraph={onOpenSubgraph} />
        )}
      </div>
    </section>
  );
}

function DetailsBody({
  details: d,
  modelId,
  path,
  onOpenSubgraph,
}: {
  details: NodeDetails;
  modelId: string;
  path: SubgraphStep[];
  onOpenSubgraph(step: SubgraphStep): void;
}) {
  switch (d.kind) {
    case 'op':
      return (
        <>
          <dl className="node-props-facts">
            <Fact term="Op type" value={d.op} mono />
            <Fact term="Domain" value={d.domain} mono />
            <Fact term="Name" value={d.name || '(unnamed)'} mono />
          </dl>
          {d.docString ? <p className="node-props-doc">{d.docString}</p> : null}
          <Section title="Attributes" count={d.attributes.length}>
            {d.attributes.length === 0 ? (
              <p className="empty small">None.</p>
            ) : (
              <table className="table node-props-table" data-testid="node-attributes">
                <tbody>
                  {d.attributes.map((a) => [
                    <tr key={a.name} data-attribute={a.name}>
                      <th scope="row" className="mono node-props-attr">
                        {a.name}
                      </th>
                      <td>
                        <span className="mono node-props-value">{a.text}</span> <span className="badge badge-muted">{a.type}</span>
                        {a.subgraphs ? (
                          <span className="node-props-open">
                            {a.subgraphs.map((s) => (
                              <button key={s.label} type="button" className="btn btn-sm" onClick={() => onOpenSubgraph(s.step)}>
                                {s.label}
                              </button>
                            ))}
                          </span>
                        ) : null}
                      </td>
                    </tr>,
                    // A big tensor attribute (a Constant's value): its values on request, full width.
                    a.preview ? (
                      <tr key={`${a.name}-preview`} className="node-props-attr-preview">
                        <td colSpan={2}>
                          <InitializerPreview
                            modelId={modelId}
                            tensor={a.preview.tensor}
                            path={path}
                            attribute={{ node: a.preview.node, name: a.preview.name }}
                          />
                        </td>
                      </tr>
                    ) : null,
                  ])}
                </tbody>
              </table>
            )}
          </Section>
          <Section title="Inputs" count={d.inputs.length}>
            <TensorTable rows={d.inputs} testId="node-inputs" />
          </Section>
          <Section title="Outputs" count={d.outputs.length}>
            <TensorTable rows={d.outputs} testId="node-outputs" />
          </Section>
          {constantInputs(d.inputs).length ? (
            <Section title="Constant inputs" count={constantInputs(d.inputs).length}>
              <ul className="plain-list node-props-inits" data-testid="node-constants">
                {constantInputs(d.inputs).map((c) => (
                  <li key={c.node}>
                    <InitializerDetails tensor={c.tensor} modelId={modelId} path={path} attribute={{ node: c.node, name: c.name }} />
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}
          {d.initializers.length ? (
            <Section title="Initializers" count={d.initializers.length}>
              <ul className="plain-list node-props-inits">
                {d.initializers.map((t) => (
                  <li key={t.name}>
                    <InitializerDetails tensor={t} modelId={modelId} path={path} />
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}
        </>
      );
    case 'input':
    case 'output':
      return (
        <>
          <dl className="node-props-facts">
            <Fact term="Tensor" value={d.name} mono />
            <Fact term="Type" value={d.type || 'not declared'} mono />
          </dl>
          {d.docString ? <p className="node-props-doc">{d.docString}</p> : null}
        </>
      );
    case 'initializer':
      return (
        <>
          <TensorFacts tensor={d.tensor} />
          <InitializerPreview modelId={modelId} tensor={d.tensor.name} path={path} />
        </>
      );
    case 'outer':
      return (
        <Section title="Names read from the enclosing graphs" count={d.reads.length}>
          <TensorTable rows={d.reads} testId="node-outer" />
        </Section>
      );
  }
}

function Fact({ term, value, mono }: { term: string; value: string; mono?: boolean }) {
  return (
    <div className="node-props-fact">
      <dt>{term}</dt>
      <dd className={mono ? 'mono' : undefined}>{value}</dd>
    </div>
  );
}

function Section({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  return (
    <section className="node-props-section">
      <h3>
        {title} <span className="muted">{exact(count)}</span>
      </h3>
      {children}
    </section>
  );
}

function TensorTable({ rows, testId }: { rows: TensorRow[]; testId: string }) {
  if (rows.length === 0) return <p className="empty small">None.</p>;
  return (
    <table className="table node-props-table" data-testid={testId}>
      <tbody>
        {rows.map((r) => (
          <tr key={r.index} data-tensor={r.name}>
            <td className="num muted node-props-index">{r.index}</td>
            <th scope="row" className="mono node-props-tensor" title={r.name}>
              {r.name ? <BreakableName name={r.name} /> : <span className="muted">(omitted)</span>}
            </th>
            <td className="mono node-props-type">
              {r.type ? <BreakableName name={r.type} /> : <span className="muted">?</span>}
              {r.initializer ? <span className="badge badge-muted">initializer</span> : null}
              {r.constant ? <span className="badge badge-muted">Constant</span> : null}
              {!r.type && r.unknown ? (
                <span className="node-props-unknown small" data-testid="shape-unknown-reason">
                  shape unknown: {r.unknown}
                </span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TensorFacts({ tensor: t }: { tensor: TensorInfo }) {
  const loc = locationText(t.location);
  return (
    <dl className="node-props-facts">
      <Fact term="Type" value={tensorLabel(t)} mono />
      <Fact term="Dims" value={formatDims(t.dims)} />
      <Fact term="Elements" value={exact(t.elementCount)} />
      <Fact term="Size" value={`${formatBytes(t.byteLength)} (${exact(t.byteLength)} bytes)`} />
      <Fact term="Stored" value={loc.long} />
    </dl>
  );
}

/** The Constant nodes feeding a node (one entry per Constant, even when read twice). */
function constantInputs(rows: TensorRow[]): Array<NonNullable<TensorRow['constant']>> {
  const seen = new Map<string, NonNullable<TensorRow['constant']>>();
  for (const r of rows) if (r.constant && !seen.has(r.constant.node)) seen.set(r.constant.node, r.constant);
  return [...seen.values()];
}

/** Collapsed by default: a node can read dozens of initializers. A Constant's value is read
 *  through its node's attribute (`attribute`), an initializer by its name. */
function InitializerDetails({
  tensor: t,
  modelId,
  path,
  attribute,
}: {
  tensor: TensorInfo;
  modelId: string;
  path: SubgraphStep[];
  attribute?: { node: string; name: string };
}) {
  return (
    <details className="node-props-init" data-initializer={t.name}>
      <summary>
        <span className="mono node-props-init-name" title={t.name}>
          <BreakableName name={t.name} />
        </span>
        <span className="mono muted">{tensorLabel(t)}</span>
        <span className="muted small">{formatBytes(t.byteLength)}</span>
      </summary>
      <div className="node-props-init-body">
        <TensorFacts tensor={t} />
        <InitializerPreview modelId={modelId} tensor={t.name} path={path} {...(attribute ? { attribute } : {})} />
      </div>
    </details>
  );
}
