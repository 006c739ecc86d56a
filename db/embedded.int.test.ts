import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '@/lib/api/problem';
import { createDb } from './client';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded';

/** npm start's embedded server is supervised: killed, it comes back, and clients reconnect by themselves. */
describe('supervised embedded PostgreSQL', () => {
  let server: EmbeddedServer | undefined;
  let dir: string | undefined;
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('starts again after its server is killed; the same client works again without being remade', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ops-alerts-supervise-'));
    await chmod(dir, 0o755);
    const restarts: string[] = [];
    server = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), supervise: true, log: (l) => l.includes('the server') && restarts.push(l) });
    const { client } = createDb(server.adminUrl, { max: 2 });
    try {
      expect((await client`select 1 as one`)[0]).toEqual({ one: 1 });
      const postmaster = Number((await readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
      process.kill(postmaster, 'SIGKILL');

      // while it is down, a query fails as "unavailable" (the API's 503), never hangs
      let sawUnavailable = false;
      let back = false;
      for (let i = 0; i < 100 && !back; i++) {
        try {
          await client`select 1 as one`;
          back = sawUnavailable;
        } catch (err) {
          expect(databaseUnavailable(err), String(err)).toBe(true);
          sawUnavailable = true;
        }
        if (!back) await new Promise((r) => setTimeout(r, 200));
      }
      expect(sawUnavailable).toBe(true);
      expect(back).toBe(true);
      expect(restarts.some((l) => l.includes('the server is back'))).toBe(true);
    } finally {
      await client.end({ timeout: 1 });
    }
  }, 60_000);
});
