// /openapi.json: OpenAPI 3.1 for this server, generated from the served model's signature, so a
// client generator (or a person) sees this model's input names, datatypes and shapes, not a
// generic tensor. JSON Schema 2020-12 is OpenAPI 3.1's dialect.
import type { ValueInfo } from '../shared/model-summary';
import { APP_VERSION } from '../core/app-version';
import { pictureSpecFor } from './picture-bytes';
import { oipTensorMeta } from '../shared/oip/codec';
import type { ServedModel } from './served-model';

type Schema = Record<string, unknown>;

const SCALAR: Record<string, Schema> = {
  BOOL: { type: 'boolean' },
  BYTES: { type: 'string' },
  FP16: { type: ['number', 'string'] },
  FP32: { type: ['number', 'string'] },
  FP64: { type: ['number', 'string'] },
  // Beyond 2^53, 64-bit integers travel as decimal strings to stay exact.
  INT64: { type: ['integer', 'string'] },
  UINT64: { type: ['integer', 'string'] },
};
const scalar = (datatype: string): Schema => SCALAR[datatype] ?? { type: 'integer' };
const nested = (item: Schema): Schema => ({
  type: 'array',
  items: { anyOf: [item, { type: 'array' }] },
  description: 'Row-major values, flat or nested.',
});

function inputSchema(v: ValueInfo, model: ServedModel): Schema {
  const m = oipTensorMeta(v);
  const takesPictures = pictureSpecFor(v, model.manifest.metadata) !== null;
  const description = model.manifest.metadata.inputs[v.name]?.description || v.type.text;
  return {
    type: 'object',
    required: ['name', 'shape', 'datatype', 'data'],
    description: takesPictures ? `${description}. Or send pictures: datatype BYTES, one base64 PNG/JPEG/WebP per batch item.` : description,
    properties: {
      name: { const: v.name },
      shape: { type: 'array', items: { type: 'integer', minimum: 0 }, description: `Model shape [${m.shape.join(', ')}] (-1: any size).` },
      datatype: takesPictures ? { enum: [m.datatype, 'BYTES'] } : { const: m.datatype },
      parameters: { type: 'object' },
      data: nested(takesPictures ? { anyOf: [scalar(m.datatype), { type: 'string' }] } : scalar(m.datatype)),
    },
  };
}

function outputSchema(v: ValueInfo): Schema {
  const m = oipTensorMeta(v);
  return {
    type: 'object',
    properties: {
      name: { const: v.name },
      datatype: { const: m.datatype },
      shape: { type: 'array', items: { type: 'integer' } },
      data: { type: 'array', items: scalar(m.datatype) },
    },
  };
}

export function openApiDocument(model: ServedModel): Schema {
  const { inputs, outputs } = model.summary.graph;
  const md = model.manifest.metadata;
  const error = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  const path = `/v2/models/${encodeURIComponent(model.name)}`;
  const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
  return {
    openapi: '3.1.0',
    info: {
      title: `${md.title || md.name} (Open Inference Protocol v2)`,
      version: md.version,
      description: md.description,
      'x-server-version': APP_VERSION,
    },
    paths: {
      '/v2/health/live': { get: { summary: 'Liveness', responses: { 200: { description: 'Live' } } } },
      '/v2/health/ready': {
        get: {
          summary: 'Readiness: the model loaded and its golden samples reproduced',
          responses: { 200: { description: 'Ready' }, 503: { description: 'Not ready (loading, or the self-test failed)' } },
        },
      },
      '/v2': { get: { summary: 'Server metadata', responses: { 200: { description: 'Server metadata' } } } },
      [path]: { get: { summary: 'Model metadata', responses: { 200: { description: 'Model metadata' }, 404: error } } },
      [`${path}/ready`]: {
        get: { summary: 'Model readiness', responses: { 200: { description: 'Ready' }, 503: { description: 'Not ready' } } },
      },
      [`${path}/infer`]: {
        post: {
          summary: `Run ${model.name}`,
          requestBody: { required: true, content: json('InferRequest') },
          responses: { 200: { description: 'Outputs', content: json('InferResponse') }, 400: error, 404: error, 413: error, 503: error },
        },
      },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: { description: 'Text exposition format' } } } },
    },
    components: {
      schemas: {
        InferRequest: {
          type: 'object',
          required: ['inputs'],
          properties: {
            id: { type: 'string' },
            parameters: { type: 'object' },
            inputs: { type: 'array', items: { oneOf: inputs.map((v) => inputSchema(v, model)) }, minItems: inputs.length },
            outputs: {
              type: 'array',
              items: { type: 'object', required: ['name'], properties: { name: { enum: outputs.map((o) => o.name) } } },
            },
          },
        },
        InferResponse: {
          type: 'object',
          properties: {
            model_name: { const: model.name },
            model_version: { const: model.version },
            id: { type: 'string' },
            outputs: { type: 'array', items: { oneOf: outputs.map(outputSchema) } },
          },
        },
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'string', description: '"CODE: message", the studio\'s error code and words' } },
        },
      },
    },
  };
}
