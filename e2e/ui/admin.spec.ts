import { mkdir } from 'node:fs/promises';
import { DEMO_USERS, expect, hydrated, test, uniqueTag } from '../fixtures';

test.describe('admin: jobs and deliveries', () => {
  test('jobs show their schedules in words and run on demand; deliveries filter by status, and one skipped for want of its channel says so instead of offering a retry', async ({ loggedInPage, api }, testInfo) => {
    // the demo's rules email; with no SMTP_URL here those deliveries are recorded as skipped
    expect((await api.cron('sla')).status()).toBe(200);
    expect((await api.cron('deliver')).status()).toBe(200);

    const page = await loggedInPage(DEMO_USERS.admin);
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Jobs' }).click();
    await expect(page).toHaveURL(/\/admin\/jobs$/);
    await hydrated(page);
    const deliver = page.locator('[data-testid="job-row"][data-job="deliver"]');
    await expect(deliver.getByTestId('job-schedule')).toHaveText(/every minute\s*\* \* \* \* \*/);
    await expect(page.locator('[data-testid="job-row"][data-job="cleanup"]').getByTestId('job-schedule')).toContainText('daily at 03:30 UTC');
    await mkdir('test-results/screens', { recursive: true });
    await testInfo.attach('jobs', { body: await page.screenshot({ path: 'test-results/screens/jobs-1280.png', fullPage: true }), contentType: 'image/png' });
    await deliver.getByTestId('run-job').click();
    await expect(page.getByTestId('job-message')).toContainText(/deliver: (succeeded|skipped) in \d+ ms/);

    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Deliveries' }).click();
    await expect(page).toHaveURL(/\/admin\/deliveries$/);
    await hydrated(page);
    await page.getByTestId('filter-status').selectOption('skipped');
    await expect(page).toHaveURL(/status=skipped/);
    await hydrated(page);
    const rows = page.getByTestId('delivery-row');
    await expect(rows.first()).toHaveAttribute('data-status', 'skipped');
    // email is not set up here: a retry would be skipped again, so the row says what would help instead
    await expect(rows.first().getByTestId('not-configured')).toHaveText('Email is not set up on this server (SMTP_URL is not set), so a retry would be skipped again. Set SMTP_URL, then retry.');
    await expect(page.getByTestId('retry-delivery')).toHaveCount(0);
    await testInfo.attach('deliveries', { body: await page.screenshot({ path: 'test-results/screens/deliveries-1280.png', fullPage: true }), contentType: 'image/png' });

    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await testInfo.attach('deliveries at 390 px', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  });

  test('settings warn about channels this server has not set up', async ({ loggedInPage }, testInfo) => {
    const admin = await loggedInPage(DEMO_USERS.admin);
    await admin.goto('/settings');
    const warning = admin.getByTestId('channel-warning');
    await expect(warning.getByTestId('channel-missing-email')).toContainText('(set SMTP_URL)');
    await expect(warning.getByTestId('channel-missing-slack')).toContainText('(set SLACK_WEBHOOK_URL)');
    // webhooks are signed with the e2e secret: nothing to warn about
    await expect(warning.getByTestId('channel-missing-webhook')).toHaveCount(0);
    await mkdir('test-results/screens', { recursive: true });
    await testInfo.attach('settings', { body: await admin.screenshot({ path: 'test-results/screens/settings-warning-1280.png' }), contentType: 'image/png' });

    const staff = await loggedInPage(DEMO_USERS.staff3);
    await staff.goto('/settings');
    await expect(staff.getByTestId('channel-missing-email')).toContainText('An admin can set it up.');
    await expect(staff.getByTestId('channel-missing-slack')).toHaveCount(0);
  });

  test('silences: a silence needs a matcher, shows as active, and ends on demand', async ({ loggedInPage }) => {
    const type = uniqueTag('e2e_quiet_').toLowerCase();
    const page = await loggedInPage(DEMO_USERS.admin);
    await page.goto('/admin/silences');
    await hydrated(page);
    await page.getByTestId('silence-comment').fill('Planned work');
    await page.getByTestId('create-silence').click();
    await expect(page.getByTestId('silence-error')).toHaveText('Choose at least one thing to match: a silence of everything is not allowed.');

    // rules and alert types are picked from what exists
    await expect(page.getByTestId('silence-rule_id').locator('option', { hasText: 'sla_breach_critical' })).toHaveCount(1);
    await expect(page.getByTestId('silence-alert_type').locator('option', { hasText: /^sla_breach$/ })).toHaveCount(1);
    await page.getByTestId('silence-resource_type').fill(type);
    await expect(page.getByTestId('silence-preview-total')).toContainText('No open alert matches now');
    await page.getByTestId('silence-duration').selectOption('240');
    await page.getByTestId('create-silence').click();
    const row = page.locator('[data-testid="silence-row"]', { hasText: type });
    await expect(row).toHaveAttribute('data-state', 'active');
    await expect(row).toContainText('Planned work');
    await row.getByTestId('end-silence').click();
    await expect(row).toHaveAttribute('data-state', 'expired');

    // and the audit trail says who did it
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Audit' }).click();
    await hydrated(page);
    await page.getByTestId('audit-action').fill('silence.created');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/action=silence\.created/);
    const entry = page.getByTestId('audit-row').first();
    await expect(entry).toHaveAttribute('data-action', 'silence.created');
    await expect(entry).toContainText('Ada Admin');
    await entry.locator('summary').click();
    await expect(entry.locator('pre')).toContainText(type);
  });
});
