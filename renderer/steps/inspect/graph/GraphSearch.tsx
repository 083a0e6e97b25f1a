// The graph's search box: name, op type or tensor name, with next/previous through the hits.
// Keyboard: Enter = next, Shift+Enter = previous, Escape clears. On large graphs the search waits
// for a pause in typing (a scan of 50k nodes is ~10 ms, but a re-highlight of the canvas is not
// free); Enter never waits: it searches what is typed at once.
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { GraphModel } from '../../../../shared/graph/graph-model';
import { searchGraph, type SearchHit } from '../../../../shared/graph/search';
import { exact } from '../../../format/numbers';
import './graph-parts.css';

export interface GraphSearchProps {
  graph: GraphModel;
  /** Called with the hit to centre (null when the query is cleared) and all hits (to highlight). */
  onFocus(nodeId: string | null, hits: SearchHit[]): void;
}

/** Graphs above this size wait DEBOUNCE_MS after the last keystroke. */
const DEBOUNCE_FROM = 2_000;
const DEBOUNCE_MS = 180;
const LIMIT = 10_000;

interface Result {
  query: string;
  graph: GraphModel;
  hits: SearchHit[];
  at: number;
}

export function GraphSearch({ graph, onFocus }: GraphSearchProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  // The parent may pass a new function on each render: calling the latest one must not re-search.
  const focusRef = useRef(onFocus);
  focusRef.current = onFocus;

  const show = useCallback((r: Result | null) => {
    setResult(r);
    if (!r || !r.query.trim()) focusRef.current(null, []);
    else focusRef.current(r.hits[r.at]?.nodeId ?? null, r.hits);
  }, []);

  const run = useCallback(
    (query: string) => {
      if (!query.trim()) return show(null);
      show({ query, graph, hits: searchGraph(graph, query, LIMIT), at: 0 });
    },
    [graph, show],
  );

  // Search as the user types (after a pause on big graphs), and again when the graph changes
  // (a subgraph opened): the same words, the new graph's hits.
  const searched = result?.query === text && result.graph === graph;
  useEffect(() => {
    if (searched) return;
    if (!text.trim()) {
      if (result) show(null);
      return;
    }
    const wait = graph.nodes.length > DEBOUNCE_FROM ? DEBOUNCE_MS : 0;
    const timer = setTimeout(() => run(text), wait);
    return () => clearTimeout(timer);
  }, [text, graph, searched, result, run, show]);

  const step = (by: number) => {
    // Enter right after typing: search now instead of waiting for the pause.
    const r = searched ? result : text.trim() ? { query: text, graph, hits: searchGraph(graph, text, LIMIT), at: -by } : null;
    if (!r) return;
    if (!r.hits.length) return show(r);
    const n = r.hits.length;
    show({ ...r, at: (((r.at + by) % n) + n) % n });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      step(e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape') {
      // Only swallow Escape when there is something to clear: otherwise it may close a panel.
      if (!text) return;
      e.preventDefault();
      e.stopPropagation();
      setText('');
      show(null);
    }
  };

  const hits = searched ? result.hits : [];
  const count =
    !searched || !text.trim()
      ? ''
      : hits.length === 0
        ? 'No match'
        : `${exact(result.at + 1)} of ${exact(hits.length)}${hits.length >= LIMIT ? '+' : ''}`;

  return (
    <div className="graph-search" role="search">
      <label className="visually-hidden" htmlFor={id}>
        Search the graph
      </label>
      <input
        id={id}
        className="input graph-search-input"
        type="text"
        value={text}
        placeholder="Search name, op or tensor"
        autoComplete="off"
        spellCheck={false}
        aria-describedby={`${id}-count`}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <span id={`${id}-count`} className={`graph-search-count${hits.length === 0 && count ? ' graph-search-none' : ''}`} aria-live="polite">
        {count}
      </span>
      <button
        type="button"
        className="btn btn-ghost btn-icon btn-sm"
        aria-label="Previous match"
        title="Previous match (Shift+Enter)"
        disabled={hits.length === 0}
        onClick={() => step(-1)}
      >
        <span aria-hidden="true">▲</span>
      </button>
      <button
        type="button"
        className="btn btn-ghost btn-icon btn-sm"
        aria-label="Next match"
        title="Next match (Enter)"
        disabled={hits.length === 0}
        onClick={() => step(1)}
      >
        <span aria-hidden="true">▼</span>
      </button>
    </div>
  );
}
