import { lazy, Suspense, useCallback, useEffect } from 'react';
import { openDroppedFiles } from './app/commands';
import { ConnectionBanner } from './app/ConnectionBanner';
import { DropOverlay } from './app/DropOverlay';
import { ErrorBanner } from './app/ErrorBanner';
import { FileInput } from './app/FileInput';
import { Header } from './app/Header';
import { Notice } from './app/Notice';
import { OpeningStrip } from './app/OpeningStrip';
import { StepBar } from './app/StepBar';
import { useShortcuts } from './app/use-shortcuts';
import { useWindowDrop } from './app/use-window-drop';
import { InspectStep } from './steps/inspect/InspectStep';
import { OpenStep } from './steps/open/OpenStep';
import { selectStatus, selectStep, useStudio } from './store';

// The Metadata step brings a Markdown renderer, a sanitiser and YAML: loaded when first visited.
const MetadataStep = lazy(() => import('./steps/metadata/MetadataStep').then((m) => ({ default: m.MetadataStep })));
// Test and Export are not on the way to the first paint either; they load when first visited.
const TestStep = lazy(() => import('./steps/test/TestStep').then((m) => ({ default: m.TestStep })));
const ExportStep = lazy(() => import('./steps/export/ExportStep').then((m) => ({ default: m.ExportStep })));

/** The theme setting on the root element; 'system' follows the OS (tokens.css). */
function useTheme(): void {
  const theme = useStudio((s) => s.settings?.settings.theme ?? 'system');
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}

export function App() {
  const status = useStudio(selectStatus);
  const step = useStudio(selectStep);
  const onFiles = useCallback((files: File[]) => void openDroppedFiles(files), []);
  const dragging = useWindowDrop(onFiles);
  useShortcuts();
  useTheme();
  return (
    <div className="app" data-app-state={status}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <StepBar />
      <ConnectionBanner />
      <main id="main" className={step === 'open' ? 'app-main app-main-narrow' : 'app-main'} tabIndex={-1}>
        <ErrorBanner />
        {step === 'open' ? (
          <OpenStep />
        ) : (
          <>
            <OpeningStrip />
            {step === 'inspect' ? (
              <InspectStep />
            ) : (
              <Suspense fallback={null}>{step === 'test' ? <TestStep /> : step === 'export' ? <ExportStep /> : <MetadataStep />}</Suspense>
            )}
          </>
        )}
      </main>
      <FileInput onFiles={onFiles} />
      <Notice />
      {dragging ? <DropOverlay /> : null}
    </div>
  );
}
