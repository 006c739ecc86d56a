import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { GET as health } from '@/app/api/health/route';
import { db } from '@/db/client';
import { CRON_ENTRIES, jobName } from './schedule';

type Health = { status: string; database: string; late_jobs: string[]; jobs: { job: string; schedule: string; last_success_at: string | null; late: boolean }[] };

const get = async () => {
  const res = await health();
  return { status: res.status, body: (await res.json()) as Health };
};

/** A finished cron_runs row of `job`, `minutesAgo` minutes ago. */
const run = (job: string, status: 'succeeded' | 'failed', minutesAgo: number) =>
  db.execute(sql`insert into cron_runs (job, status, started_at, finished_at)
                 values (${job}, ${status}, now() - make_interval(mins => ${minutesAgo}), now() - make_interval(mins => ${minutesAgo}))`);

/** Every scheduled job succeeded a minute ago. */
const allFresh = async () => {
  for (const e of CRON_ENTRIES) await run(jobName(e), 'succeeded', 1);
};

beforeEach(async () => {
  await db.execute(sql`delete from cron_runs`);
});

describe('GET /api/health', () => {
  it('a new install, before any cron run, is ok: nothing is late yet', async () => {
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', database: 'ok', late_jobs: [] });
    expect(body.jobs.map((j) => j.job).sort()).toEqual(CRON_ENTRIES.map(jobName).sort());
    expect(body.jobs.every((j) => j.last_success_at === null && !j.late)).toBe(true);
  });

  it('every job succeeded within its interval: ok, with each last success', async () => {
    await allFresh();
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', late_jobs: [] });
    expect(body.jobs.find((j) => j.job === 'sla')).toMatchObject({ schedule: '*/5 * * * *', late: false, last_success_at: expect.any(String) });
  });

  it('a job with no success within twice its interval makes it degraded, still 200, naming the job', async () => {
    await allFresh();
    // sla runs every 5 minutes: 9 minutes is within its grace, 11 is not; a later failure does not count
    await run('sla', 'succeeded', 11);
    await db.execute(sql`delete from cron_runs where job = 'sla' and started_at > now() - interval '10 minutes'`);
    await run('sla', 'failed', 1);
    await run('escalations', 'succeeded', 25); // every 15 minutes: within 30
    await db.execute(sql`delete from cron_runs where job = 'escalations' and started_at > now() - interval '20 minutes'`);
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'degraded', database: 'ok', late_jobs: ['sla'] });
    expect(body.jobs.find((j) => j.job === 'sla')!.late).toBe(true);
    expect(body.jobs.find((j) => j.job === 'escalations')!.late).toBe(false);
  });

  it('a job that never succeeded is late once the scheduler has run longer than its grace', async () => {
    // the scheduler started 3 hours ago and ran every job but deliver, which always failed
    for (const e of CRON_ENTRIES) if (jobName(e) !== 'deliver') await run(jobName(e), 'succeeded', 180);
    for (const e of CRON_ENTRIES) if (jobName(e) !== 'deliver') await run(jobName(e), 'succeeded', 1);
    await run('deliver', 'failed', 1);
    const { body } = await get();
    expect(body.status).toBe('degraded');
    expect(body.late_jobs).toEqual(['deliver']);
    expect(body.jobs.find((j) => j.job === 'deliver')).toMatchObject({ last_success_at: null, late: true });
  });

  it('the daily job is late only after two days without a success', async () => {
    await allFresh();
    await db.execute(sql`delete from cron_runs where job = 'cleanup'`);
    await run('cleanup', 'succeeded', 47 * 60);
    expect((await get()).body.status).toBe('ok');
    await db.execute(sql`delete from cron_runs where job = 'cleanup'`);
    await run('cleanup', 'succeeded', 49 * 60);
    expect((await get()).body.late_jobs).toEqual(['cleanup']);
  });
});
