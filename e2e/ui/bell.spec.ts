import type { Page, TestInfo } from '@playwright/test';
import { clickAndSettle, DEMO_USERS, expect, test, unreadCount } from '../fixtures';

async function attachScreenshot(page: Page, testInfo: TestInfo, name: string, width: number) {
  await page.setViewportSize({ width, height: 900 });
  const file = testInfo.outputPath(`${name}-${width}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(`${name} @ ${width}px`, { path: file, contentType: 'image/png' });
}

test.describe('notification bell', () => {
  test('marking one notification read lowers the unread count by exactly one, and it stays so', async ({ loggedInPage }, testInfo) => {
    const page = await loggedInPage(DEMO_USERS.staff1);

    // the demo SLA alerts for staff1 are waiting
    await expect.poll(() => unreadCount(page), { message: 'staff1 has unread demo SLA alerts' }).toBeGreaterThan(0);

    await page.goto('/notifications');
    const before = await unreadCount(page);
    expect(before).toBeGreaterThan(0);
    await attachScreenshot(page, testInfo, 'notifications-before', 1280);
    await page.setViewportSize({ width: 1280, height: 900 });

    // an open one: the bell counts unread open alerts (a resolved one another spec left unread does not count)
    const firstUnread = page.locator('[data-testid="notification-item"][data-read="false"]:not([data-status="resolved"])').first();
    await expect(firstUnread).toBeVisible();
    const alertId = await firstUnread.getAttribute('data-alert-id');
    expect(alertId, 'notification items carry data-alert-id').toBeTruthy();
    const item = page.locator(`[data-testid="notification-item"][data-alert-id="${alertId}"]`);

    await clickAndSettle(page, item.getByTestId('mark-read'), '/read');

    await expect(page.getByTestId('notification-bell').getByTestId('unread-count')).toHaveText(String(before - 1));
    await expect.poll(() => unreadCount(page)).toBe(before - 1);
    await expect(item).toHaveAttribute('data-read', 'true');
    await expect(item.getByTestId('mark-read')).toHaveCount(0);

    await page.reload();
    await expect.poll(() => unreadCount(page)).toBe(before - 1);
    await expect(item).toHaveAttribute('data-read', 'true');

    await attachScreenshot(page, testInfo, 'notifications-after', 1280);
    await attachScreenshot(page, testInfo, 'notifications-after', 390);
  });
});
