import { expectProblem, test } from '../fixtures';

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
