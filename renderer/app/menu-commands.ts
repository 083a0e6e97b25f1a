// The desktop menu's commands, acted on in the page (which owns the state they touch).
import type { MenuCommand } from '../../shared/contract';
import { useStudio } from '../store';
import { runPrediction } from '../steps/test/test-commands';
import { openWithDialog } from './commands';
import { saveSettings } from './settings-commands';

export function onMenuCommand(command: MenuCommand): void {
  const s = useStudio.getState();
  switch (command) {
    case 'open':
      return void openWithDialog();
    case 'export':
      return s.goTo('export');
    case 'run':
      if (s.step !== 'test') return s.goTo('test');
      return void runPrediction();
    case 'save-metadata':
      if (s.step !== 'metadata') return s.goTo('metadata');
      // The Save card's own button: its file name, its checks, its disabled state.
      return document.querySelector<HTMLButtonElement>('[data-save-primary]:not(:disabled)')?.click();
    case 'toggle-theme': {
      const dark =
        document.documentElement.dataset.theme === 'dark' ||
        (document.documentElement.dataset.theme !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
      return void saveSettings({ theme: dark ? 'light' : 'dark' }, undefined);
    }
  }
}
