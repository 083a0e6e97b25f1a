import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultReportPath } from './build-image';

describe('defaultReportPath', () => {
  it('puts the report beside the bundle, named without the archive extension (as README and k8s --report expect)', () => {
    expect(defaultReportPath('/w/mlp-1.2.0.tar.gz')).toBe('/w/mlp-1.2.0.image-report.json');
    expect(defaultReportPath('/w/mlp-1.2.0.TGZ')).toBe('/w/mlp-1.2.0.image-report.json');
    expect(defaultReportPath('/w/mlp-1.2.0/')).toBe('/w/mlp-1.2.0.image-report.json');
    expect(defaultReportPath('rel/bundle')).toBe(path.resolve('rel/bundle.image-report.json'));
  });
});
