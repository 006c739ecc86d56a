import type { Locator, Page } from '@playwright/test';
import { DEMO_USERS, expect, ingestToken, screen, test, uniqueTag } from '../fixtures';

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const boxOf = async (l: Locator) => (await l.boundingBox())!;

async function expectClearOfHeader(page: Page, toast: Locator) {
  const viewport = page.viewportSize()!;
  const box = await boxOf(toast);
  // wholly on screen
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  // never over the bell or the navigation, never drawn inside the header
  expect(overlaps(box, await boxOf(page.getByTestId('notification-bell'))), 'toast covers the bell').toBe(false);
  expect(overlaps(box, await boxOf(page.getByRole('navigation', { name: 'Main' }))), 'toast covers the navigation').toBe(false);
  expect(await toast.evaluate((el) => el.closest('header') === null)).toBe(true);
}

// staff1 is live.spec's inbox too; both only count what they add
for (const [width, height] of [
  [1280, 800],
  [390, 844],
] as const) {
  test(`a critical toast arrives in sight at ${width} px, clear of the bell and the navigation`, async ({ loggedInPage, api }, testInfo) => {
    const token = await ingestToken(loggedInPage);
    const page = await loggedInPage(DEMO_USERS.staff1);
    await page.setViewportSize({ width, height });
    await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live');

    const tag = uniqueTag('BURST');
    const res = await api.post(
      '/api/v1/events',
      { type: 'complaint.created', complaint: { reference: tag, title: `${tag} burst pipe in the lobby`, priority: 'critical', assignee_email: DEMO_USERS.staff1 } },
      { token },
    );
    expect(res.status()).toBe(200);

    const toast = page.getByTestId('critical-toast').filter({ hasText: tag });
    await expect(toast).toBeVisible();
    await expectClearOfHeader(page, toast);
    if (width < 640) {
      // phones: at the bottom of the screen, under the thumb, away from the header
      expect((await boxOf(toast)).y).toBeGreaterThan(height / 2);
    } else {
      // wide: top right, under the header
      const header = await boxOf(page.locator('header'));
      expect((await boxOf(toast)).y).toBeGreaterThanOrEqual(header.y + header.height);
      expect((await boxOf(toast)).x).toBeGreaterThan(width / 2);
    }
    await screen(page, testInfo, `critical-toast-${width}`);

    // the bell shows criticals apart: a red badge and a ring
    await expect(page.getByTestId('notification-bell')).toHaveAttribute('data-critical', 'true');
    await expect(page.getByTestId('unread-count')).toHaveAttribute('data-severity', 'critical');

    await toast.getByRole('button', { name: 'Close' }).click();
    await expect(toast).toHaveCount(0);
  });
}
