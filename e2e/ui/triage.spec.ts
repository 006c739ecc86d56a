import type { Locator, Page } from '@playwright/test';
import { clickAndSettle, DEMO_USERS, E2E_BASE_URL, expect, holdRequests, hydrated, ingestToken, raiseComplaintAlerts, screen, test, uniqueTag, unreadCount } from '../fixtures';

// staff2 is this spec's inbox; live.spec only counts what it adds to it
const USER = DEMO_USERS.staff2;

const rows = (page: Page) => page.getByTestId('notification-item');

/** The center narrowed to one test's alerts by its tag, with the rows in the order shown. */
async function openTagged(page: Page, tag: string, count: number, tab = ''): Promise<Locator[]> {
  await page.goto(`/notifications?q=${tag}${tab ? `&tab=${tab}` : ''}`);
  await expect(rows(page)).toHaveCount(count);
  await hydrated(page);
  const ids = await rows(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-alert-id')!));
  return ids.map((id) => page.locator(`[data-testid="notification-item"][data-alert-id="${id}"]`));
}

/** As the demo admin, over the API: act on the alerts a tag finds, whoever they were sent to. */
async function adminActs(loggedInPage: (email: string) => Promise<Page>, tag: string, action: 'acknowledge' | 'resolve', count: number) {
  const admin = await loggedInPage(DEMO_USERS.admin);
  const list = (await (await admin.request.get(`/api/v1/alerts?scope=all&q=${tag}&page_size=10`)).json()) as { alerts: { id: number }[] };
  const ids = list.alerts.map((a) => a.id).slice(0, count);
  expect(ids).toHaveLength(count);
  for (const id of ids) {
    const res = await admin.request.post(`/api/v1/alerts/${id}/${action}`, { data: {}, headers: { origin: E2E_BASE_URL } });
    expect(res.status()).toBe(200);
  }
  await admin.context().close();
  return ids;
}

test.describe('triage in the notification center', () => {
  let token: string;
  test.beforeEach(async ({ loggedInPage }) => {
    token ??= await ingestToken(loggedInPage);
  });

  test('bulk snooze, then Undo ends it; the Snoozed tab holds what waits', async ({ loggedInPage, api }, testInfo) => {
    const tag = uniqueTag('SNOOZE');
    await raiseComplaintAlerts(api, token, { tag, count: 3, assignee: USER });
    const page = await loggedInPage(USER);
    const [a, b, c] = await openTagged(page, tag, 3);
    await clickAndSettle(page, c!.getByTestId('mark-read'), '/read');
    const before = await unreadCount(page);

    await page.getByTestId('select-all').check();
    await expect(page.getByTestId('bulk-bar')).toContainText('3');
    await page.getByTestId('bulk-snooze').click();
    await clickAndSettle(page, page.getByTestId('snooze-option-60'), '/bulk');
    for (const row of [a, b, c]) await expect(row!).toHaveAttribute('data-snoozed', 'true');
    await expect.poll(() => unreadCount(page)).toBe(before - 2);
    const notice = page.getByTestId('action-notice');
    await expect(notice).toContainText('3 snoozed for 1 hour');
    await screen(page, testInfo, 'bulk-snooze-undo-1280');
    // on a phone the notice sits at the bottom, whole, and the rows' bulk bar still fits
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(notice).toBeInViewport({ ratio: 1 });
    await screen(page, testInfo, 'bulk-snooze-undo-390');
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.getByTestId('tab-snoozed').click();
    await expect(page).toHaveURL(/tab=snoozed/);
    await expect(rows(page)).toHaveCount(3);

    // Undo: the snooze ends, and what was unread before is unread again (c was read)
    const undone = page.waitForResponse((r) => r.url().includes('/bulk') && r.request().method() === 'POST');
    await notice.getByTestId('notice-undo').click();
    expect((await undone).ok()).toBe(true);
    await expect(rows(page)).toHaveCount(0);
    await expect(page.getByTestId('empty-state')).toBeVisible();
    await expect.poll(() => unreadCount(page)).toBe(before);

    await openTagged(page, tag, 3);
    for (const row of [a, b, c]) await expect(row!).toHaveAttribute('data-snoozed', 'false');
    await expect(a!).toHaveAttribute('data-read', 'false');
    await expect(b!).toHaveAttribute('data-read', 'false');
    await expect(c!).toHaveAttribute('data-read', 'true');

    // one row snoozed from its own menu lands in the Snoozed tab, and stays there after a reload
    await b!.getByTestId('snooze-button').click();
    await clickAndSettle(page, page.getByTestId('snooze-option-until-resolved'), '/snooze');
    await openTagged(page, tag, 1, 'snoozed');
    await expect(b!.getByTestId('snoozed-chip')).toContainText('until resolved');
  });

  test('bulk resolve asks once, then resolves for everyone', async ({ loggedInPage, api }, testInfo) => {
    const tag = uniqueTag('RESOLVE');
    await raiseComplaintAlerts(api, token, { tag, count: 3, assignee: USER });
    const page = await loggedInPage(USER);
    const [a, b, c] = await openTagged(page, tag, 3);
    const before = await unreadCount(page);

    await a!.getByTestId('select-checkbox').check();
    await b!.getByTestId('select-checkbox').check();
    await page.getByTestId('bulk-resolve').click();
    await expect(page.getByTestId('bulk-resolve-confirm')).toContainText('Resolve 2 for everyone?');
    await screen(page, testInfo, 'bulk-resolve-confirm-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByTestId('bulk-resolve-confirm-button')).toBeInViewport({ ratio: 1 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('bulk-bar')).toContainText('2');
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
    await screen(page, testInfo, 'bulk-bar-390');
    await page.getByTestId('bulk-resolve').click();
    await clickAndSettle(page, page.getByTestId('bulk-resolve-confirm-button'), '/bulk');
    await expect(a!).toHaveAttribute('data-status', 'resolved');
    await expect(b!).toHaveAttribute('data-status', 'resolved');
    await expect(c!).toHaveAttribute('data-status', 'firing');
    await expect(page.getByTestId('action-notice')).toContainText('2 alerts resolved');
    // resolved alerts need nobody: they leave the bell's count
    await expect.poll(() => unreadCount(page)).toBe(before - 2);

    // whoever resolves has seen it: no "resolved before you saw it" for them
    await page.reload();
    await expect(a!).toHaveAttribute('data-status', 'resolved');
    await expect(a!).toHaveAttribute('data-read', 'true');
    await expect(a!.getByTestId('resolved-unseen')).toHaveCount(0);
  });

  test('an alert resolved before it was read says so, in the center and the bell, and is not counted', async ({ loggedInPage, api }, testInfo) => {
    const tag = uniqueTag('MISSED');
    await raiseComplaintAlerts(api, token, { tag, count: 2, assignee: USER });
    const page = await loggedInPage(USER);
    await openTagged(page, tag, 2);
    const before = await unreadCount(page);

    const [resolvedId] = await adminActs(loggedInPage, tag, 'resolve', 1);
    const missed = page.locator(`[data-testid="notification-item"][data-alert-id="${resolvedId}"]`);
    await page.reload();
    await expect(missed).toHaveAttribute('data-read', 'false');
    await expect(missed).toHaveAttribute('data-status', 'resolved');
    await expect(missed.getByTestId('resolved-unseen')).toHaveText('Resolved before you saw it');
    await expect.poll(() => unreadCount(page)).toBe(before - 1);

    // the Unread tab is what needs someone: the resolved one is not in it
    await openTagged(page, tag, 1, 'unread');
    await expect(missed).toHaveCount(0);

    await page.getByTestId('notification-bell').click();
    const item = page.locator(`[data-testid="bell-item"][href="/alerts/${resolvedId}"]`);
    // the popover shows the latest five; this spec's alerts are the newest in this inbox
    await expect(item).toContainText('Resolved before you saw it');
    await screen(page, testInfo, 'bell-resolved-unseen-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(item).toBeInViewport();
    await screen(page, testInfo, 'bell-resolved-unseen-390');
  });

  test('a row names who acknowledged it; buttons wait while a change is on its way', async ({ loggedInPage, api }) => {
    const tag = uniqueTag('ACKBY');
    await raiseComplaintAlerts(api, token, { tag, count: 2, assignee: USER });
    const [ackedId] = await adminActs(loggedInPage, tag, 'acknowledge', 1);
    const page = await loggedInPage(USER);
    const [first, second] = await openTagged(page, tag, 2);
    const acked = page.locator(`[data-testid="notification-item"][data-alert-id="${ackedId}"]`);
    await expect(acked.getByTestId('acknowledged-by')).toContainText('acknowledged by Ada Admin');
    const other = (await first!.getAttribute('data-alert-id')) === String(ackedId) ? second! : first!;
    await expect(other.getByTestId('acknowledged-by')).toHaveCount(0);

    // the read is held on its way: the row shows it is pending and takes no second click
    const release = await holdRequests(page, (url) => /\/api\/v1\/alerts\/\d+\/read$/.test(url.pathname));
    await other.getByTestId('mark-read').click();
    await expect(other).toHaveAttribute('data-read', 'true');
    await expect(other).toHaveAttribute('aria-busy', 'true');
    await expect(other.getByTestId('mark-unread')).toHaveAttribute('aria-disabled', 'true');
    await expect(other.getByTestId('dismiss-button')).toHaveAttribute('aria-disabled', 'true');
    const landed = page.waitForResponse((r) => /\/read$/.test(r.url()));
    release();
    expect((await landed).ok()).toBe(true);
    await expect(other).not.toHaveAttribute('aria-busy', 'true');
    await expect(other.getByTestId('mark-unread')).not.toHaveAttribute('aria-disabled', 'true');

    // on the detail page too: acknowledging shows it is on its way until the server answers
    const otherId = await other.getAttribute('data-alert-id');
    await page.goto(`/alerts/${otherId}`);
    await hydrated(page);
    const releaseAck = await holdRequests(page, (url) => url.pathname.endsWith('/acknowledge'));
    await page.getByTestId('ack-button').click();
    await expect(page.getByTestId('ack-button')).toHaveText('Acknowledging…');
    await expect(page.getByTestId('ack-button')).toHaveAttribute('aria-disabled', 'true');
    await expect(page.getByTestId('dismiss-button')).toHaveAttribute('aria-disabled', 'true');
    releaseAck();
    await expect(page.getByTestId('ack-button')).toHaveText('Acknowledged');
    await expect(page.getByTestId('alert-summary')).toContainText('Riley Staff');
  });
});
