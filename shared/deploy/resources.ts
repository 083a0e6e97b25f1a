// Resources from a measurement, not a guess. The rule (also in README "Kubernetes"):
//   memory request = measured working set × 1.5, rounded up to a multiple of 16 Mi (at least 64 Mi);
//   memory limit   = 2 × request (headroom for bursts: large batches, many requests in flight);
//   cpu request    = 250m by default (the HPA's utilisation is a share of it), no cpu limit (a cpu
//                    limit only throttles a latency-bound server; the request already reserves it).
// The working set is what the kubelet compares with the limit (usage minus inactive page cache),
// measured by the parity check after replaying the golden samples, so the model is loaded and warm.
import { MI, formatMi } from './quantity';

export const MEMORY_FACTOR = 1.5;
export const MEMORY_STEP = 16 * MI;
export const MEMORY_MIN = 64 * MI;
export const LIMIT_FACTOR = 2;
export const DEFAULT_CPU_REQUEST = '250m';

export interface Resources {
  requests: { cpu: string; memory: string };
  limits: { memory: string };
}

export function memoryRequestBytes(measuredBytes: number): number {
  return Math.max(MEMORY_MIN, Math.ceil((measuredBytes * MEMORY_FACTOR) / MEMORY_STEP) * MEMORY_STEP);
}

export function resourcesFor(measuredBytes: number, cpuRequest = DEFAULT_CPU_REQUEST): Resources {
  const request = memoryRequestBytes(measuredBytes);
  return { requests: { cpu: cpuRequest, memory: formatMi(request) }, limits: { memory: formatMi(request * LIMIT_FACTOR) } };
}
