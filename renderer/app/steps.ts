import type { StepId } from '../store';

export interface StepDef {
  id: StepId;
  label: string;
  /** Only with a model open. */
  needsModel: boolean;
  /** Also with a file of another format open (read and scanned, not runnable). */
  foreignToo?: boolean;
}

export const STEPS: readonly StepDef[] = [
  { id: 'open', label: 'Open', needsModel: false },
  { id: 'inspect', label: 'Inspect', needsModel: true, foreignToo: true },
  { id: 'metadata', label: 'Metadata', needsModel: true },
  { id: 'test', label: 'Test', needsModel: true },
  { id: 'export', label: 'Export', needsModel: true },
];
