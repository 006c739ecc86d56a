import { DEMO_USERS, expect, hydrated, ingestToken, raiseComplaintAlerts, screen, test, uniqueTag } from '../fixtures';

test.describe('silences from an alert', () => {
  test('"Silence similar" opens the form filled in from the alert, previews the open alerts it would match, and silences them', async ({ loggedInPage, api }, testInfo) => {
    const tag = uniqueTag('HUSH');
    const token = await ingestToken(loggedInPage);
    const [reference] = await raiseComplaintAlerts(api, token, { tag, count: 1, assignee: DEMO_USERS.staff1 });

    const page = await loggedInPage(DEMO_USERS.admin);
    const found = await page.request.get(`/api/v1/alerts?scope=all&q=${tag}`);
    expect(found.status()).toBe(200);
    const alert = ((await found.json()) as { alerts: { id: number; alert_type: string; title: string }[] }).alerts.find((a) => a.alert_type === 'critical_complaint')!;
    expect(alert, 'the critical complaint raised an alert').toBeTruthy();

    expect((await api.cron('deliver')).status()).toBe(200);
    await page.goto(`/alerts/${alert.id}`);
    await hydrated(page);
    // admins learn which setting would let the skipped email go out; there is no retry that would only skip again
    await expect(page.getByTestId('not-configured').first()).toContainText('Set SMTP_URL, then retry.');
    await page.getByTestId('silence-similar').click();
    await expect(page).toHaveURL(/\/admin\/silences\?/);
    await hydrated(page);
    await expect(page.getByTestId('silence-prefilled')).toContainText(`alert #${alert.id}`);
    await expect(page.getByTestId('silence-complaint')).toHaveValue(reference!);
    await expect(page.getByTestId('silence-alert_type')).toHaveValue('critical_complaint');
    await expect(page.getByTestId('silence-rule_id').locator('option:checked')).toHaveText('critical_complaint_created');

    // before saving: the open alerts it would keep quiet
    const preview = page.getByTestId('silence-preview');
    await expect(preview.getByTestId('silence-preview-total')).toContainText('1 open alert matches');
    await expect(preview.getByTestId('silence-preview-alert')).toContainText(alert.title);
    await screen(page, testInfo, 'silence-preview-1280', { fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await preview.scrollIntoViewIfNeeded();
    await screen(page, testInfo, 'silence-preview-390', { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // a reference nobody has is said so, in words, before saving
    await page.getByTestId('silence-complaint').fill('C-NOBODY-HAS-THIS');
    await expect(page.getByTestId('silence-field-error')).toHaveText('No complaint has the reference C-NOBODY-HAS-THIS.');
    await expect(preview).toContainText('No complaint has the reference C-NOBODY-HAS-THIS.');
    await page.getByTestId('silence-complaint').fill(reference!);
    await expect(preview.getByTestId('silence-preview-total')).toContainText('1 open alert matches');

    await page.getByTestId('silence-comment').fill(`Customer ${tag} called: handled by phone`);
    await page.getByTestId('create-silence').click();
    const row = page.locator('[data-testid="silence-row"]', { hasText: tag });
    await expect(row).toHaveAttribute('data-state', 'active');
    await expect(row).toContainText(`complaint ${reference}`);
    await expect(row).toContainText('alert_type=critical_complaint');
    await row.getByTestId('end-silence').click();
    await expect(row).toHaveAttribute('data-state', 'expired');
  });

  test('staff see no "Silence similar"', async ({ loggedInPage, api }) => {
    const tag = uniqueTag('HUSHSTAFF');
    const token = await ingestToken(loggedInPage);
    await raiseComplaintAlerts(api, token, { tag, count: 1, assignee: DEMO_USERS.staff2 });
    // email is not set up here: the deliver job records the alert's emails as skipped
    expect((await api.cron('deliver')).status()).toBe(200);
    const page = await loggedInPage(DEMO_USERS.staff2);
    const found = (await (await page.request.get(`/api/v1/alerts?q=${tag}`)).json()) as { alerts: { id: number }[] };
    await page.goto(`/alerts/${found.alerts[0]!.id}`);
    await hydrated(page);
    await expect(page.getByTestId('ack-button')).toBeVisible();
    await expect(page.getByTestId('silence-similar')).toHaveCount(0);
    await expect(page.getByTestId('not-configured').first()).toHaveText('Email is not set up on this server, so this was not sent.');
  });
});
