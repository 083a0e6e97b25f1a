import type { Dim, TypeInfo } from '../../../shared/model-summary';

function DimChip({ dim }: { dim: Dim }) {
  if (dim === null) {
    return (
      <span className="dim dim-unknown" title="Unknown size">
        ?
      </span>
    );
  }
  if (typeof dim === 'string') {
    return (
      <span className="dim dim-symbolic" title={`Symbolic dimension "${dim}": chosen at run time; equal names mean equal sizes`}>
        {dim}
      </span>
    );
  }
  return <span className="dim">{dim}</span>;
}

/** A tensor's shape with symbolic dims as named chips and unknown ones as "?". */
export function ShapeView({ type }: { type: TypeInfo }) {
  if (type.kind !== 'tensor' && type.kind !== 'sparse_tensor') return <span className="mono">{type.text}</span>;
  const shape = type.shape;
  if (shape == null) return <span className="shape muted">unknown rank</span>;
  if (shape.length === 0) return <span className="shape muted">scalar</span>;
  return (
    <span className="shape">
      <span className="shape-bracket">[</span>
      {shape.map((d, i) => (
        <span key={i} className="shape-item">
          {i > 0 ? <span className="shape-sep">, </span> : null}
          <DimChip dim={d} />
        </span>
      ))}
      <span className="shape-bracket">]</span>
    </span>
  );
}

export function typeLabel(type: TypeInfo): string {
  if (type.kind === 'tensor') return type.elemType ?? 'undefined';
  if (type.kind === 'sparse_tensor') return `sparse ${type.elemType ?? 'undefined'}`;
  return type.text;
}
