// What every pack starts from besides the model: the metadata it writes into the bundle and the
// golden samples it records. The bundle.pack job, an image build and an artifact push all carry
// it (the Export step gathers it once for the three).
import type { Metadata } from '../metadata/schema';
import type { SampleInputs, SamplePolicy } from './sample';

export interface PackInputs {
  metadata: Metadata;
  samples: SampleInputs[];
  /** The samples' size budget and which outputs they keep in full (default: the budget rule of shared/bundle/sample.ts). */
  samplePolicy?: SamplePolicy;
}
