import { expect, expectProblem, test } from '../fixtures';

// what Next's router would answer 500 text/plain: the production server refuses these itself
const BROKEN = ['/api/v1/alerts/%zz/read', '/api/v1/admin/jobs/%E0%A4%A/run', '/api/v1/invites/%', '/api/cron/%C0%AF', '/api/v1/alerts/%ED%A0%80', '/notifications/%zz'];

test.describe('hostile paths on the production server', () => {
  for (const path of BROKEN) {
    test(`${path} → 400, for anyone`, async ({ api }) => {
      await expectProblem(await api.get(path), 400);
      await expectProblem(await api.post(path, {}), 400);
    });
  }

  for (const job of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    test(`GET /api/cron/${job} → 404`, async ({ api }) => {
      await expectProblem(await api.cron(job), 404);
    });
  }
});

test.describe('unknown API paths on the production server', () => {
  for (const path of ['/api', '/api/v3/alerts', '/api/v1/no-such-thing', '/api/cron/sla/extra', '/api/v1/alerts/1/no-such-action']) {
    test(`${path} → 404 problem+json, any method`, async ({ api, request }) => {
      await expectProblem(await api.get(path), 404);
      await expectProblem(await api.post(path, {}), 404);
      await expectProblem(await request.delete(path, { failOnStatusCode: false }), 404);
    });
  }

  test('the real routes around them still answer', async ({ api }) => {
    expect((await api.get('/api/v1/openapi.json')).status()).toBe(200);
    expect((await api.get('/api/health')).status()).toBe(200);
    await expectProblem(await api.get('/api/v1/alerts'), 401);
    await expectProblem(await api.cron('sla', null), 401);
    expect((await api.get('/api/auth/session')).headers()['content-type']).toContain('application/json');
  });
});
