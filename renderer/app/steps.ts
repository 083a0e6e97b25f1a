import type { StepId } from '../store';

export interface StepDef {
  id: StepId;
  label: string;
  /** Built steps can be visited; the others show as "coming soon". */
  ready: boolean;
}

export const STEPS: readonly StepDef[] = [
  { id: 'open', label: 'Open', ready: true },
  { id: 'inspect', label: 'Inspect', ready: true },
  { id: 'metadata', label: 'Metadata', ready: false },
  { id: 'test', label: 'Test', ready: false },
  { id: 'export', label: 'Export', ready: false },
];
