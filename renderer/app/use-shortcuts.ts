import { useEffect } from 'react';
import { useStudio } from '../store';
import { cancelOpening } from './commands';
import { openPicker } from './picker';

/** Ctrl+O (Cmd+O on macOS) opens a model from anywhere in the app; Escape calls off an open in progress. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        openPicker();
      } else if (e.key === 'Escape' && !e.defaultPrevented && useStudio.getState().pending?.cancellable) {
        e.preventDefault();
        cancelOpening();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
