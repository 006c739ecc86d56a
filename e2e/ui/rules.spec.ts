import { DEMO_USERS, expect, hydrated, screen, test, uniqueTag } from '../fixtures';

test.describe('rule editor', () => {
  test('an admin creates a rule with a live preview, edits it, meets a stale save, and deletes it', async ({ loggedInPage }, testInfo) => {
    const name = uniqueTag('e2e_rule_').toLowerCase();
    const page = await loggedInPage(DEMO_USERS.admin);
    await page.getByRole('link', { name: 'Admin' }).click();
    await expect(page).toHaveURL(/\/admin\/rules$/);
    await expect(page.locator('[data-testid="rule-row"][data-rule="sla_breach_critical"]')).toBeVisible();

    // each rule says how it has been doing
    await expect(page.locator('[data-testid="rule-row"][data-rule="sla_breach_critical"]').getByTestId('rule-stats')).toContainText(/\d+ open.*\d+ in the last 24 h/);
    await screen(page, testInfo, 'rule-list-1280');

    await page.getByTestId('new-rule').click();
    await hydrated(page);
    // nothing typed yet: nothing is wrong yet; the preview says what it still needs
    await expect(page.locator('form [aria-invalid="true"]')).toHaveCount(0);
    await expect(page.getByTestId('title-error')).toHaveCount(0);
    await expect(page.getByTestId('preview-blocked')).toContainText('Title is required.');
    await page.getByTestId('rule-name').fill(name);
    // kept off, so it never fires into the other specs' inboxes; the preview runs it anyway
    await page.getByRole('switch', { name: 'Enabled' }).click();
    await page.getByTestId('rule-check').selectOption('sla_breached');
    // a variable the check does not provide is flagged as it is typed, under the field, in words
    await page.getByTestId('rule-title').fill('E2E breach {{complaint.titel}}');
    await expect(page.getByTestId('title-error')).toHaveText('The title uses {{complaint.titel}}, which is not a variable of this check; did you mean {{complaint.title}}?');
    await expect(page.getByTestId('rule-title')).toHaveAttribute('aria-invalid', 'true');
    await screen(page, testInfo, 'rule-editor-unknown-variable-1280');
    await page.getByTestId('rule-title').fill('E2E breach ');
    await page.getByTestId('template-variables').getByRole('button', { name: '{{complaint.reference}}' }).click();
    await expect(page.getByTestId('rule-title')).toHaveValue('E2E breach {{complaint.reference}}');
    await expect(page.getByTestId('title-error')).toHaveCount(0);

    // a bad condition is named at its field, in the form's words
    await page.getByTestId('condition-buffer_minutes').getByRole('spinbutton').fill('-5');
    await expect(page.getByTestId('condition-buffer_minutes')).toContainText('Buffer minutes must be at least 1.');
    await page.getByTestId('condition-buffer_minutes').getByRole('spinbutton').fill('');

    const summary = page.getByTestId('preview-summary');
    await expect(summary).toContainText(/\d+ new alerts? for \d+ (person|people)/);
    await expect(page.getByTestId('preview-alert').first()).toContainText('E2E breach C-');

    // on a phone the preview is one tap away, and tells how many alerts it would raise on the tab itself
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expect(page.getByTestId('pane-preview')).toContainText(/Preview · \d+ new/);
    await page.getByTestId('pane-preview').click();
    await expect(page.getByTestId('preview-summary')).toBeInViewport();
    await expect(page.getByTestId('rule-title')).toBeHidden();
    await screen(page, testInfo, 'rule-editor-preview-390');
    await page.getByTestId('pane-edit').click();
    await expect(page.getByTestId('rule-title')).toBeVisible();
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

  test('saving an empty rule marks what is missing, in words, and saves nothing', async ({ loggedInPage }) => {
    const page = await loggedInPage(DEMO_USERS.admin);
    await page.goto('/admin/rules/new');
    await hydrated(page);
    await page.getByTestId('save-rule').click();
    const errors = page.getByTestId('form-errors');
    await expect(errors).toContainText('Name: use 2 to 100 lowercase letters, digits and _, starting with a letter');
    await expect(errors).toContainText('Title is required.');
    await expect(errors).not.toContainText(/Invalid|expected|\^|\{"/);
    await expect(page.getByTestId('title-error')).toHaveText('Title is required.');
    await expect(page.getByTestId('rule-name')).toBeFocused();
    await expect(page).toHaveURL(/\/admin\/rules\/new$/);
  });

  test('staff have no admin pages', async ({ loggedInPage }) => {
    const page = await loggedInPage(DEMO_USERS.staff3);
    await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
    for (const path of ['/admin/rules', '/admin/rules/new', '/admin/jobs', '/admin/deliveries', '/admin/silences', '/admin/audit']) {
      expect((await page.goto(path))?.status(), path).toBe(404);
    }
  });
  test('the backtest replays an edit over past days beside the saved rule, with its chart, before saving', async ({ loggedInPage }, testInfo) => {
    const page = await loggedInPage(DEMO_USERS.admin);
    await page.goto('/admin/rules');
    await page.locator('[data-testid="rule-row"][data-rule="sla_breach_critical"]').getByRole('link', { name: 'sla_breach_critical' }).click();
    await hydrated(page);
    const version = await page.getByText(/^version \d+$/).textContent();

    // an edit, not saved: a longer cooldown, so fewer repeats
    await page.getByLabel('Cooldown (min)').fill('240');
    const panel = page.getByTestId('rule-backtest');
    await panel.getByTestId('backtest-days').selectOption('30');
    await panel.getByTestId('backtest-run').click();
    await expect(panel.getByTestId('backtest-summary')).toContainText(/In 30 days: \d+ alerts?/);
    // the demo's month of late complaints: alerts on past days, drawn as bars for the edit and for the saved rule
    const chart = panel.getByTestId('chart-backtest-per-day');
    await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();
    await expect(chart.locator('.recharts-legend-item')).toHaveText(['as edited', 'as saved']);
    await expect(panel.getByTestId('backtest-summary')).toContainText(/repeats \(saved: \d+\)/);
    await expect(panel.getByTestId('backtest-people').locator('tbody tr').first()).toBeVisible();
    await screen(page, testInfo, 'rule-backtest-1280');

    // the same numbers as a table
    await chart.getByTestId('table-backtest-per-day').click();
    await expect(chart.locator('tbody tr')).toHaveCount(31);
    await chart.getByRole('button', { name: 'Chart' }).click();

    // a further edit makes the replay stale until it is run again
    await page.getByLabel('Cooldown (min)').fill('300');
    await expect(panel.getByTestId('backtest-stale')).toBeVisible();

    // on a phone it sits under the preview, one tap away
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('pane-preview').click();
    await panel.scrollIntoViewIfNeeded();
    await expect(chart).toBeVisible();
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screen(page, testInfo, 'rule-backtest-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    // nothing was saved
    await page.reload();
    await hydrated(page);
    await expect(page.getByText(/^version \d+$/)).toHaveText(version!);
    await expect(page.getByLabel('Cooldown (min)')).toHaveValue('60');
  });
});
