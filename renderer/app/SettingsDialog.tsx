import { useEffect, useRef, useState } from 'react';
import type { ErrorData } from '../../shared/errors';
import { SettingsSchema, THEMES, type Settings } from '../../shared/settings';
import { useStudio } from '../store';
import { ErrorNote } from '../components/ErrorNote';
import { TextInput } from '../components/TextInput';
import { saveSettings } from './settings-commands';
import { SigningKeys } from './SigningKeys';

const FIELDS: Array<{ key: 'dockerHost' | 'defaultBaseImage' | 'registry' | 'registryUser'; label: string; hint: string }> = [
  { key: 'dockerHost', label: 'Docker host', hint: 'Empty: DOCKER_HOST, else the default socket. e.g. unix:///var/run/docker.sock' },
  { key: 'defaultBaseImage', label: 'Default base image', hint: 'Any image with node ≥ 20 on glibc, e.g. node:22-bookworm-slim' },
  { key: 'registry', label: 'Default registry', hint: 'e.g. ghcr.io/team or 127.0.0.1:5000; Push adds name:version' },
  { key: 'registryUser', label: 'Registry user', hint: 'Used with the stored password when Push is given none' },
];

/** Settings in a modal <dialog>: Escape and Cancel close it, fields are checked as typed. */
export function SettingsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const state = useStudio((s) => s.settings);
  const [draft, setDraft] = useState<Settings | null>(null);
  const [password, setPassword] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<ErrorData | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setDraft(state?.settings ?? SettingsSchema.parse({}));
      setPassword(undefined);
      setError(null);
      d.showModal();
    } else if (!open && d.open) d.close();
  }, [open, state]);
  const issues = draft ? SettingsSchema.safeParse(draft) : null;
  const bad = (key: string) => (issues && !issues.success ? issues.error.issues.find((i) => i.path[0] === key)?.message : undefined);
  return (
    <dialog ref={ref} className="settings-dialog" aria-labelledby="settings-title" onClose={onClose} data-testid="settings">
      {draft ? (
        <form
          method="dialog"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!issues?.success) return;
            const err = await saveSettings(draft, password);
            if (err) setError(err);
            else onClose();
          }}
        >
          <h2 id="settings-title">Settings</h2>
          {/* The fields scroll between a fixed title and footer, so Save stays in view on a short window. */}
          <div className="dialog-body" data-testid="settings-body">
            {FIELDS.map((f) => (
              <TextInput
                key={f.key}
                id={`set-${f.key}`}
                label={f.label}
                mono
                value={draft[f.key]}
                onChange={(v) => setDraft({ ...draft, [f.key]: v })}
                hint={f.hint}
                error={bad(f.key)}
              />
            ))}
            <div className="field">
              <label className="field-label" htmlFor="set-password">
                Registry password
              </label>
              {state?.secretsAvailable ? (
                <input
                  id="set-password"
                  type="password"
                  className="input"
                  autoComplete="off"
                  placeholder={state.registryPasswordStored ? 'stored in the OS keychain — type to replace' : ''}
                  value={password ?? ''}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                />
              ) : (
                <span className="field-hint" id="set-password">
                  Kept only by the desktop app (OS keychain); here, type it when you push.
                </span>
              )}
            </div>
            <TextInput
              id="set-threads"
              label="onnxruntime threads"
              className="input-num"
              inputMode="numeric"
              value={String(draft.runtimeThreads)}
              onChange={(v) => setDraft({ ...draft, runtimeThreads: Number(v) || 0 })}
              hint="0 = one per core; applies to models opened from now on"
              error={bad('runtimeThreads')}
            />
            <TextInput
              id="set-python"
              label="Python for Convert to ONNX"
              mono
              value={draft.python}
              onChange={(v) => setDraft({ ...draft, python: v })}
              placeholder="/usr/bin/python3"
              hint="The interpreter with torch, tf2onnx or skl2onnx; empty tries /usr/bin/python3, python3, python"
              error={bad('python')}
            />
            <fieldset className="theme-choice">
              <legend className="field-label">Theme</legend>
              {THEMES.map((t) => (
                <label key={t}>
                  <input type="radio" name="theme" checked={draft.theme === t} onChange={() => setDraft({ ...draft, theme: t })} /> {t}
                </label>
              ))}
            </fieldset>
            <SigningKeys />
            {error ? <ErrorNote error={error} testId="settings-error" /> : null}
          </div>
          <div className="dialog-actions">
            <button type="button" className="btn btn-ghost" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" disabled={!issues?.success}>
              Save
            </button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
