// The graph card of the Inspect step: toolbar (search, fit, zoom, minimap, initializers, export,
// full size), breadcrumbs for subgraphs, the canvas, the clicked node's properties and the legend.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { OpenedModel } from '../../../../shared/contract';
import { pathToNode } from '../../../../shared/graph/path-highlight';
import type { SearchHit } from '../../../../shared/graph/search';
import type { SubgraphStep } from '../../../../shared/graph/subgraph-path';
import { useStudio } from '../../../store';
import { Breadcrumbs } from './Breadcrumbs';
import { exportBaseName, exportPng, exportSvg } from './export-view';
import { GraphCanvas } from './GraphCanvas';
import { GraphSearch } from './GraphSearch';
import type { InitializerMode } from './layout-protocol';
import type { SceneResult } from './layout-client';
import { layoutClient } from './layout-service';
import { NodeProperties } from './NodeProperties';
import { OpLegend } from './OpLegend';
import { stepInto } from './subgraph-step';
import type { GraphViewController } from './view-controller';
import './graph.css';

export function GraphPanel({ model }: { model: OpenedModel }) {
  const [path, setPath] = useState<SubgraphStep[]>([]);
  const [initializers, setInitializers] = useState<InitializerMode>('collapsed');
  const [result, setResult] = useState<SceneResult | null>(null);
  const [busy, setBusy] = useState(true);
  const [selected, setSelected] = useState<string | null>(null);
  const [search, setSearch] = useState<{ focused: string | null; hits: SearchHit[] }>({ focused: null, hits: [] });
  const [minimap, setMinimap] = useState(true);
  const [full, setFull] = useState(false);
  const [ctl, setCtl] = useState<GraphViewController | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const summary = model.summary;
  const initId = useId();

  // A new model starts at its main graph, with nothing of the last one: its picture, selection
  // (shown with the new model's summary, it described another node) and search hits.
  const modelId = model.modelId;
  const seen = useRef(modelId);
  if (seen.current !== modelId) {
    seen.current = modelId;
    if (path.length) setPath([]);
    setResult(null);
    setSelected(null);
    setSearch({ focused: null, hits: [] });
    setNotice(null);
  }

  // The layout starts as soon as the model is here (not once the canvas exists): it is most of the
  // first paint's time on a big graph.
  const ctlRef = useRef(ctl);
  ctlRef.current = ctl;
  const drawn = useRef(modelId);
  useEffect(() => {
    let live = true;
    setBusy(true);
    // A subgraph step keeps the graph it came from in view until its own is ready; a new model does not.
    if (drawn.current !== modelId) ctlRef.current?.clear();
    drawn.current = modelId;
    ctlRef.current?.setState('laying-out');
    void layoutClient()
      .request({ modelId, graph: summary.graph, path, initializers })
      .then((r) => {
        if (!live || !r) return; // a newer request took over
        setBusy(false);
        setResult(r);
      });
    return () => {
      live = false;
    };
  }, [modelId, summary, path, initializers]);

  const scene = result?.ok ? result.scene : null;
  const error = result && !result.ok ? result.error : null;
  useEffect(() => {
    if (!ctl || !result) return;
    setNotice(null);
    setSelected(null);
    setSearch({ focused: null, hits: [] });
    if (result.ok) ctl.setScene(result.scene);
    else ctl.setState('error', result.error.message);
  }, [ctl, result]);

  // Selection, search hits and the path from the inputs to the selection, drawn emphasised (and
  // emphasised in an exported SVG too).
  const inputPath = useMemo(() => (selected && scene ? pathToNode(scene.model, selected) : null), [selected, scene]);
  useEffect(() => {
    if (!ctl || !scene) return;
    ctl.setHighlight({ selected, hits: search.hits.map((h) => h.nodeId), focused: search.focused, path: inputPath });
  }, [ctl, scene, selected, search, inputPath]);

  const openSubgraph = useCallback((step: SubgraphStep) => setPath((p) => [...p, step]), []);
  const onOpen = useCallback(
    (nodeId: string) => {
      const step = scene && stepInto(scene.model, nodeId);
      if (step) openSubgraph(step);
    },
    [scene, openSubgraph],
  );
  const onEscape = useCallback(() => {
    if (selected) setSelected(null);
    else if (full) setFull(false);
  }, [selected, full]);
  const onFocus = useCallback(
    (nodeId: string | null, hits: SearchHit[]) => {
      setSearch({ focused: nodeId, hits });
      if (nodeId) {
        ctl?.focusNode(nodeId);
        setSelected(nodeId);
      }
    },
    [ctl],
  );

  const fileBase = exportBaseName(model.fileName, path);
  const count = scene?.model.nodes.length ?? 0;
  const empty = scene !== null && count === 0;
  const onExportPng = () => {
    if (!ctl) return;
    setNotice(null);
    exportPng(ctl, fileBase)
      .then((what) =>
        setNotice(
          what?.saved === 'svg'
            ? `The whole graph (${count.toLocaleString('en')} nodes) needs ${what.width.toLocaleString('en')} × ${what.height.toLocaleString('en')} pixels to be readable, more than one PNG holds, so it was saved as SVG: any browser opens it and zooms without blur.`
            : null,
        ),
      )
      .catch((e: unknown) =>
        useStudio.getState().reportError({
          code: 'INTERNAL',
          message: `The graph could not be exported as PNG: ${e instanceof Error ? e.message : String(e)}`,
          hint: 'Try Export SVG instead.',
        }),
      );
  };

  return (
    <section
      className={`card graph-card${full ? ' graph-card-full' : ''}`}
      aria-labelledby="graph-title"
      onKeyDown={(e) => e.key === 'Escape' && full && !selected && setFull(false)}
    >
      <header className="card-head graph-head">
        <h2 id="graph-title" className="card-title">
          Graph {scene ? <span className="count">{count.toLocaleString('en')} nodes</span> : null}
        </h2>
        <Breadcrumbs rootName={summary.graph.name || 'main graph'} path={path} onNavigate={(depth) => setPath((p) => p.slice(0, depth))} />
        <div className="graph-toolbar" role="toolbar" aria-label="Graph view">
          {scene ? <GraphSearch graph={scene.model} onFocus={onFocus} /> : null}
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => ctl?.fit()} title="Fit the graph (0)">
            Fit
          </button>
          <button
            type="button"
            className="btn btn-ghost btn-sm btn-icon"
            onClick={() => ctl?.zoomBy(1.25)}
            aria-label="Zoom in"
            title="Zoom in (+)"
          >
            +
          </button>
          <button
            type="button"
            className="btn btn-ghost btn-sm btn-icon"
            onClick={() => ctl?.zoomBy(0.8)}
            aria-label="Zoom out"
            title="Zoom out (−)"
          >
            −
          </button>
          <button type="button" className="btn btn-ghost btn-sm" aria-pressed={minimap} onClick={() => setMinimap((m) => !m)}>
            Minimap
          </button>
          <span className="graph-select small">
            <label htmlFor={initId}>Initializers</label>
            <select id={initId} className="input" value={initializers} onChange={(e) => setInitializers(e.target.value as InitializerMode)}>
              <option value="collapsed">collapsed</option>
              <option value="nodes">as nodes</option>
            </select>
          </span>
          <button type="button" className="btn btn-ghost btn-sm" disabled={!scene || empty} onClick={onExportPng}>
            Export PNG
          </button>
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            disabled={!scene || empty}
            onClick={() => ctl && exportSvg(ctl, fileBase, inputPath?.nodes)}
          >
            Export SVG
          </button>
          <button type="button" className="btn btn-ghost btn-sm" aria-pressed={full} onClick={() => setFull((f) => !f)}>
            {full ? 'Exit full size' : 'Full size'}
          </button>
        </div>
      </header>
      {notice ? (
        <p className="graph-notice small" role="status" data-testid="graph-notice">
          {notice}
        </p>
      ) : null}
      <div className="graph-body">
        <div className="graph-stage">
          <GraphCanvas
            label={`Graph of ${model.fileName}${path.length ? ` — ${path.map((s) => `${s.node}/${s.attribute}`).join(' › ')}` : ''}`}
            minimap={minimap}
            onController={setCtl}
            onSelect={setSelected}
            onOpen={onOpen}
            onEscape={onEscape}
          />
          {busy ? (
            <p className="graph-overlay" role="status">
              Laying out the graph…
            </p>
          ) : null}
          {empty ? (
            <p className="graph-overlay graph-empty" data-testid="graph-empty">
              {path.length ? 'This subgraph' : 'This graph'} has no nodes, inputs or outputs: there is nothing to draw.{' '}
              {path.length
                ? 'Go back with the breadcrumbs above.'
                : 'Check that the exporter wrote the graph: a model without outputs gives no predictions either.'}
            </p>
          ) : null}
          {error ? (
            <div className="graph-overlay graph-error" role="alert">
              <strong>The graph could not be shown.</strong> {error.message} {error.hint ?? ''}
              {path.length ? (
                <button type="button" className="btn btn-sm" onClick={() => setPath([])}>
                  Back to the main graph
                </button>
              ) : null}
            </div>
          ) : null}
        </div>
        {selected && scene && scene.model.nodes.some((n) => n.id === selected) ? (
          <aside className="graph-props" aria-label="Node properties">
            <NodeProperties
              modelId={modelId}
              summary={summary}
              graph={scene.model}
              nodeId={selected}
              onOpenSubgraph={openSubgraph}
              onClose={() => setSelected(null)}
            />
          </aside>
        ) : null}
      </div>
      {scene ? <OpLegend graph={scene.model} /> : null}
    </section>
  );
}
