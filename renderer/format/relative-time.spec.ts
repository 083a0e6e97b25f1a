import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time';
import { formatMs, formatOpsets } from './numbers';

describe('formatting', () => {
  const now = Date.parse('2025-01-10T12:00:00Z');
  it('says how long ago', () => {
    expect(relativeTime('2025-01-10T11:59:30Z', now)).toBe('just now');
    expect(relativeTime('2025-01-10T11:57:00Z', now)).toBe('3 minutes ago');
    expect(relativeTime('2025-01-09T12:00:00Z', now)).toBe('yesterday');
    expect(relativeTime('nonsense', now)).toBe('');
  });
  it('names the default domain and rounds read times', () => {
    expect(
      formatOpsets([
        { domain: '', version: 17 },
        { domain: 'com.microsoft', version: 1 },
      ]),
    ).toBe('ai.onnx 17 · com.microsoft 1');
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(0.3)).toBe('<1 ms');
    expect(formatMs(1534)).toBe('1.53 s');
  });
});
