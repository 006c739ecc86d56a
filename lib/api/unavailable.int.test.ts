import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createDb } from '@/db/client';
import { freePort } from '@/db/embedded';
import { plainProblemFromError } from './problem';

/** What a request gets when the database is away: 503 problem+json with Retry-After, not a 500. */
describe('database unavailable', () => {
  async function failureOf(url: string): Promise<unknown> {
    const { client } = createDb(url, { max: 1 });
    try {
      await client`select 1`;
      return null;
    } catch (err) {
      return err;
    } finally {
      await client.end({ timeout: 1 }).catch(() => {});
    }
  }

  it('a closed port answers 503 with Retry-After', async () => {
    const port = await freePort();
    const res = plainProblemFromError(await failureOf(`postgres://postgres@127.0.0.1:${port}/none`));
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('a server that accepts and never answers is given up on (connect timeout) and answers 503', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const { port } = silent.address() as net.AddressInfo;
      const res = plainProblemFromError(await failureOf(`postgres://postgres@127.0.0.1:${port}/none`));
      expect(res.status).toBe(503);
    } finally {
      silent.close();
    }
  });

  it('other errors stay 500', () => {
    const res = plainProblemFromError(Object.assign(new Error('syntax'), { code: '42601' }));
    expect(res.status).toBe(500);
  });
});
