import { describe, expect, it } from 'vitest';
import { kerasScan, lambdaLayers } from './code-scan';

// Config shapes as Keras writes them (keras/src/layers/core/lambda_layer.py get_config, Keras 2 and 3).
const keras2Bytecode = {
  class_name: 'Lambda',
  config: { name: 'scale', function: ['4wEAAAAAAAAA', null, null], function_type: 'lambda', module: '__main__' },
};
const keras3Bytecode = {
  class_name: 'Lambda',
  config: { name: 'shift', function: { class_name: '__lambda__', config: { code: '4wEAAAAA', defaults: null, closure: null } } },
};
const keras2Named = {
  class_name: 'Lambda',
  config: { name: 'act', function: 'relu6', function_type: 'function', module: 'my_project.layers' },
};
const dense = { class_name: 'Dense', config: { name: 'out', units: 3 } };

const functional = (...layers: unknown[]) => ({ class_name: 'Functional', config: { name: 'model', layers } });

describe('kerasScan', () => {
  it('calls a config without Lambda layers safe', () => {
    expect(kerasScan(functional(dense), 'config.json')).toMatchObject({ verdict: 'safe', findings: [] });
  });

  it('finds bytecode Lambdas of Keras 2 and 3 as dangerous, nested models included', () => {
    const nested = functional(dense, { class_name: 'Sequential', config: { name: 'inner', layers: [keras3Bytecode] } }, keras2Bytecode);
    expect(
      lambdaLayers(nested)
        .map((l) => `${l.name}:${l.kind}`)
        .sort(),
    ).toEqual(['scale:bytecode', 'shift:bytecode']);
    const r = kerasScan(nested, 'config.json');
    expect(r.verdict).toBe('dangerous');
    expect(r.summary).toBe('Dangerous: 2 Lambda layers store Python code that runs when the model is loaded.');
    expect(r.findings.every((f) => f.severity === 'dangerous' && f.pickle === 'config.json')).toBe(true);
  });

  it('names a Lambda that looks up a function by module as unknown, with the target', () => {
    const r = kerasScan(functional(keras2Named), 'model_config');
    expect(r.verdict).toBe('unknown');
    expect(r.findings).toMatchObject([{ severity: 'unknown', call: 'Lambda layer act → my_project.layers.relu6' }]);
  });

  it('stops on a hostile config without running away', () => {
    let deep: unknown = keras2Bytecode;
    for (let i = 0; i < 100_000; i++) deep = { class_name: 'Wrapper', config: { layer: deep } };
    expect(kerasScan(deep, 'config.json').verdict).toBe('dangerous');
  });
});
