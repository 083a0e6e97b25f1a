import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SettingsDialog } from './SettingsDialog';
import { Icon } from '../components/Icon';
import { useStudio } from '../store';
import { formatMs } from '../format/numbers';
import { ConnectionDot } from './ConnectionDot';
import { SignatureBadge } from './SignatureBadge';

export function Header() {
  const [settingsOpen, setSettingsOpen] = useState(false);
  const signature = useStudio((s) => s.model?.bundle?.signature ?? null);
  const { name, path, readMs, bundle } = useStudio(
    useShallow((s) => ({
      name: s.model?.fileName ?? s.foreign?.fileName ?? null,
      path: s.model?.displayPath ?? s.foreign?.displayPath ?? null,
      readMs: s.model?.readMs ?? s.foreign?.readMs ?? null,
      bundle: s.model?.bundle?.fileName ?? null,
    })),
  );
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark">
          <Icon name="crate" size={20} />
        </span>
        <span className="brand-name">Modelcrate Studio</span>
      </div>
      <div className="header-model" data-testid="header-model">
        {name ? (
          <>
            <span className="visually-hidden">Current model: </span>
            <span className="header-model-name" title={path ?? undefined}>
              {name}
            </span>
            {bundle ? (
              <span
                className="badge badge-muted"
                data-testid="header-bundle"
                title="Opened from a bundle whose files all matched its manifest"
              >
                from {bundle}
              </span>
            ) : null}
            {signature ? <SignatureBadge status={signature} /> : null}
            {readMs !== null ? <span className="header-model-meta">read in {formatMs(readMs)}</span> : null}
          </>
        ) : (
          <span className="header-model-empty">No model open</span>
        )}
      </div>
      <button type="button" className="btn btn-ghost btn-sm header-settings" aria-haspopup="dialog" onClick={() => setSettingsOpen(true)}>
        Settings
      </button>
      <ConnectionDot />
      <SettingsDialog open={settingsOpen} onClose={() => setSettingsOpen(false)} />
    </header>
  );
}
