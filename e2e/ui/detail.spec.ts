import type { Page } from '@playwright/test';
import { clickAndSettle, DEMO_USERS, E2E_BASE_URL, expect, hydrated, ingestToken, raiseComplaintAlerts, test, uniqueTag, unreadCount } from '../fixtures';

// the manager receives every critical complaint; nobody else's spec acts as the manager
const USER = DEMO_USERS.manager;

async function alertIdOf(page: Page, tag: string): Promise<string> {
  await page.goto(`/notifications?q=${tag}`);
  const row = page.getByTestId('notification-item');
  await expect(row).toHaveCount(1);
  await hydrated(page);
  return (await row.getAttribute('data-alert-id'))!;
}

test.describe('alert detail', () => {
  test('open from the list: complaint in context, timeline, read on open, acknowledge, assign to me', async ({ loggedInPage, api }, testInfo) => {
    const tag = uniqueTag('DETAIL');
    const [reference] = await raiseComplaintAlerts(api, await ingestToken(loggedInPage), { tag, count: 1, assignee: null });
    const page = await loggedInPage(USER);
    const id = await alertIdOf(page, tag);
    const before = await unreadCount(page);

    await page.getByTestId('notification-item').getByTestId('alert-link').click();
    await expect(page).toHaveURL(new RegExp(`/alerts/${id}$`));
    await expect(page.getByTestId('alert-title')).toContainText(tag);
    await hydrated(page);

    // opening it reads it
    await expect(page.getByTestId('alert-summary')).toHaveAttribute('data-read', 'true');
    await expect(page.getByTestId('notification-bell').getByTestId('unread-count')).toHaveText(String(before - 1));

    const complaint = page.getByTestId('complaint-panel');
    await expect(complaint.getByTestId('complaint-reference')).toHaveText(reference!);
    await expect(complaint).toContainText('critical');
    await expect(complaint.getByTestId('complaint-assignee')).toHaveText('Unassigned');
    await expect(page.getByTestId('timeline-event').first()).toHaveAttribute('data-kind', 'fired');

    await clickAndSettle(page, page.getByTestId('ack-button'), '/acknowledge');
    await expect(page.getByTestId('alert-summary')).toHaveAttribute('data-status', 'acknowledged');
    await expect(page.locator('[data-testid="timeline-event"][data-kind="acknowledged"]')).toContainText('Morgan Manager');

    await clickAndSettle(page, complaint.getByTestId('assign-to-me'), '/assign');
    await expect(complaint.getByTestId('complaint-assignee')).toHaveText('Morgan Manager (you)');
    await expect(complaint.getByTestId('assign-to-me')).toHaveCount(0);

    await page.reload();
    await expect(page.getByTestId('alert-summary')).toHaveAttribute('data-status', 'acknowledged');
    await expect(page.getByTestId('complaint-assignee')).toHaveText('Morgan Manager (you)');
    const file = testInfo.outputPath('detail-1280.png');
    await page.screenshot({ path: file, fullPage: true });
    await testInfo.attach('detail @ 1280px', { path: file, contentType: 'image/png' });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
    const narrow = testInfo.outputPath('detail-390.png');
    await page.screenshot({ path: narrow, fullPage: true });
    await testInfo.attach('detail @ 390px', { path: narrow, contentType: 'image/png' });
  });

  test('someone else got there first: the 409 says who, and the view catches up', async ({ loggedInPage, api }) => {
    const tag = uniqueTag('RACE');
    await raiseComplaintAlerts(api, await ingestToken(loggedInPage), { tag, count: 1, assignee: null });
    const page = await loggedInPage(USER);
    const id = await alertIdOf(page, tag);
    // no live updates on this page, so it still shows the alert firing when the admin acknowledges it
    await page.route('**/api/v1/alerts/stream', (route) => route.abort());
    await page.goto(`/alerts/${id}`);
    await expect(page.getByTestId('alert-summary')).toHaveAttribute('data-status', 'firing');
    await hydrated(page);

    const admin = await loggedInPage(DEMO_USERS.admin);
    const res = await admin.request.post(`/api/v1/alerts/${id}/acknowledge`, { data: {}, headers: { origin: E2E_BASE_URL } });
    expect(res.status()).toBe(200);

    await page.getByTestId('ack-button').click();
    await expect(page.getByTestId('action-error')).toHaveText('Already acknowledged by Ada Admin');
    await expect(page.getByTestId('alert-summary')).toHaveAttribute('data-status', 'acknowledged');

    // resolving with a note still works, and the note lands on the timeline
    await page.getByTestId('resolve-button').click();
    await page.getByTestId('resolve-note').fill('Customer called back, all good');
    await page.getByTestId('resolve-confirm').click();
    await expect(page.getByTestId('alert-summary')).toHaveAttribute('data-status', 'resolved');
    await expect(page.locator('[data-testid="timeline-event"][data-kind="resolved"]')).toContainText('Customer called back, all good');
  });

  test('an alert that is not there is a 404 page with a way back', async ({ loggedInPage }) => {
    const page = await loggedInPage(DEMO_USERS.staff3);
    for (const path of ['/alerts/987654321', '/alerts/not-a-number']) {
      const res = await page.goto(path);
      expect(res?.status()).toBe(404);
      await expect(page.getByTestId('alert-not-found')).toBeVisible();
    }
    await page.getByRole('link', { name: 'Back to notifications' }).click();
    await expect(page).toHaveURL(/\/notifications$/);
  });
});
