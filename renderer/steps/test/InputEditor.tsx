import { useMemo } from 'react';
import type { ValueInfo } from '../../../shared/model-summary';
import { Card } from '../../components/Card';
import { Tabs } from '../../components/Tabs';
import { useStudio } from '../../store';
import { ShapeView } from '../inspect/ShapeView';
import { ErrorNote } from '../../components/ErrorNote';
import { FileTab } from './FileTab';
import { GenerateTab } from './GenerateTab';
import { GridEditor } from './GridEditor';
import { ImageTab } from './ImageTab';
import { concreteShape, draftTensor, inputType, jsonTemplate, resolveDraft, TAB_LABELS, tabsFor, type Dims } from './input-model';
import { JsonEditor } from './JsonEditor';
import type { InputDraft } from '../../store/test-types';

/**
 * The error to show under an input as it is edited: the shared codec and validator on what the
 * active tab holds. Nothing yet (no file, no picture) is not an error until Run; generated values
 * are valid by construction and not worth generating on every keystroke.
 */
function liveError(draft: InputDraft, input: ValueInfo, dims: Dims) {
  if (draft.tab === 'generate') return null;
  if (draft.tab === 'file' && !draft.file && !draft.fileError) return null;
  if (draft.tab === 'image' && !draft.image.result && !draft.image.error) return null;
  const out = resolveDraft(draft, input, dims);
  return 'error' in out ? out.error : null;
}

export function InputEditor({ input, index }: { input: ValueInfo; index: number }) {
  const draft = useStudio((s) => s.drafts[input.name]);
  const dims = useStudio((s) => s.dims);
  const runError = useStudio((s) => s.inputErrors[input.name]);
  const updateDraft = useStudio((s) => s.updateDraft);
  const live = useMemo(() => (draft ? liveError(draft, input, dims) : null), [draft, input, dims]);
  if (!draft) return null;
  const idBase = `in${index}`;
  const errId = `${idBase}-error`;
  const t = inputType(input);
  const error = runError ?? live;
  const shape = concreteShape(input, dims);
  const title = (
    <span className="input-title">
      <span className="mono">{input.name}</span>
      <span className="io-type mono">{input.type.kind === 'tensor' ? (input.type.elemType ?? '') : input.type.text}</span>
      <ShapeView type={input.type} />
    </span>
  );
  return (
    <Card id={idBase} title={title} className="input-card">
      <div data-input-name={input.name} data-input-tab={draft.tab} data-input-state={error ? 'error' : 'ok'}>
        {'error' in t ? (
          <ErrorNote error={t.error} id={errId} />
        ) : (
          <>
            <Tabs
              idBase={idBase}
              label={`How to enter ${input.name}`}
              tabs={tabsFor(input).map((id) => ({ id, label: TAB_LABELS[id] }))}
              selected={draft.tab}
              onSelect={(tab) => updateDraft(input.name, { tab })}
            >
              {draft.tab === 'grid' && shape ? (
                <GridEditor
                  name={input.name}
                  shape={shape}
                  type={t.type}
                  cells={draft.grid}
                  describedBy={error ? errId : undefined}
                  onChange={(grid) => updateDraft(input.name, { grid })}
                />
              ) : null}
              {draft.tab === 'json' ? (
                <JsonEditor
                  name={input.name}
                  text={draft.json ?? jsonTemplate(input, dims, t.type)}
                  ok={live ? null : jsonOk(draft, input, dims, t.type)}
                  invalid={!!error}
                  describedBy={errId}
                  onChange={(json) => updateDraft(input.name, { json })}
                  onTemplate={() => updateDraft(input.name, { json: jsonTemplate(input, dims, t.type) })}
                />
              ) : null}
              {draft.tab === 'file' ? <FileTab name={input.name} draft={draft} /> : null}
              {draft.tab === 'image' ? <ImageTab name={input.name} idBase={idBase} draft={draft} /> : null}
              {draft.tab === 'generate' && shape ? <GenerateTab name={input.name} draft={draft} shape={shape} type={t.type} /> : null}
            </Tabs>
            <div aria-live="polite" className="input-error-region">
              {error ? <ErrorNote error={error} id={errId} /> : null}
            </div>
          </>
        )}
      </div>
    </Card>
  );
}

function jsonOk(draft: InputDraft, input: ValueInfo, dims: Dims, type: Parameters<typeof jsonTemplate>[2]) {
  const out = draftTensor(draft, input, dims, type);
  return 'tensor' in out ? out.tensor : null;
}
