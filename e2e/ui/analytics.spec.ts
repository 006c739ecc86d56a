import { DEMO_USERS, E2E_BASE_URL, expect, hydrated, ingestToken, screen, test, uniqueTag } from '../fixtures';

const CHARTS = ['alerts-by-severity', 'open-vs-resolved', 'response-times', 'sla', 'deliveries', 'load-per-person', 'noisiest-rules'];

test.describe('analytics', () => {
  test('a lead sees every chart from the demo history; the range changes the numbers; each chart has a table and a CSV', async ({ loggedInPage }, testInfo) => {
    const page = await loggedInPage(DEMO_USERS.manager);
    await page.getByRole('link', { name: 'Analytics' }).click();
    await expect(page).toHaveURL(/\/analytics/);
    await hydrated(page);
    for (const id of CHARTS) {
      const card = page.getByTestId(`chart-${id}`);
      await expect(card, id).toBeVisible();
      await expect(card.locator('.recharts-surface').first(), `${id} draws`).toBeVisible();
    }
    await expect(page.getByTestId('analytics')).toContainText('Morgan Manager’s team');
    const month = Number(await page.getByTestId('total-alerts').innerText());
    expect(month).toBeGreaterThan(100);
    await screen(page, testInfo, 'analytics-30d-1280', { fullPage: true });

    await page.getByTestId('analytics-range').selectOption('7d');
    await expect(page).toHaveURL(/range=7d/);
    await expect.poll(async () => Number(await page.getByTestId('total-alerts').innerText())).toBeLessThan(month);
    await expect(page.getByTestId('analytics')).toHaveAttribute('aria-busy', 'false');

    // the same numbers as a table, and as CSV
    await page.getByTestId('table-alerts-by-severity').click();
    const rows = page.getByTestId('chart-alerts-by-severity').locator('tbody tr');
    // seven days, and the part of the day the range starts in (none at midnight)
    await expect(rows.first()).toBeVisible();
    const n = await rows.count();
    expect(n).toBeGreaterThanOrEqual(7);
    expect(n).toBeLessThanOrEqual(8);
    const download = page.waitForEvent('download');
    await page.getByTestId('csv-alerts-by-severity').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('alerts-by-severity.csv');
    const csv = await (await file.createReadStream()).toArray();
    const text = Buffer.concat(csv as Buffer[]).toString('utf8');
    expect(text.split('\r\n')[0]).toBe('day,critical,error,warning,info');
    expect(text.trim().split('\r\n')).toHaveLength(n + 1);

    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screen(page, testInfo, 'analytics-7d-390', { fullPage: true });
  });

  test('an admin sees everyone, and can narrow to one lead\'s team', async ({ loggedInPage }) => {
    const page = await loggedInPage(DEMO_USERS.admin);
    await page.goto('/analytics?range=30d');
    await hydrated(page);
    const everyone = Number(await page.getByTestId('total-alerts').innerText());
    await page.getByTestId('analytics-team').selectOption({ label: 'Morgan Manager’s team' });
    await expect(page).toHaveURL(/team=\d+/);
    await expect(page.getByTestId('analytics')).toContainText('Morgan Manager’s team');
    expect(Number(await page.getByTestId('total-alerts').innerText())).toBeLessThanOrEqual(everyone);
  });

  test("a lead's home shows open criticals, breaches and time to acknowledge with their last two weeks", async ({ loggedInPage }, testInfo) => {
    const page = await loggedInPage(DEMO_USERS.manager);
    await page.goto('/');
    const headline = page.getByTestId('headline');
    await expect(headline.getByTestId('headline-critical')).toContainText(/Open criticals\s*\d+/);
    await expect(headline.getByTestId('headline-breaches')).toContainText(/SLA breaches today\s*\d+/);
    await expect(headline.getByTestId('headline-mtta')).toContainText('Time to acknowledge today');
    await expect(headline.locator('.recharts-surface')).toHaveCount(3);
    await screen(page, testInfo, 'home-headline-1280');
    await headline.getByTestId('headline-breaches').click();
    await expect(page).toHaveURL(/\/analytics/);
  });

  test('a rule whose alerts clear with nobody acting says so on the rule list, and opens the editor with a longer cooldown', async ({ loggedInPage, api }, testInfo) => {
    const token = await ingestToken(loggedInPage);
    const page = await loggedInPage(DEMO_USERS.admin);
    const name = uniqueTag('e2e_noisy_').toLowerCase();
    const eventType = `e2e.noise.${name}`;
    const created = await page.request.post('/api/v1/alerts/rules', {
      headers: { origin: E2E_BASE_URL },
      data: {
        rule_name: name,
        rule_type: 'event',
        check: 'event_match',
        conditions: { event_type: eventType },
        alert_config: { severity: 'warning', title_template: '{{event.title}}', recipients: ['role:admin'], cooldown_minutes: 20 },
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    // twenty alerts that each clear by themselves a moment later
    const fire = (status: 'firing' | 'resolved') =>
      Array.from({ length: 20 }, (_, i) => ({ type: 'custom', event_type: eventType, title: `${name} flap ${i}`, fingerprint: `${name}-${i}`, status }));
    expect((await api.post('/api/v1/events', { events: fire('firing') }, { token })).status()).toBe(200);
    expect((await api.post('/api/v1/events', { events: fire('resolved') }, { token })).status()).toBe(200);

    await page.goto('/admin/rules');
    const row = page.locator(`[data-testid="rule-row"][data-rule="${name}"]`);
    await expect(row.getByTestId('rule-noise')).toContainText('30 days: 20 alerts');
    await expect(row.getByTestId('rule-noise')).toContainText('100% cleared with nobody acting');
    await expect(row.getByTestId('rule-suggestion')).toContainText('Noisy: 100% of its alerts cleared with nobody acting. Try cooldown 20 → 60 minutes');
    await screen(page, testInfo, 'rule-list-noise-1280');
    await row.getByTestId('rule-suggestion').getByRole('link').click();
    await expect(page).toHaveURL(/suggest=cooldown/);
    await hydrated(page);
    await expect(page.getByTestId('rule-notice')).toContainText('cooldown 20 → 60 minutes');
    await expect(page.getByRole('spinbutton', { name: /Cooldown/ })).toHaveValue('60');
  });

  test('staff have no analytics link', async ({ loggedInPage }) => {
    const page = await loggedInPage(DEMO_USERS.staff1);
    await expect(page.getByRole('link', { name: 'Analytics' })).toHaveCount(0);
  });
});
