import type { Locator, Page, TestInfo } from '@playwright/test';
import { clickAndSettle, DEMO_USERS, expect, hydrated, ingestToken, raiseComplaintAlerts, test, uniqueTag, unreadCount } from '../fixtures';

// staff3 is this spec's own inbox (bell.spec and live.spec use staff1 and staff2)
const USER = DEMO_USERS.staff3;

const rows = (page: Page) => page.getByTestId('notification-item');
const bell = (page: Page) => page.getByTestId('notification-bell').getByTestId('unread-count');

/** The center narrowed to one test's alerts by its tag, with the rows in the order shown. */
async function openTagged(page: Page, tag: string, count: number): Promise<Locator[]> {
  await page.goto(`/notifications?q=${tag}`);
  await expect(rows(page)).toHaveCount(count);
  await hydrated(page);
  const ids = await rows(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-alert-id')!));
  return ids.map((id) => page.locator(`[data-testid="notification-item"][data-alert-id="${id}"]`));
}

async function saveScreenshot(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

test.describe('notification center', () => {
  let token: string;
  test.beforeEach(async ({ loggedInPage }) => {
    token ??= await ingestToken(loggedInPage);
  });

  test('read, acknowledge, snooze and bulk dismiss by mouse', async ({ loggedInPage, api }) => {
    const tag = uniqueTag('MOUSE');
    await raiseComplaintAlerts(api, token, { tag, count: 4, assignee: USER });
    const page = await loggedInPage(USER);
    const [a, b, c, d] = await openTagged(page, tag, 4);
    const before = await unreadCount(page);

    await clickAndSettle(page, a!.getByTestId('mark-read'), '/read');
    await expect(a!).toHaveAttribute('data-read', 'true');
    await expect(bell(page)).toHaveText(String(before - 1));

    await clickAndSettle(page, b!.getByTestId('ack-button'), '/acknowledge');
    await expect(b!).toHaveAttribute('data-status', 'acknowledged');
    // whoever acknowledges has seen it
    await expect(b!).toHaveAttribute('data-read', 'true');
    await expect(bell(page)).toHaveText(String(before - 2));

    await c!.getByTestId('snooze-button').click();
    await clickAndSettle(page, page.getByTestId('snooze-option-15'), '/snooze');
    await expect(c!).toHaveAttribute('data-snoozed', 'true');
    await expect(c!.getByTestId('snoozed-chip')).toBeVisible();
    await expect(bell(page)).toHaveText(String(before - 3));

    await d!.getByTestId('select-checkbox').check();
    await a!.getByTestId('select-checkbox').check();
    await expect(page.getByTestId('bulk-bar')).toContainText('2');
    await clickAndSettle(page, page.getByTestId('bulk-dismiss'), '/bulk');
    await expect(rows(page)).toHaveCount(2);
    await expect(page.getByTestId('bulk-bar')).toHaveCount(0);
    await expect(bell(page)).toHaveText(String(before - 4));

    // the server agrees: after a reload everything is as left
    await page.reload();
    await expect(rows(page)).toHaveCount(2);
    await expect(b!).toHaveAttribute('data-status', 'acknowledged');
    await expect(c!).toHaveAttribute('data-snoozed', 'true');
    await expect.poll(() => unreadCount(page)).toBe(before - 4);
    await page.getByTestId('tab-dismissed').click();
    await expect(rows(page)).toHaveCount(2);
    await expect(d!).toBeVisible();
  });

  test('the same by keyboard: j/k, r, a, s, x and e on the selection, ? for help', async ({ loggedInPage, api }) => {
    const tag = uniqueTag('KEYS');
    await raiseComplaintAlerts(api, token, { tag, count: 4, assignee: USER });
    const page = await loggedInPage(USER);
    const [first, second, third, fourth] = await openTagged(page, tag, 4);
    const before = await unreadCount(page);

    await page.keyboard.press('j');
    await expect(first!).toBeFocused();
    await page.keyboard.press('r');
    await expect(first!).toHaveAttribute('data-read', 'true');
    await expect(bell(page)).toHaveText(String(before - 1));

    await page.keyboard.press('j');
    await expect(second!).toBeFocused();
    await page.keyboard.press('a');
    await expect(second!).toHaveAttribute('data-status', 'acknowledged');
    await expect(bell(page)).toHaveText(String(before - 2));

    await page.keyboard.press('j');
    await page.keyboard.press('s');
    await expect(third!).toHaveAttribute('data-snoozed', 'true');
    await expect(bell(page)).toHaveText(String(before - 3));

    await page.keyboard.press('k');
    await expect(second!).toBeFocused();
    await page.keyboard.press('r'); // read → unread again
    await expect(second!).toHaveAttribute('data-read', 'false');
    await expect(bell(page)).toHaveText(String(before - 2));

    // x selects; e then dismisses the whole selection
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect(fourth!).toBeFocused();
    await page.keyboard.press('x');
    await expect(page.getByTestId('bulk-bar')).toContainText('2');
    await expect(fourth!.getByTestId('select-checkbox')).toBeChecked();
    await page.keyboard.press('e');
    await expect(rows(page)).toHaveCount(2);
    await expect(bell(page)).toHaveText(String(before - 4));
    // focus stays in the list, on the row that took the dismissed one's place
    await expect(page.locator('[data-testid="notification-item"]:focus')).toHaveCount(1);

    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts-help')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcuts-help')).toBeHidden();

    // / selects the search text; keys typed there are text, not shortcuts
    await page.keyboard.press('/');
    await expect(page.getByTestId('search-input')).toBeFocused();
    await page.keyboard.type('rex');
    await expect(page.getByTestId('search-input')).toHaveValue('rex');
    await expect(bell(page)).toHaveText(String(before - 4));

    await page.goto(`/notifications?q=${tag}`);
    await expect(rows(page)).toHaveCount(2);
    await expect(first!).toHaveAttribute('data-read', 'true');
    await expect.poll(() => unreadCount(page)).toBe(before - 4);

    // Enter (or o) on a row opens it
    await hydrated(page);
    await page.keyboard.press('j');
    await expect(first!).toBeFocused();
    const id = await first!.getAttribute('data-alert-id');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/alerts/${id}$`));
    await expect(page.getByTestId('alert-title')).toContainText(tag);
  });

  test('tabs, filters and search live in the URL: reload and Back/Forward keep them', async ({ loggedInPage }) => {
    const page = await loggedInPage(USER);
    await hydrated(page);
    await page.getByTestId('tab-unread').click();
    await expect(page).toHaveURL(/[?&]tab=unread/);
    await expect(page.getByTestId('tab-unread')).toHaveAttribute('aria-selected', 'true');
    // the previous tab's rows stay on screen (no layout jump) until the unread page arrives
    await expect
      .poll(async () => (await rows(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-read')))).every((r) => r === 'false'))
      .toBe(true);

    await page.getByTestId('severity-filter').selectOption('critical');
    await expect(page).toHaveURL(/severity=critical/);
    await expect
      .poll(async () => (await rows(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-severity')))).every((v) => v === 'critical'))
      .toBe(true);

    await page.getByTestId('tab-all').click();
    await page.getByTestId('search-input').fill('SLA breached');
    await expect(page).toHaveURL(/q=SLA(\+|%20)breached/);
    await expect(page).not.toHaveURL(/tab=/);
    // the previous view's rows stay on screen until the search answers: count once every row matches it
    await expect
      .poll(async () => (await rows(page).allInnerTexts()).every((t) => /SLA breached/i.test(t)))
      .toBe(true);
    await expect(page.getByRole('feed')).toHaveAttribute('aria-busy', 'false');
    const matching = await rows(page).count();

    await page.reload();
    await hydrated(page);
    await expect(page.getByTestId('search-input')).toHaveValue('SLA breached');
    await expect(page.getByTestId('tab-all')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('severity-filter')).toHaveValue('critical');
    await expect(rows(page)).toHaveCount(matching);

    await page.goBack();
    await expect(page).toHaveURL(/tab=unread&severity=critical$/);
    await expect(page.getByTestId('tab-unread')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('search-input')).toHaveValue('');
    await page.goForward();
    await expect(page.getByTestId('tab-all')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('search-input')).toHaveValue('SLA breached');

    await page.getByTestId('search-input').fill('no-such-alert-anywhere');
    await expect(page.getByTestId('empty-state')).toContainText('No matches');
    await page.getByTestId('clear-filters').click();
    await expect(page).toHaveURL(/\/notifications$/);
  });

  test('at 390 px every row action is reachable and nothing scrolls sideways', async ({ loggedInPage, api }, testInfo) => {
    const tag = uniqueTag('NARROW');
    await raiseComplaintAlerts(api, token, { tag, count: 2, assignee: USER });
    const page = await loggedInPage(USER);

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/notifications');
    await expect(rows(page).first()).toBeVisible();
    await saveScreenshot(page, testInfo, 'center-1280');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(rows(page).first()).toBeVisible();
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
    await saveScreenshot(page, testInfo, 'center-390');

    const [row] = await openTagged(page, tag, 2);
    for (const id of ['select-checkbox', 'mark-read', 'ack-button', 'snooze-button', 'dismiss-button']) {
      const box = await row!.getByTestId(id).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.x, id).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, id).toBeLessThanOrEqual(390);
    }
    await row!.getByTestId('snooze-button').click();
    const menu = await page.getByRole('menu').boundingBox();
    expect(menu!.x).toBeGreaterThanOrEqual(0);
    expect(menu!.x + menu!.width).toBeLessThanOrEqual(390);
    await page.keyboard.press('Escape');

    const before = await unreadCount(page);
    await row!.getByTestId('ack-button').click();
    await expect(row!).toHaveAttribute('data-status', 'acknowledged');
    await expect(bell(page)).toHaveText(String(before - 1));
    await row!.getByTestId('select-checkbox').check();
    const bar = await page.getByTestId('bulk-bar').boundingBox();
    expect(bar!.x + bar!.width).toBeLessThanOrEqual(390);
    await expect(page.getByTestId('bulk-dismiss')).toBeInViewport();
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
  });

  test('the bell: mark all read, and desktop notifications are opt-in and remembered', async ({ loggedInPage, api }) => {
    await raiseComplaintAlerts(api, token, { tag: uniqueTag('BELL'), count: 2, assignee: USER });
    const page = await loggedInPage(USER);
    await page.context().grantPermissions(['notifications']);
    await expect.poll(() => unreadCount(page)).toBeGreaterThanOrEqual(2);
    await hydrated(page);

    await page.getByTestId('notification-bell').click();
    await clickAndSettle(page, page.getByTestId('mark-all-read'), '/mark-all-read');
    // nothing unread: no badge at all
    await expect(bell(page)).toHaveCount(0);
    await expect(page.getByTestId('mark-all-read')).toBeDisabled();
    await expect(page.locator('[data-testid="notification-item"][data-read="false"]')).toHaveCount(0);

    const toggle = page.getByTestId('desktop-notifications-toggle');
    await expect(toggle).toHaveAttribute('aria-checked', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-checked', 'true');

    await page.reload();
    await expect.poll(() => unreadCount(page)).toBe(0);
    await hydrated(page);
    await page.getByTestId('notification-bell').click();
    await expect(page.getByTestId('desktop-notifications-toggle')).toHaveAttribute('aria-checked', 'true');
    await page.getByTestId('desktop-notifications-toggle').click();
    await expect(page.getByTestId('desktop-notifications-toggle')).toHaveAttribute('aria-checked', 'false');
  });

  test('the feed pages on over the keyset cursor as you scroll, and shift-click selects a range', async ({ loggedInPage, api }) => {
    const tag = uniqueTag('MANY');
    await raiseComplaintAlerts(api, token, { tag, count: 30, assignee: USER });
    const page = await loggedInPage(USER);
    await page.goto(`/notifications?q=${tag}`);
    await hydrated(page);
    await expect(rows(page)).toHaveCount(25);
    await expect(page.getByTestId('load-more')).toBeAttached();
    await rows(page).nth(24).scrollIntoViewIfNeeded();
    await expect(rows(page)).toHaveCount(30);
    await expect(page.getByTestId('load-more')).toHaveCount(0);
    const ids = await rows(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-alert-id')));
    expect(new Set(ids).size).toBe(30);

    const before = await unreadCount(page);
    await rows(page).nth(1).getByTestId('select-checkbox').click();
    await rows(page).nth(5).getByTestId('select-checkbox').click({ modifiers: ['Shift'] });
    await expect(page.getByTestId('bulk-bar')).toContainText('5');
    await page.getByTestId('bulk-read').click();
    await expect(bell(page)).toHaveText(String(before - 5));
    await expect(page.locator('[data-testid="notification-item"][data-read="true"]')).toHaveCount(5);
  });

  test('a feed that fails to load says so and retries', async ({ loggedInPage }) => {
    const page = await loggedInPage(USER);
    await hydrated(page);
    const list = (url: URL) => url.pathname === '/api/v1/alerts';
    await page.route(list, (route) =>
      route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Service Unavailable', status: 503, detail: 'The database is restarting' }) }),
    );
    await page.getByTestId('tab-resolved').click();
    await expect(page.getByTestId('error-state')).toContainText('The database is restarting', { timeout: 20_000 });
    await page.unroute(list);
    await page.getByTestId('retry').click();
    await expect(page.getByTestId('error-state')).toHaveCount(0);
    await expect(page.getByTestId('empty-state').or(rows(page).first())).toBeVisible();
  });

  test('a change the server refuses rolls back and says so; a dismiss can be undone', async ({ loggedInPage, api }) => {
    const tag = uniqueTag('UNDO');
    await raiseComplaintAlerts(api, token, { tag, count: 2, assignee: USER });
    const page = await loggedInPage(USER);
    const [first, second] = await openTagged(page, tag, 2);
    const before = await unreadCount(page);

    await page.route('**/api/v1/alerts/*/read', (route) =>
      route.fulfill({ status: 500, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Internal Server Error', status: 500 }) }),
    );
    await first!.getByTestId('mark-read').click();
    await expect(page.getByTestId('action-notice')).toHaveAttribute('data-tone', 'error');
    await expect(page.getByTestId('action-notice')).toContainText('undone');
    await expect(first!).toHaveAttribute('data-read', 'false');
    await expect(bell(page)).toHaveText(String(before));
    await page.unroute('**/api/v1/alerts/*/read');

    await second!.getByTestId('dismiss-button').click();
    await expect(rows(page)).toHaveCount(1);
    await expect(bell(page)).toHaveText(String(before - 1));
    await page.getByTestId('notice-undo').click();
    await expect(rows(page)).toHaveCount(2);
    await expect(second!).toHaveAttribute('data-read', 'false');
    await expect(bell(page)).toHaveText(String(before));
  });
});
