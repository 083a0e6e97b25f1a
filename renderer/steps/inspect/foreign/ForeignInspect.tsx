import type { OpenedForeign } from '../../../../shared/contract';
import { formatBytes, formatCount } from '../../../../shared/format';
import type { ForeignIo } from '../../../../shared/formats/types';
import { Card } from '../../../components/Card';
import { Icon } from '../../../components/Icon';
import { exact, formatMs } from '../../../format/numbers';
import { MetadataTable } from '../MetadataTable';
import { ConvertCard } from './ConvertCard';
import { ForeignTable } from './ForeignTable';
import { dimsText, ForeignTensors } from './ForeignTensors';
import { ScanCard } from './ScanCard';
import './foreign.css';

/**
 * Inspect for a model file of another format: what it is, whether it is safe (the scan, first),
 * its tensors and tables, and the way to ONNX. Read lazily: nothing here loaded a weight.
 */
export function ForeignInspect({ opened }: { opened: OpenedForeign }) {
  const m = opened.model;
  return (
    <div className="inspect-step foreign-inspect" data-format={m.format}>
      <div className="step-intro inspect-intro">
        <div className="inspect-title">
          <h1>{opened.fileName}</h1>
          <p className="lead" data-testid="foreign-what">
            {m.what}
          </p>
          {opened.displayPath !== opened.fileName ? (
            <p className="muted mono small" title={opened.displayPath}>
              {opened.displayPath}
            </p>
          ) : null}
        </div>
        <ul className="pills" aria-label="At a glance">
          <li className="pill" data-testid="foreign-format">
            {m.format}
          </li>
          <li className="pill">{formatBytes(m.fileSize)}</li>
          {m.parameters !== null && m.tensorCount > 0 ? <li className="pill">{formatCount(m.parameters)} parameters</li> : null}
          <li className="pill pill-accent">
            <Icon name="clock" size={14} />
            read in {formatMs(opened.readMs)}
          </li>
        </ul>
      </div>
      <ScanCard
        scan={
          m.scan ?? {
            verdict: 'safe',
            summary: `${m.format} holds tensors and structure only: this format cannot carry code.`,
            pickles: [],
            findings: [],
          }
        }
      />
      <div className="inspect-columns">
        <div className="inspect-main">
          {m.io ? <IoCard io={m.io} /> : null}
          <ForeignTensors fileId={opened.fileId} tensors={m.tensors} total={m.tensorCount} bytes={m.tensorBytes} />
          {m.sections.map((s, i) => (
            <ForeignTable key={s.title} section={s} index={i} />
          ))}
        </div>
        <div className="inspect-side">
          <ConvertCard opened={opened} />
          {m.notes.length > 0 ? (
            <Card id="foreign-notes" title="Notes">
              <ul className="foreign-notes">
                {m.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </Card>
          ) : null}
          <MetadataTable metadata={m.metadata} />
          {m.files && m.files.length > 0 ? (
            <ForeignTable
              index={99}
              section={{
                title: 'Archive entries',
                columns: ['Entry', 'Kind', 'Size', 'Stored'],
                rows: m.files.slice(0, 500).map((f) => [f.name, f.kind ?? '', formatBytes(f.size), formatBytes(f.compressedSize)]),
                total: m.files.length,
              }}
            />
          ) : null}
        </div>
      </div>
    </div>
  );
}

function IoCard({ io }: { io: { inputs: ForeignIo[]; outputs: ForeignIo[] } }) {
  const rows = [...io.inputs.map((v) => ['input', v] as const), ...io.outputs.map((v) => ['output', v] as const)];
  return (
    <Card
      id="foreign-io"
      title="Inputs and outputs"
      actions={
        <span className="muted small">
          {exact(io.inputs.length)} in · {exact(io.outputs.length)} out
        </span>
      }
    >
      <div className="table-wrap">
        <table className="table" aria-labelledby="foreign-io-title" data-testid="foreign-io">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Type</th>
              <th scope="col">Shape</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([role, v]) => (
              <tr key={`${role}:${v.name}`}>
                <th scope="row" className="mono">
                  {v.name}
                </th>
                <td>{role}</td>
                <td className="mono">{v.dtype}</td>
                <td className="mono">{dimsText(v.shape)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
