import { DEMO_USERS, expect, hydrated, test, uniqueTag } from '../fixtures';

test.describe('rule editor', () => {
  test('an admin creates a rule with a live preview, edits it, meets a stale save, and deletes it', async ({ loggedInPage }, testInfo) => {
    const name = uniqueTag('e2e_rule_').toLowerCase();
    const page = await loggedInPage(DEMO_USERS.admin);
    await page.getByRole('link', { name: 'Admin' }).click();
    await expect(page).toHaveURL(/\/admin\/rules$/);
    await expect(page.locator('[data-testid="rule-row"][data-rule="sla_breach_critical"]')).toBeVisible();

    await page.getByTestId('new-rule').click();
    await hydrated(page);
    await page.getByTestId('rule-name').fill(name);
    // kept off, so it never fires into the other specs' inboxes; the preview runs it anyway
    await page.getByRole('switch', { name: 'Enabled' }).click();
    await page.getByTestId('rule-check').selectOption('sla_breached');
    await page.getByTestId('rule-title').fill('E2E breach {{complaint.reference}}');

    // a bad condition is named at its field by the server, through the preview
    await page.getByTestId('condition-buffer_minutes').getByRole('spinbutton').fill('-5');
    await expect(page.getByTestId('condition-buffer_minutes')).toContainText(/greater than or equal to 1|>=1/);
    await page.getByTestId('condition-buffer_minutes').getByRole('spinbutton').fill('');

    const summary = page.getByTestId('preview-summary');
    await expect(summary).toContainText(/\d+ new alerts? for \d+ (person|people)/);
    await expect(page.getByTestId('preview-alert').first()).toContainText('E2E breach C-');

    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await testInfo.attach('rule editor at 390 px', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByTestId('save-rule').click();
    await expect(page).toHaveURL(/\/admin\/rules$/);
    const row = page.locator(`[data-testid="rule-row"][data-rule="${name}"]`);
    await expect(row.getByTestId('rule-enabled')).toHaveAttribute('aria-checked', 'false');

    // two editors open on the same rule: the second save is told it is stale
    await row.getByRole('link', { name }).click();
    await hydrated(page);
    const other = await page.context().newPage();
    await other.goto(page.url());
    await hydrated(other);
    await page.getByTestId('rule-severity').selectOption('critical');
    await page.getByTestId('save-rule').click();
    await expect(page).toHaveURL(/\/admin\/rules$/);
    await other.getByTestId('rule-title').fill('E2E breach, second editor {{complaint.reference}}');
    await other.getByTestId('save-rule').click();
    await expect(other.getByTestId('save-error')).toContainText('Someone else saved this rule');

    await other.reload();
    await hydrated(other);
    await expect(other.getByTestId('rule-severity')).toHaveValue('critical');
    other.on('dialog', (d) => void d.accept());
    await other.getByRole('button', { name: 'Delete rule' }).click();
    await expect(other).toHaveURL(/\/admin\/rules$/);
    await expect(other.locator(`[data-testid="rule-row"][data-rule="${name}"]`)).toHaveCount(0);
  });

  test('staff have no admin pages', async ({ loggedInPage }) => {
    const page = await loggedInPage(DEMO_USERS.staff3);
    await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
    for (const path of ['/admin/rules', '/admin/rules/new', '/admin/jobs', '/admin/deliveries', '/admin/silences', '/admin/audit']) {
      expect((await page.goto(path))?.status(), path).toBe(404);
    }
  });
});
