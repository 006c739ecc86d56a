import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { DEMO_USERS, E2E_BASE_URL, expect, holdRequests, hydrated, ingestToken, screen, submitLogin, test, uniqueTag, type ApiClient } from '../fixtures';

const RANK = { info: 1, warning: 2, error: 3, critical: 4 } as const;

/** A full-page screenshot at a width: attached to the report and kept in test-results/screens/. */
async function screenshot(page: Page, testInfo: TestInfo, name: string, width: number, focus?: Locator) {
  await page.setViewportSize({ width, height: 900 });
  // the layout settles after a resize before the picture is taken
  await expect(page.getByTestId('team-view')).toBeVisible();
  if (focus) await focus.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  else await page.evaluate(() => window.scrollTo(0, 0));
  const dir = path.join('test-results', 'screens');
  mkdirSync(dir, { recursive: true });
  // the first screenful as a person sees it, and the whole page
  const first = await page.screenshot({ path: path.join(dir, `${name}-${width}.png`) });
  const whole = await page.screenshot({ path: path.join(dir, `${name}-${width}-full.png`), fullPage: true });
  await testInfo.attach(`${name} @ ${width}px`, { body: first, contentType: 'image/png' });
  await testInfo.attach(`${name} @ ${width}px, full page`, { body: whole, contentType: 'image/png' });
}

/** A critical complaint that is also escalated: two alerts about one complaint (critical for its assignee, error for their manager). */
async function escalatedCriticalComplaint(api: ApiClient, token: string, reference: string, title: string) {
  const res = await api.post(
    '/api/v1/events',
    {
      type: 'complaint.created',
      complaint: {
        reference,
        title,
        priority: 'critical',
        status: 'escalated',
        customer_name: 'E2E Customer',
        assignee_email: DEMO_USERS.staff1,
        response_due_at: new Date(Date.now() + 20 * 60_000).toISOString(),
        resolution_due_at: new Date(Date.now() + 4 * 3_600_000).toISOString(),
      },
    },
    { token },
  );
  expect(res.status(), await res.text()).toBe(200);
}

const groupOf = (page: Page, reference: string): Locator =>
  page.getByTestId('team-group').filter({ has: page.getByTestId('group-label').filter({ hasText: reference }) });

/** The complaint's row, paging on ("Show more") while it is not shown yet: a new alert sorts after older ones of its severity. */
async function findGroup(page: Page, reference: string): Promise<Locator> {
  const row = groupOf(page, reference);
  for (let i = 0; i < 20 && (await row.count()) === 0; i++) {
    const more = page.getByTestId('team-load-more');
    if ((await more.count()) === 0) break;
    const shown = await page.getByTestId('team-group').count();
    await more.click();
    await expect.poll(() => page.getByTestId('team-group').count()).toBeGreaterThan(shown);
  }
  return row;
}

test.describe('team view', () => {
  test('the manager lands on /, sees their reports’ open alerts grouped by complaint, worst first, and a staff acknowledgement arrives live', async ({
    browser,
    loggedInPage,
    api,
  }, testInfo) => {
    const token = await ingestToken(loggedInPage);
    const reference = uniqueTag('TEAM');
    await escalatedCriticalComplaint(api, token, reference, 'Invoice charged twice');

    const context = await browser.newContext({ baseURL: E2E_BASE_URL, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await submitLogin(page, DEMO_USERS.manager);
    await expect(page).toHaveURL(`${E2E_BASE_URL}/`);
    await hydrated(page);
    await expect(page.getByRole('heading', { name: 'Your team’s open alerts' })).toBeVisible();

    // one row for the complaint, both of its alerts folded in, worst (critical) first
    const row = await findGroup(page, reference);
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('data-severity', 'critical');
    await expect(row.getByTestId('group-label')).toHaveText(`${reference} · Invoice charged twice`);
    await expect(row.getByTestId('group-owner')).toHaveText('Sam Staff');
    await expect(row.getByTestId('group-acked')).toHaveText('Not yet');
    await expect(row.getByTestId('group-sla')).toContainText('At risk');
    await expect(row.getByTestId('group-sla')).toContainText(/response in (19|20) min/);
    await row.getByTestId('group-toggle').click();
    await expect(row.getByTestId('group-toggle')).toHaveAttribute('aria-expanded', 'true');
    const alerts = row.getByTestId('team-alert');
    await expect(alerts).toHaveCount(2);
    await expect(alerts.first()).toContainText('Critical complaint');
    await expect(alerts.nth(1)).toContainText('Escalated');

    // the whole list: worst severity first, and no resource twice
    const rows = await page.getByTestId('team-group').evaluateAll((els) =>
      els.map((e) => ({ severity: e.getAttribute('data-severity') as keyof typeof RANK, key: `${e.getAttribute('data-resource-type')}:${e.getAttribute('data-resource-id')}` })),
    );
    expect(rows.length).toBeGreaterThan(1);
    const ranks = rows.map((r) => RANK[r.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);

    // keyboard: j and k move focus from row to row, Enter folds the alerts away again
    const rowKey = `complaint:${await row.getAttribute('data-resource-id')}`;
    const at = rows.findIndex((r) => r.key === rowKey);
    await row.focus();
    if (at < rows.length - 1) {
      await page.keyboard.press('j');
      await expect(page.getByTestId('team-group').nth(at + 1)).toBeFocused();
      await page.keyboard.press('k');
    }
    await expect(row).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(row.getByTestId('group-toggle')).toHaveAttribute('aria-expanded', 'false');
    await row.getByTestId('group-toggle').click();

    await screenshot(page, testInfo, 'team-view', 1280);
    await screenshot(page, testInfo, 'team-view', 390);
    await page.setViewportSize({ width: 1280, height: 900 });

    // staff1, in another browser, acknowledges from their own open alerts
    await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
    await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));
    const staff = await loggedInPage(DEMO_USERS.staff1);
    await staff.getByRole('link', { name: 'Open alerts' }).click();
    await expect(staff).toHaveURL(`${E2E_BASE_URL}/`);
    await expect(staff.getByRole('heading', { name: 'Your open alerts' })).toBeVisible();
    await hydrated(staff);
    const theirs = await findGroup(staff, reference);
    // the escalation went to the manager only: staff1 holds the critical alert
    await expect(theirs.getByTestId('group-toggle')).toHaveText(/1 alert/);
    // staff take complaints, they do not hand them on: no assign menu
    await expect(theirs.getByTestId('group-assign-menu')).toHaveCount(0);
    const acked = staff.waitForResponse((r) => r.url().includes('/acknowledge') && r.request().method() === 'POST');
    await theirs.getByTestId('group-ack').click();
    expect((await acked).status()).toBe(200);
    await expect(theirs.getByTestId('group-acked')).toContainText('Sam Staff');

    // the manager's row shows who and when, without a reload
    await expect(row.getByTestId('group-acked')).toContainText('Sam Staff · just now');
    await expect(row.getByTestId('group-acked')).toContainText('(1 of 2)');
    await expect(alerts.first()).toContainText('acknowledged by Sam Staff');
    expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
    await screenshot(page, testInfo, 'team-view-acknowledged', 1280, row);
    await screenshot(page, testInfo, 'team-view-acknowledged', 390, row);

    // the manager takes the complaint from the row: "Me" in the assign menu
    await page.setViewportSize({ width: 1280, height: 900 });
    await row.getByTestId('group-assign-menu').click();
    await row.getByRole('menuitemradio', { name: /^Me/ }).click();
    await expect(row.getByTestId('group-owner')).toHaveText('Morgan Manager (you)');
    await expect(row.getByTestId('group-assign')).toHaveCount(0);
    // and can still hand it on: the menu stays, ticking the new owner
    await row.getByTestId('group-assign-menu').click();
    await expect(row.getByRole('menuitemradio', { name: /^Me/ })).toHaveAttribute('aria-checked', 'true');
    await page.keyboard.press('Escape');
    await expect(row.getByRole('menu')).toHaveCount(0);
    await context.close();
  });

  test('a manager assigns a complaint to one of their people from the row, by keyboard; an admin sees the new owner live', async ({
    browser,
    loggedInPage,
    api,
  }, testInfo) => {
    const token = await ingestToken(loggedInPage);
    const reference = uniqueTag('HAND');
    await escalatedCriticalComplaint(api, token, reference, 'Heating off in room 12');

    // the admin watches in their own browser
    const admin = await loggedInPage(DEMO_USERS.admin);
    await admin.goto('/');
    await hydrated(admin);
    const watched = await findGroup(admin, reference);
    await expect(watched.getByTestId('group-owner')).toHaveText('Sam Staff');
    await expect(admin.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
    await admin.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));

    const context = await browser.newContext({ baseURL: E2E_BASE_URL, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await submitLogin(page, DEMO_USERS.manager);
    await expect(page).toHaveURL(`${E2E_BASE_URL}/`);
    await hydrated(page);
    const row = await findGroup(page, reference);
    await expect(row.getByTestId('group-owner')).toHaveText('Sam Staff');

    // the menu: Me, then the manager's people by name, the owner ticked; nobody from outside the team
    const trigger = row.getByTestId('group-assign-menu');
    await expect(trigger).toHaveAttribute('aria-haspopup', 'menu');
    await trigger.focus();
    await page.keyboard.press('Enter');
    const menu = row.getByRole('menu', { name: `Assign ${reference} · Heating off in room 12 to` });
    await expect(menu).toBeVisible();
    await expect(trigger).toHaveAttribute('aria-expanded', 'true');
    const options = menu.getByRole('menuitemradio');
    await expect(options.first()).toHaveAccessibleName('Me (Morgan Manager)');
    const names = await options.evaluateAll((els) => els.slice(1).map((e) => e.getAttribute('data-name')));
    expect(names).toEqual(expect.arrayContaining(['Jordan Staff', 'Riley Staff', 'Sam Staff']));
    expect(names).toEqual([...names].sort((a, b) => a!.localeCompare(b!)));
    await expect(menu.getByRole('menuitemradio', { name: 'Sam Staff' })).toHaveAttribute('aria-checked', 'true');
    await expect(menu).not.toContainText('Ada Admin');
    await row.scrollIntoViewIfNeeded();
    await screen(page, testInfo, 'team-assign-menu-1280');

    // Escape closes it back to the button; at 390 px the menu still fits the screen
    await page.keyboard.press('Escape');
    await expect(menu).toHaveCount(0);
    await expect(trigger).toBeFocused();
    await page.setViewportSize({ width: 390, height: 844 });
    await row.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await trigger.click();
    await expect(menu).toBeVisible();
    const box = (await menu.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await screen(page, testInfo, 'team-assign-menu-390');
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1280, height: 900 });

    // keyboard only: open, type-ahead to Riley, Enter; the row changes at once, then the server agrees
    await trigger.focus();
    await page.keyboard.press('Enter');
    await expect(menu).toBeVisible();
    await page.keyboard.press('r');
    await expect(menu.getByRole('menuitemradio', { name: 'Riley Staff' })).toBeFocused();
    // a slow network: the row shows the new owner and that it is on its way until the server answers
    const release = await holdRequests(page, (url) => url.pathname.endsWith('/assign'));
    const assigned = page.waitForResponse((r) => r.url().includes('/assign') && r.request().method() === 'POST');
    await page.keyboard.press('Enter');
    await expect(row.getByTestId('group-owner')).toHaveText('Riley Staff');
    await expect(row).toHaveAttribute('data-pending', 'assign');
    await expect(trigger).toHaveText(/Assigning…/);
    await expect(trigger).toBeDisabled();
    release();
    const res = await assigned;
    await expect(row).not.toHaveAttribute('data-pending', 'assign');
    expect(res.status()).toBe(200);
    expect(res.request().postDataJSON()).toEqual({ assignee_id: expect.any(Number) });
    expect(await res.json()).toMatchObject({ assignee: { name: 'Riley Staff' }, changed: true });
    await expect(trigger).toHaveText(/Assign/);
    await expect(row.getByTestId('group-failure')).toHaveCount(0);

    // the admin's view follows without a reload
    await expect(watched.getByTestId('group-owner')).toHaveText('Riley Staff');
    expect(await admin.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
    await context.close();
  });

  test('an assignment the server refuses says why on the row and puts the owner back', async ({ browser, loggedInPage, api }) => {
    const token = await ingestToken(loggedInPage);
    const reference = uniqueTag('REFUSE');
    await escalatedCriticalComplaint(api, token, reference, 'Leak under the sink');

    // two new people in the manager's team, made by the admin
    const admin = await loggedInPage(DEMO_USERS.admin);
    const asAdmin = { headers: { origin: E2E_BASE_URL } };
    const found = await admin.request.get(`/api/v1/admin/users?q=${encodeURIComponent(DEMO_USERS.manager)}`);
    const managerId = ((await found.json()) as { users: { id: number }[] }).users[0]!.id;
    const tag = uniqueTag('');
    const person = async (name: string) => {
      const res = await admin.request.post('/api/v1/admin/users', {
        ...asAdmin,
        data: { email: `${name.split(' ')[0]!.toLowerCase()}-${tag.toLowerCase()}@e2e.local`, name: `${name} ${tag}`, role: 'staff', manager_id: managerId },
      });
      expect(res.status(), await res.text()).toBe(201);
      return ((await res.json()) as { user: { id: number; name: string } }).user;
    };
    const mover = await person('Mo Mover');
    const leaver = await person('Lee Leaver');

    const context = await browser.newContext({ baseURL: E2E_BASE_URL, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await submitLogin(page, DEMO_USERS.manager);
    await hydrated(page);
    const row = await findGroup(page, reference);
    const trigger = row.getByTestId('group-assign-menu');
    await trigger.click();
    await expect(row.getByRole('menuitemradio', { name: mover.name })).toBeVisible();
    await expect(row.getByRole('menuitemradio', { name: leaver.name })).toBeVisible();
    await page.keyboard.press('Escape');

    const pick = async (name: string, status: number) => {
      await trigger.click();
      const answered = page.waitForResponse((r) => r.url().includes('/assign') && r.request().method() === 'POST');
      await row.getByRole('menuitemradio', { name }).click();
      expect((await answered).status()).toBe(status);
    };

    // meanwhile one of them leaves: 422, said with their name; the owner is put back
    expect((await admin.request.patch(`/api/v1/admin/users/${leaver.id}`, { ...asAdmin, data: { active: false } })).status()).toBe(200);
    await pick(leaver.name, 422);
    await expect(row.getByTestId('group-failure')).toHaveText(new RegExp(`^${leaver.name} is no longer active: pick someone else\\.`));
    await expect(row.getByTestId('group-owner')).toHaveText('Sam Staff');
    // the menu has caught up: the leaver is gone from it
    await trigger.click();
    await expect(row.getByRole('menuitemradio', { name: mover.name })).toBeVisible();
    await expect(row.getByRole('menuitemradio', { name: leaver.name })).toHaveCount(0);
    await page.keyboard.press('Escape');

    // the other moves to another team: 403, in words
    expect((await admin.request.patch(`/api/v1/admin/users/${mover.id}`, { ...asAdmin, data: { manager_id: null } })).status()).toBe(200);
    await pick(mover.name, 403);
    await expect(row.getByTestId('group-failure')).toHaveText(new RegExp(`^You can’t assign it to ${mover.name}: only to yourself or someone in your team\\.`));
    await expect(row.getByTestId('group-owner')).toHaveText('Sam Staff');
    await trigger.click();
    await expect(row.getByRole('menuitemradio', { name: mover.name })).toHaveCount(0);
    await page.keyboard.press('Escape');
    await context.close();
  });

  test('an action someone else got to first says so in words, and the row shows the truth', async ({ browser, loggedInPage, api }) => {
    const token = await ingestToken(loggedInPage);
    const reference = uniqueTag('RACE');
    await escalatedCriticalComplaint(api, token, reference, 'Boiler leaking');

    // the manager's page hears nothing live: it still shows both alerts firing when staff1 acts
    const context = await browser.newContext({ baseURL: E2E_BASE_URL, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.route('**/api/v1/alerts/stream', (route) => route.abort());
    await submitLogin(page, DEMO_USERS.manager);
    await expect(page).toHaveURL(`${E2E_BASE_URL}/`);
    await hydrated(page);
    const row = await findGroup(page, reference);
    await expect(row.getByTestId('group-ack')).toHaveText('Acknowledge 2');

    const staff = await loggedInPage(DEMO_USERS.staff1);
    await staff.goto('/');
    await hydrated(staff);
    const theirs = await findGroup(staff, reference);
    const acked = staff.waitForResponse((r) => r.url().includes('/acknowledge') && r.request().method() === 'POST');
    await theirs.getByTestId('group-ack').click();
    expect((await acked).status()).toBe(200);

    await row.getByTestId('group-ack').click();
    await expect(row.getByTestId('group-failure')).toHaveText(/Already acknowledged by Sam Staff\./);
    // the escalation, which nobody had taken, is acknowledged by the manager; the refetch shows both
    await expect(row.getByTestId('group-acked')).toContainText(/Sam Staff|Morgan Manager/);
    await expect(row.getByTestId('group-ack')).toHaveCount(0);
    await context.close();
  });

  test('filters live in the URL; a filter that matches nothing says so', async ({ loggedInPage }) => {
    const page = await loggedInPage(DEMO_USERS.manager);
    await page.goto('/?severity=critical');
    await hydrated(page);
    await expect(page.getByTestId('team-filter-severity')).toHaveValue('critical');
    for (const severity of await page.getByTestId('team-group').evaluateAll((els) => els.map((e) => e.getAttribute('data-severity')))) {
      expect(severity).toBe('critical');
    }
    await page.getByTestId('team-filter-owner').selectOption({ label: 'Unowned' });
    await expect(page).toHaveURL(/[?&]unowned=true/);
    await expect(page).toHaveURL(/[?&]severity=critical/);
    await page.getByTestId('team-filter-type').selectOption('daily_summary');
    await expect(page).toHaveURL(/[?&]alert_type=daily_summary/);
    await expect(page.getByTestId('team-empty')).toContainText('No open alerts match these filters');
    await page.getByTestId('team-clear-filters').click();
    await expect(page).toHaveURL(`${E2E_BASE_URL}/`);
    await expect(page.getByTestId('team-group').first()).toBeVisible();
  });

  test('staff keep landing on /notifications', async ({ page }) => {
    await submitLogin(page, DEMO_USERS.staff2);
    await expect(page).toHaveURL(`${E2E_BASE_URL}/notifications`);
  });
});
