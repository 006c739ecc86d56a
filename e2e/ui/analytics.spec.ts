import { DEMO_USERS, expect, hydrated, screen, test } from '../fixtures';

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

  test('staff have no analytics link', async ({ loggedInPage }) => {
    const page = await loggedInPage(DEMO_USERS.staff1);
    await expect(page.getByRole('link', { name: 'Analytics' })).toHaveCount(0);
  });
});
