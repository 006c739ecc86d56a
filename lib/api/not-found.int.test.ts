import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import * as catchAll from '@/app/api/[[...path]]/route';
import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import { config, proxy } from '@/proxy';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** A path under /api that no route serves answers like every API error: 404 problem+json, not the app's HTML page. */
describe('unknown API paths', () => {
  for (const method of METHODS) {
    it(`${method} /api/v1/no-such-thing → 404 problem+json`, async () => {
      const handler = catchAll[method];
      const res = await handler();
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 404, title: 'Not Found' });
    });
  }
});

/** proxy.ts: the broken-escape refusal of the front door, for hosts without it (bare `next start`, Vercel). */
describe('proxy', () => {
  it.each(['/api/v1/alerts/%E0%A4%A', '/api/cron/%zz', '/notifications/%', '/api/v1/alerts/%ED%A0%80'])('%s → 400 problem+json', async (path) => {
    const res = (await proxy(new NextRequest(`http://localhost${path}`)))!;
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 400, detail: 'The request path has a malformed percent-escape' });
  });

  it.each(['/api/v1/alerts/12', '/api/v1/alerts?q=%E0%A4%A', '/notifications/caf%C3%A9'])('%s passes on', async (path) => {
    const res = await proxy(new NextRequest(`http://localhost${path}`));
    expect(res.headers.get('x-middleware-next')).toBe('1');
  });

  it('runs for every path with an escape in it, broken or not, and for no other', () => {
    const runs = (url: string) => unstable_doesMiddlewareMatch({ config, url });
    for (const path of ['/api/v1/alerts/%E0%A4%A', '/api/cron/%zz', '/notifications/%', '/notifications/caf%C3%A9', '/%']) {
      expect(runs(path), path).toBe(true);
    }
    for (const path of ['/api/v1/alerts/12', '/api/v1/events', '/notifications', '/', '/api/v1/alerts?q=%E0%A4%A']) {
      expect(runs(path), path).toBe(false);
    }
  });
});
