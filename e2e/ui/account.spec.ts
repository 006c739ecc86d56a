import type { Page } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERS, expect, hydrated, submitLogin, test } from '../fixtures';

const USER = DEMO_USERS.staff3;
const NEW_PASSWORD = 'a brand new passphrase';

async function changePassword(page: Page, from: string, to: string) {
  await page.goto('/settings');
  await hydrated(page);
  await page.getByTestId('current-password').fill(from);
  await page.getByTestId('new-password').fill(to);
  await page.getByTestId('confirm-password').fill(to);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/password'));
  await page.getByTestId('change-password').click();
  expect((await answered).status()).toBe(204);
  await expect(page.getByText('Password changed. Other sessions were signed out.')).toBeVisible();
}

test.describe('own account', () => {
  test('a password change keeps this browser signed in and signs every other one out', async ({ loggedInPage, browser, baseURL }, testInfo) => {
    // two browsers, two password changes (scrypt each) and fresh sign-ins: a long flow on a busy machine
    test.slow();
    const laptop = await loggedInPage(USER);
    const phone = await loggedInPage(USER);

    // a wrong current password is said in words next to the field, and changes nothing
    await laptop.goto('/settings');
    await hydrated(laptop);
    await laptop.getByTestId('current-password').fill('not my password');
    await laptop.getByTestId('new-password').fill(NEW_PASSWORD);
    await laptop.getByTestId('confirm-password').fill(NEW_PASSWORD);
    await laptop.getByTestId('change-password').click();
    await expect(laptop.getByText('This is not your current password')).toBeVisible();
    await phone.reload();
    await expect(phone).toHaveURL(/\/notifications/);

    await changePassword(laptop, DEMO_PASSWORD, NEW_PASSWORD);
    for (const width of [1280, 390]) {
      await laptop.setViewportSize({ width, height: 900 });
      await laptop.getByRole('heading', { name: 'Your account' }).scrollIntoViewIfNeeded();
      await testInfo.attach(`settings-account-${width}`, { body: await laptop.screenshot(), contentType: 'image/png' });
    }
    await laptop.setViewportSize({ width: 1280, height: 900 });

    // this browser is still signed in; the other one is out at its next request
    await laptop.goto('/notifications');
    await expect(laptop.getByTestId('viewer')).toBeVisible();
    await phone.goto('/notifications');
    await expect(phone).toHaveURL(/\/login/);

    // the old password no longer signs in, the new one does
    const context = await browser.newContext({ baseURL });
    const fresh = await context.newPage();
    await submitLogin(fresh, USER, DEMO_PASSWORD);
    await expect(fresh.getByText('Wrong email or password')).toBeVisible();
    await submitLogin(fresh, USER, NEW_PASSWORD);
    await expect(fresh).toHaveURL(/\/notifications/);
    await context.close();

    // and back, for the other specs
    await changePassword(laptop, NEW_PASSWORD, DEMO_PASSWORD);
  });
});
