import { DEMO_USERS, E2E_BASE_URL, expect, screen, submitLogin, test } from '../fixtures';

const PASSWORD = 'a person of their own';

test('after 5 wrong passwords the login form says until when the account waits, and refuses the right one', async ({ page, loggedInPage }, testInfo) => {
  // a person of this test's own, invited through the admin API and signed up through the link
  const admin = await loggedInPage(DEMO_USERS.admin);
  const email = `locked-${Date.now().toString(36)}@e2e.example`;
  const created = await admin.request.post('/api/v1/admin/users', { data: { email, name: 'Lou Locked', role: 'staff' }, headers: { origin: E2E_BASE_URL } });
  expect(created.status(), await created.text()).toBe(201);
  const { invite_url } = (await created.json()) as { invite_url: string };
  const accepted = await admin.request.post(`/api/v1/invites/${invite_url.split('/').pop()}`, { data: { password: PASSWORD } });
  expect(accepted.status(), await accepted.text()).toBeLessThan(300);
  await admin.context().close();

  const alert = page.locator('form').getByRole('alert');
  for (let i = 1; i <= 4; i++) {
    await submitLogin(page, email, `wrong guess ${i}`);
    await expect(alert).toHaveText('Wrong email or password');
  }
  await submitLogin(page, email, 'wrong guess 5');
  const message = /^Too many failed sign-ins\. Try again after (\d{2}:\d{2})\.$/;
  await expect(alert).toHaveText(message);
  const shown = message.exec(await alert.innerText())![1];
  // the window is 15 minutes from the first failure, in the browser's own clock
  const expected = await page.evaluate(() =>
    [14, 15, 16].map((m) =>
      new Date(Math.ceil((Date.now() + m * 60_000) / 60_000) * 60_000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    ),
  );
  expect(expected).toContain(shown);
  await expect(page).toHaveURL(/\/login(?:[?#]|$)/);
  await screen(page, testInfo, 'signin-locked-1280');

  // the right password waits too, with the same time
  await submitLogin(page, email, PASSWORD);
  await expect(alert).toHaveText(`Too many failed sign-ins. Try again after ${shown}.`);
  await expect(page).toHaveURL(/\/login(?:[?#]|$)/);
  await page.setViewportSize({ width: 390, height: 844 });
  await screen(page, testInfo, 'signin-locked-390');
});
