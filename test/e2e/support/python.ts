import { test } from '@playwright/test';
import { hasPythonOnnx, PYTHON, PYTHON_INSTALL } from '../../fixtures/python-run';

/**
 * Call at the top of a spec whose expected values come from numpy. Without it a developer sees the
 * tests skipped with the fix; on CI (CI=true) they run and fail, as requireChromium does.
 */
export function requirePython(): void {
  test.skip(!hasPythonOnnx && process.env.CI !== 'true', `${PYTHON} with numpy and onnx is missing: ${PYTHON_INSTALL}`);
}
