import { useEffect, useRef, useState } from 'react';
import type { OpenedForeign } from '../../../../shared/contract';
import type { ConvertDone, ConvertPlanView } from '../../../../shared/formats/convert';
import { toErrorData, type ErrorData } from '../../../../shared/errors';
import { cancelJob, startJob } from '../../../app/jobs';
import { Card } from '../../../components/Card';
import { CopyButton } from '../../../components/CopyButton';
import { ErrorNote } from '../../../components/ErrorNote';
import { useStudio } from '../../../store';
import { getApi } from '../../../transport';
import { JobProgressBar } from '../../export/JobProgressBar';
import { ConvertInputs, draftsOk, parseShape, type InputDraft } from './ConvertInputs';
import { ConvertResult } from './ConvertResult';

type Run =
  | { state: 'idle' }
  | { state: 'running'; jobId: string | null }
  | { state: 'done'; result: ConvertDone }
  | { state: 'failed'; error: ErrorData };

/** The module whose version says the converter is there. */
const CONVERTER_MODULE: Record<string, string> = { 'torch.onnx.export': 'torch', tf2onnx: 'tf2onnx', skl2onnx: 'skl2onnx' };

/**
 * Convert to ONNX: the plan (script, interpreter, what is missing) first, inputs where the file
 * keeps no shapes, then a job with progress and cancel, and the parity check of its result.
 */
export function ConvertCard({ opened }: { opened: OpenedForeign }) {
  const [plan, setPlan] = useState<ConvertPlanView | null>(null);
  const [planError, setPlanError] = useState<ErrorData | null>(null);
  const [drafts, setDrafts] = useState<InputDraft[]>([]);
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const jobRef = useRef<string | null>(null);
  const showModel = useStudio((s) => s.showModel);

  useEffect(() => {
    let live = true;
    setPlan(null);
    setPlanError(null);
    getApi()
      .call('foreign.convertPlan', { fileId: opened.fileId })
      .then((p) => {
        if (!live) return;
        setPlan(p);
        const known = p.inputs.map((i) => ({ name: i.name, dtype: i.dtype, text: i.shape.join('x') }));
        setDrafts(p.inputsRequired && known.length === 0 ? [{ name: 'input', dtype: 'float32', text: '' }] : known);
      })
      .catch((err: unknown) => live && setPlanError(toErrorData(err)));
    return () => {
      live = false;
    };
  }, [opened.fileId]);

  const convert = async () => {
    setRun({ state: 'running', jobId: null });
    try {
      const result = await startJob<ConvertDone>(
        () =>
          getApi().call('foreign.convert', {
            fileId: opened.fileId,
            inputs: drafts.map(({ name, dtype, text }) => ({ name: name.trim(), dtype, shape: parseShape(text) ?? [] })),
          }),
        {
          onStarted: (jobId) => {
            jobRef.current = jobId;
            setRun({ state: 'running', jobId });
          },
        },
      );
      setRun({ state: 'done', result });
    } catch (err) {
      setRun({ state: 'failed', error: toErrorData(err) });
    } finally {
      jobRef.current = null;
    }
  };

  const module = plan?.converter ? CONVERTER_MODULE[plan.converter] : undefined;
  return (
    <Card id="convert" title="Convert to ONNX" className="convert-card">
      {planError ? <ErrorNote error={planError} testId="convert-error" /> : null}
      {!plan && !planError ? <p className="muted">Looking for Python and its frameworks…</p> : null}
      {plan ? (
        <div data-testid="convert-plan" data-ready={plan.ready ? 'true' : 'false'}>
          {plan.ready ? (
            // When not ready, the reason names the interpreter and what it lacks.
            <p className="small" data-testid="convert-python">
              Python <span className="mono">{plan.python.version}</span> at <span className="mono">{plan.python.python}</span>
              {module ? ` · ${module} ${plan.python.frameworks[module] ?? ''}` : null}
            </p>
          ) : null}
          {plan.reason ? (
            <div className={plan.supported ? 'convert-reason' : 'convert-reason convert-blocked'} data-testid="convert-reason">
              <p>{plan.reason}</p>
              {plan.hint ? <p className="small muted">{plan.hint}</p> : null}
            </div>
          ) : null}
          {plan.snippet ? <CodeBlock title="Export it yourself" copy="Copy code" text={plan.snippet} testId="convert-snippet" /> : null}
          {plan.supported && drafts.length > 0 ? (
            <fieldset className="convert-fieldset" disabled={run.state === 'running'}>
              <ConvertInputs drafts={drafts} editable={plan.inputsRequired} onChange={setDrafts} />
            </fieldset>
          ) : null}
          {plan.script ? (
            <details className="convert-details">
              <summary>The script that runs</summary>
              <pre className="convert-script mono" data-testid="convert-script" tabIndex={0} aria-label="Conversion script">
                {plan.script}
              </pre>
            </details>
          ) : null}
          {plan.commands.length > 0 ? (
            <CodeBlock
              title={plan.ready ? 'Or run it yourself' : 'To convert, run'}
              copy="Copy commands"
              text={plan.commands.join('\n')}
              testId="convert-commands"
            />
          ) : null}
          {plan.notes.length > 0 ? (
            <ul className="foreign-notes small muted">
              {plan.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
          {plan.supported ? (
            <div className="convert-actions">
              {run.state === 'running' ? (
                <>
                  <JobProgressBar jobId={run.jobId} fallback="Starting Python…" />
                  <button
                    type="button"
                    className="btn"
                    onClick={() => jobRef.current && void cancelJob(jobRef.current)}
                    disabled={!run.jobId}
                  >
                    Cancel
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={!plan.ready || !draftsOk(drafts)}
                  onClick={() => void convert()}
                >
                  Convert to ONNX
                </button>
              )}
            </div>
          ) : null}
          {run.state === 'failed' && run.error.code !== 'CANCELLED' ? <ErrorNote error={run.error} testId="convert-error" /> : null}
          {run.state === 'failed' && run.error.code === 'CANCELLED' ? <p className="muted">Cancelled; nothing was written.</p> : null}
          {run.state === 'done' ? <ConvertResult result={run.result} onContinue={() => showModel(run.result.opened)} /> : null}
        </div>
      ) : null}
    </Card>
  );
}

function CodeBlock({ title, copy, text, testId }: { title: string; copy: string; text: string; testId: string }) {
  return (
    <div className="convert-commands">
      <div className="convert-commands-head">
        <p className="small">{title}:</p>
        <CopyButton getText={() => text} label={copy} />
      </div>
      <pre className="convert-script convert-wrap mono" data-testid={testId} tabIndex={0} aria-label={title}>
        {text}
      </pre>
    </div>
  );
}
