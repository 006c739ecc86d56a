import { Webhook } from 'standardwebhooks';
import { startHttpReceiver } from '../../test/receivers';
import { clickAndSettle, DEMO_USERS, E2E_WEBHOOK_SECRET, expect, hydrated, screen, test } from '../fixtures';

// staff2 receives critical complaints in live.spec; this spec only touches daily summaries and email
const USER = DEMO_USERS.staff2;

test.describe('notification settings', () => {
  test('email, severity, quiet hours and alert types save as you change them and survive a reload; 390 px works', async ({ loggedInPage }, testInfo) => {
    const page = await loggedInPage(USER);
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await hydrated(page);

    const email = page.getByTestId('email-enabled');
    await expect(email).toHaveAttribute('aria-checked', 'true');
    await clickAndSettle(page, email, '/api/v1/alerts/preferences');
    await expect(email).toHaveAttribute('aria-checked', 'false');
    await expect(page.getByTestId('min-email-severity')).toBeDisabled();
    await clickAndSettle(page, email, '/api/v1/alerts/preferences');
    await expect(page.getByTestId('min-email-severity')).toBeEnabled();

    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/alerts/preferences') && r.request().method() === 'PUT');
    await page.getByTestId('min-email-severity').selectOption('error');
    expect((await saved).ok()).toBe(true);

    await clickAndSettle(page, page.getByTestId('quiet-hours'), '/api/v1/alerts/preferences');
    await expect(page.getByTestId('quiet-start')).toHaveValue('22:00');
    await expect(page.getByTestId('quiet-end')).toHaveValue('07:00');
    const savedStart = page.waitForResponse((r) => r.url().endsWith('/api/v1/alerts/preferences') && r.request().method() === 'PUT');
    await page.getByTestId('quiet-start').fill('23:30');
    expect((await savedStart).ok()).toBe(true);
    await expect(page.getByTestId('save-status').first()).toHaveText('Saved');

    // a daily digest at 07:00 of their time zone; the hour is chosen only for a daily one
    await expect(page.getByTestId('digest-hour')).toBeDisabled();
    const digest = page.waitForResponse((r) => r.url().endsWith('/api/v1/alerts/preferences') && r.request().method() === 'PUT');
    await page.getByTestId('digest-frequency').selectOption('daily');
    expect((await digest).ok()).toBe(true);
    await expect(page.getByTestId('digest-hour')).toBeEnabled();
    const hour = page.waitForResponse((r) => r.url().endsWith('/api/v1/alerts/preferences') && r.request().method() === 'PUT');
    await page.getByTestId('digest-hour').selectOption('7');
    expect((await hour).ok()).toBe(true);
    await screen(page, testInfo, 'settings-digest-1280', { fullPage: true });

    const summary = page.locator('[data-testid="alert-type"][data-type="daily_summary"]');
    await clickAndSettle(page, summary.getByTestId('type-inbox'), '/api/v1/alerts/subscriptions');
    await expect(summary.getByTestId('type-inbox')).toHaveAttribute('aria-checked', 'false');
    await expect(summary.getByTestId('type-email')).toBeDisabled();

    await page.reload();
    await hydrated(page);
    await expect(page.getByTestId('min-email-severity')).toHaveValue('error');
    await expect(page.getByTestId('quiet-start')).toHaveValue('23:30');
    await expect(summary.getByTestId('type-inbox')).toHaveAttribute('aria-checked', 'false');
    const prefs = await (await page.request.get('/api/v1/alerts/preferences')).json();
    expect(prefs.preferences).toMatchObject({ email_enabled: true, min_email_severity: 'error', quiet_hours: { start: '23:30', end: '07:00' }, digest: { frequency: 'daily', hour: 7 } });
    await expect(page.getByTestId('digest-frequency')).toHaveValue('daily');

    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await testInfo.attach('settings at 390 px', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

    // put things back for the other specs
    await clickAndSettle(page, summary.getByTestId('type-inbox'), '/api/v1/alerts/subscriptions');
    await clickAndSettle(page, page.getByTestId('quiet-hours'), '/api/v1/alerts/preferences');
    const restored = page.waitForResponse((r) => r.url().endsWith('/api/v1/alerts/preferences') && r.request().method() === 'PUT');
    await page.getByTestId('min-email-severity').selectOption('warning');
    expect((await restored).ok()).toBe(true);
    const digestOff = page.waitForResponse((r) => r.url().endsWith('/api/v1/alerts/preferences') && r.request().method() === 'PUT');
    await page.getByTestId('digest-frequency').selectOption('off');
    expect((await digestOff).ok()).toBe(true);
  });

  test('a change the server refuses flips back and says why', async ({ loggedInPage }) => {
    const page = await loggedInPage(USER);
    await page.goto('/settings');
    await hydrated(page);
    await page.route('**/api/v1/alerts/preferences', (route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'The database is restarting' }) })
        : route.continue(),
    );
    const email = page.getByTestId('email-enabled');
    await expect(email).toHaveAttribute('aria-checked', 'true');
    await email.click();
    await expect(page.getByTestId('save-status').first()).toHaveText('Not saved: The database is restarting');
    await expect(email).toHaveAttribute('aria-checked', 'true');
  });

  test('admins send a test through the channels and see how each went; staff do not see it', async ({ loggedInPage }) => {
    const receiver = await startHttpReceiver();
    try {
      const admin = await loggedInPage(DEMO_USERS.admin);
      await admin.goto('/settings');
      await hydrated(admin);
      await admin.getByTestId('test-webhook').check();
      await admin.getByTestId('test-webhook-url').fill(`${receiver.base}/ops`);
      await admin.getByTestId('send-test').click();
      const results = admin.getByTestId('test-result');
      await expect(results).toHaveCount(2);
      await expect(results.nth(0)).toHaveAttribute('data-outcome', 'not_configured');
      await expect(results.nth(0)).toContainText('SMTP_URL');
      await expect(results.nth(1)).toHaveAttribute('data-outcome', 'sent');
      const [got] = receiver.requests;
      expect(new Webhook(E2E_WEBHOOK_SECRET).verify(got!.body, got!.headers as Record<string, string>)).toMatchObject({ type: 'alert.test' });

      const staff = await loggedInPage(USER);
      await staff.goto('/settings');
      await hydrated(staff);
      await expect(staff.getByTestId('send-test')).toHaveCount(0);
    } finally {
      await receiver.close();
    }
  });
});
