import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { desc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GET as cronRoute } from '@/app/api/cron/[job]/route';
import { db } from '@/db/client';
import { cronRuns } from '@/db/schema';
import { startHttpReceiver } from '@/test/receivers';

const runJob = async (job: string) => {
  const res = await cronRoute(new Request(`http://localhost/api/cron/${job}`, { headers: { authorization: `Bearer ${process.env.CRON_SECRET}` } }), {
    params: Promise.resolve({ job }),
  });
  return { status: res.status, body: (await res.json()) as { status?: string } };
};
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  return cond();
};
const lastRun = async (job: string) => (await db.select().from(cronRuns).where(eq(cronRuns.job, job)).orderBy(desc(cronRuns.id)).limit(1))[0]!;

afterEach(() => {
  delete process.env.HEARTBEAT_URL;
  vi.restoreAllMocks();
});

/** HEARTBEAT_URL: a successful cron run pings it, like a healthchecks.io or Cronitor check. */
describe('heartbeat after a successful cron run', () => {
  it('pings HEARTBEAT_URL with a GET after the run succeeded, at most once a minute', async () => {
    const receiver = await startHttpReceiver();
    try {
      process.env.HEARTBEAT_URL = `${receiver.base}/ping/ops-alerts`;
      const first = await runJob('cleanup');
      expect(first).toMatchObject({ status: 200, body: { status: 'succeeded' } });
      expect((await lastRun('cleanup')).status).toBe('succeeded');
      expect(await until(() => receiver.requests.length === 1)).toBe(true);
      expect(receiver.requests[0]).toMatchObject({ path: '/ping/ops-alerts', headers: expect.objectContaining({ 'user-agent': 'ops-alerts-heartbeat' }) });

      // a second pass within the minute succeeds without a second ping
      expect((await runJob('daily-summary')).body.status).toBe('succeeded');
      await runJob('cleanup');
      await new Promise((r) => setTimeout(r, 300));
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('a monitor that answers 500 fails nothing: the failure is logged and the next success pings again', async () => {
    const receiver = await startHttpReceiver();
    const warn = vi.spyOn(console, 'warn');
    try {
      process.env.HEARTBEAT_URL = `${receiver.base}/ping`;
      receiver.answerNext({ status: 500 });
      expect(await runJob('cleanup')).toMatchObject({ status: 200, body: { status: 'succeeded' } });
      expect(await until(() => warn.mock.calls.some((c) => String(c[0]).includes('[heartbeat] ping failed: HTTP 500')))).toBe(true);
      await runJob('cleanup');
      expect(await until(() => receiver.requests.length === 2)).toBe(true);
    } finally {
      await receiver.close();
    }
  });

  it('a monitor that does not answer does not hold up the run', async () => {
    const warn = vi.spyOn(console, 'warn');
    const held: http.ServerResponse[] = [];
    const silent = http.createServer((_req, res) => held.push(res));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      process.env.HEARTBEAT_URL = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/ping`;
      expect(await runJob('cleanup')).toMatchObject({ status: 200, body: { status: 'succeeded' } });
      // the run answered before its ping ended (waited for, the ping would have timed out and been logged first)
      expect(warn.mock.calls.filter((c) => String(c[0]).includes('[heartbeat]'))).toEqual([]);
      expect(await until(() => held.length === 1)).toBe(true);
      held[0]!.end('ok');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('goes through the outbound guard: a private address is refused and logged, the run still succeeds', async () => {
    const warn = vi.spyOn(console, 'warn');
    process.env.HEARTBEAT_URL = 'http://10.0.0.5/ping';
    expect(await runJob('cleanup')).toMatchObject({ status: 200, body: { status: 'succeeded' } });
    expect(await until(() => warn.mock.calls.some((c) => String(c[0]).includes('[heartbeat] ping failed: blocked address')))).toBe(true);
  });

  it('no ping when nothing ran (an unknown job)', async () => {
    const receiver = await startHttpReceiver();
    try {
      process.env.HEARTBEAT_URL = `${receiver.base}/ping-unknown`;
      expect((await runJob('constructor')).status).toBe(404);
      expect((await runJob('no-such-job')).status).toBe(404);
      await new Promise((r) => setTimeout(r, 300));
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });
});
