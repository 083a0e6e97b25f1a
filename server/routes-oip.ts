// The Open Inference Protocol v2 REST routes (docs/reference.md §Open Inference Protocol v2) plus
// /metrics and /openapi.json. Health answers 200 or 503 with a JSON body saying why; infer waits
// for nothing: before the self-test passed it answers 503.
import { APP_VERSION } from '../core/app-version';
import { HttpError, type Reply, type Route } from './http-server';
import { HEADER_LENGTH } from './infer-codec';
import type { Inference } from './inference';
import type { Metrics } from './metrics';
import { oipTensorMeta } from '../shared/oip/codec';
import type { ServedModel } from './served-model';
import type { ServerState } from './state';

export const SERVER_NAME = 'modelcrate';
/** OIP extensions this server implements: raw tensor bytes after a JSON header (infer-codec.ts). */
export const EXTENSIONS: string[] = ['binary_tensor_data'];

export interface RouteDeps {
  model: ServedModel;
  inference: Inference;
  metrics: Metrics;
  state(): ServerState;
  openapi(): unknown;
}

const MODEL = String.raw`/v2/models/([^/]+)(?:/versions/([^/]+))?`;

export function oipRoutes(d: RouteDeps): Route[] {
  const readyBody = (): Reply => {
    const s = d.state();
    if (s.phase === 'ready') return { body: { ready: true } };
    return {
      status: 503,
      body: { ready: false, phase: s.phase, ...(s.phase === 'failed' ? { error: `${s.error.code}: ${s.error.message}` } : {}) },
    };
  };
  /** 404 unless the path names the served model (and, when given, its version). */
  const checkModel = ([name, version]: string[]) => {
    if (name !== d.model.name || (version && version !== d.model.version)) {
      const what = version ? `Model "${name}" version "${version}"` : `Model "${name}"`;
      throw new HttpError(404, `${what} is not served here; this server serves "${d.model.name}" version "${d.model.version}".`);
    }
  };
  const metadata = {
    name: d.model.name,
    versions: [d.model.version],
    platform: 'onnx_onnxv1',
    inputs: d.model.summary.graph.inputs.map(oipTensorMeta),
    outputs: d.model.summary.graph.outputs.map(oipTensorMeta),
  };
  return [
    { method: 'GET', pattern: /^\/v2\/health\/live$/, name: '/v2/health/live', handle: () => ({ body: { live: true } }) },
    { method: 'GET', pattern: /^\/v2\/health\/ready$/, name: '/v2/health/ready', handle: readyBody },
    {
      method: 'GET',
      pattern: /^\/v2\/?$/,
      name: '/v2',
      handle: () => ({ body: { name: SERVER_NAME, version: APP_VERSION, extensions: EXTENSIONS } }),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${MODEL}$`),
      name: '/v2/models/{name}',
      handle: ({ params }) => (checkModel(params), { body: metadata }),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${MODEL}/ready$`),
      name: '/v2/models/{name}/ready',
      handle: ({ params }) => {
        checkModel(params);
        const r = readyBody();
        return { status: r.status, body: { name: d.model.name, ...(r.body as object) } };
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${MODEL}/infer$`),
      name: '/v2/models/{name}/infer',
      admitted: true,
      handle: async (ctx) => {
        checkModel(ctx.params);
        const s = d.state();
        if (s.phase !== 'ready') {
          ctx.req.resume();
          throw new HttpError(
            503,
            s.phase === 'loading'
              ? 'The model is not ready yet: it is loading and replaying its golden samples.'
              : `The model is not ready: its start-up self-test failed (${s.error.code}: ${s.error.message}).`,
          );
        }
        const header = ctx.req.headers[HEADER_LENGTH];
        const headerLength = header === undefined ? null : Number(header);
        const r = await d.inference.infer(await ctx.body(), headerLength);
        if (r.headerLength === undefined) return { body: r.body };
        return {
          body: r.body,
          contentType: 'application/octet-stream',
          headers: { [HEADER_LENGTH]: String(r.headerLength) },
        };
      },
    },
    {
      method: 'GET',
      pattern: /^\/metrics$/,
      name: '/metrics',
      handle: () => ({ body: d.metrics.render(), contentType: 'text/plain; version=0.0.4; charset=utf-8' }),
    },
    { method: 'GET', pattern: /^\/openapi\.json$/, name: '/openapi.json', handle: () => ({ body: d.openapi() }) },
  ];
}
