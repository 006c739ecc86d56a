import { E2E_CRON_SECRET, expect, expectProblem, test } from '../fixtures';

type CronSummary = { job: string; status: string; counts: Record<string, number> };

test.describe('GET /api/cron/[job]', () => {
  const refused = [
    { name: 'no Authorization', job: 'sla', secret: null, status: 401 },
    { name: 'a wrong secret', job: 'sla', secret: 'wrong-secret', status: 401 },
    { name: 'the secret with a suffix', job: 'sla', secret: `${E2E_CRON_SECRET}x`, status: 401 },
    { name: 'no Authorization for an unknown job', job: 'no-such-job', secret: null, status: 401 },
    { name: 'an unknown job', job: 'no-such-job', secret: E2E_CRON_SECRET, status: 404 },
  ];
  for (const c of refused) {
    test(`${c.name} → ${c.status}`, async ({ api }) => {
      await expectProblem(await api.cron(c.job, c.secret), c.status);
    });
  }

  test('the right secret runs the SLA job and reports its counts', async ({ api }) => {
    const res = await api.cron('sla');
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/json');
    const body = (await res.json()) as CronSummary;
    expect(['succeeded', 'skipped']).toContain(body.status);
    expect(body).toMatchObject({ job: 'sla', counts: expect.any(Object) });
  });

  test('a second run straight after the first creates nothing', async ({ api }) => {
    const first = (await (await api.cron('sla')).json()) as CronSummary;
    expect(['succeeded', 'skipped']).toContain(first.status);

    const res = await api.cron('sla');
    expect(res.status()).toBe(200);
    const second = (await res.json()) as CronSummary;
    expect(['succeeded', 'skipped']).toContain(second.status);
    // a skipped run (the local scheduler held the lock) reports no counts at all
    expect(second.counts.created ?? 0).toBe(0);
    if (second.status === 'succeeded') expect(second.counts.created).toBe(0);
  });
});

test('GET /api/health → 200', async ({ api }) => {
  const res = await api.get('/api/health');
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok' });
});
