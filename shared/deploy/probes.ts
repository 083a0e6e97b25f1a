// Probes on the server's OIP health routes. Ready means the model is loaded and its own golden-sample
// self-test passed; live means the process answers. Delays follow the measured cold start (container
// start → first 200 on ready, from the parity check): readiness starts checking at about that time,
// liveness waits three cold starts (at least 10 s) so a slow node never kills a pod still loading.
import { LIVE_PATH, READY_PATH } from './image-facts';

/** Used when no build measured it (an image reference typed by hand). */
export const ASSUMED_COLD_START_MS = 10_000;

export interface HttpProbe {
  httpGet: { path: string; port: string | number };
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
}

export function probesFor(coldStartMs: number | undefined, port: string | number): { readinessProbe: HttpProbe; livenessProbe: HttpProbe } {
  const cold = Math.max(1, Math.ceil((coldStartMs ?? ASSUMED_COLD_START_MS) / 1000));
  return {
    readinessProbe: {
      httpGet: { path: READY_PATH, port },
      initialDelaySeconds: cold,
      periodSeconds: 5,
      timeoutSeconds: 2,
      failureThreshold: 3,
    },
    livenessProbe: {
      httpGet: { path: LIVE_PATH, port },
      initialDelaySeconds: Math.max(10, 3 * cold),
      periodSeconds: 10,
      timeoutSeconds: 3,
      failureThreshold: 3,
    },
  };
}
