import { describe, expect, it } from 'vitest';
import { json, problem } from './problem';

describe('responses', () => {
  it('marks a small body no-transform, so the server sends it as it is instead of gzipping it', () => {
    for (const res of [json({ unread: 3 }), problem(404, 'Not Found', 'nothing here')]) {
      expect(res.headers.get('cache-control')).toBe('no-store, no-transform');
    }
  });

  it('leaves a body of 1 KB or more to the compression', async () => {
    const res = json({ items: Array.from({ length: 100 }, (_, i) => ({ id: i, title: `alert ${i}` })) });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await res.text()).length).toBeGreaterThan(1024);
  });
});
