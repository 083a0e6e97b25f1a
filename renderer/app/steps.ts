import type { StepId } from '../store';

export interface StepDef {
  id: StepId;
  label: string;
  /** Built steps can be visited; the others show as "coming soon". */
  ready: boolean;
  /** Only with a model open. */
  needsModel: boolean;
}

export const STEPS: readonly StepDef[] = [
  { id: 'open', label: 'Open', ready: true, needsModel: false },
  { id: 'inspect', label: 'Inspect', ready: true, needsModel: true },
  { id: 'metadata', label: 'Metadata', ready: true, needsModel: true },
  { id: 'test', label: 'Test', ready: true, needsModel: true },
  { id: 'export', label: 'Export', ready: true, needsModel: true },
];
