import { DEMO_USERS, expect, expectProblem, submitLogin, test } from '../fixtures';

test.describe('sign-in', () => {
  test('the notification center without a session redirects to /login', async ({ page }) => {
    await page.goto('/notifications');
    await expect(page).toHaveURL(/\/login(?:[?#]|$)/);
    await expect(page.locator('input[name="email"]')).toBeVisible();
  });

  test('a wrong password keeps you on /login with an error', async ({ page }) => {
    await submitLogin(page, DEMO_USERS.staff1, 'not-the-password');
    // scoped to the form: Next's route announcer is a role=alert too
    await expect(page.locator('form').getByRole('alert')).toHaveText(/\S/);
    await expect(page).toHaveURL(/\/login(?:[?#]|$)/);
    await page.goto('/notifications');
    await expect(page).toHaveURL(/\/login(?:[?#]|$)/);
  });

  test('the right password lands on /notifications with the bell', async ({ page }) => {
    await submitLogin(page, DEMO_USERS.staff1);
    await expect(page).toHaveURL(/\/notifications(?:[?#]|$)/);
    await expect(page.getByTestId('notification-bell')).toBeVisible();
  });
});

test.describe('API without credentials', () => {
  const cases: { name: string; headers: Record<string, string> }[] = [
    { name: 'no Authorization', headers: {} },
    { name: 'an unknown bearer token', headers: { authorization: 'Bearer not-a-real-token' } },
    { name: 'a malformed Authorization', headers: { authorization: 'Basic c3RhZmYxOmRlbW8=' } },
  ];
  for (const { name, headers } of cases) {
    test(`GET /api/v1/alerts/unread/count with ${name} → 401 problem+json`, async ({ api }) => {
      await expectProblem(await api.get('/api/v1/alerts/unread/count', { headers }), 401);
    });
  }
});

test.describe('cookie-authenticated mutations', () => {
  test('are refused from another origin and accepted from the app itself', async ({ loggedInPage }) => {
    const page = await loggedInPage(DEMO_USERS.manager);
    const list = await page.request.get('/api/v1/alerts?page_size=1');
    expect(list.status()).toBe(200);
    const [alert] = ((await list.json()) as { alerts: { id: number }[] }).alerts;
    expect(alert, 'the demo manager has alerts').toBeTruthy();
    const body = await expectProblem(await page.request.put(`/api/v1/alerts/${alert!.id}/unread`, { headers: { origin: 'https://evil.example' } }), 403);
    expect(String(body.detail)).toMatch(/cross-origin/i);
    const origin = new URL(page.url()).origin;
    expect((await page.request.put(`/api/v1/alerts/${alert!.id}/unread`, { headers: { origin } })).status()).toBe(204);
  });
});
