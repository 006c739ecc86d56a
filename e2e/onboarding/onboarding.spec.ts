import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { E2E_ONBOARDING_BASE_URL, hydrated, submitLogin } from '../fixtures';

/**
 * A real team's first day on a fresh, non-demo deployment: the setup link `npm start` printed
 * creates the first admin; the admin invites a manager and a staff member reporting to them; the
 * staff member sets a password through the invite, signs out and in again, and makes an API token
 * that works.
 */

const DATA_DIR = process.env.OPS_ALERTS_E2E_ONBOARDING_DATA_DIR!;
const SETUP_FILE = path.join(DATA_DIR ?? '', 'setup-url.txt');
const ADMIN = { email: 'ada@ops.example', name: 'Ada Admin', password: 'first admin password' };
const MANAGER = { email: 'mia@ops.example', name: 'Mia Manager' };
const STAFF = { email: 'sam@ops.example', name: 'Sam Staff', password: 'sams own password!' };
const SCREENS = path.join('test-results', 'screens');

/** A full-page screenshot at desktop and phone width, attached to the report and kept under test-results/screens. */
async function screens(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  for (const [width, height] of [
    [1280, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    // let the layout settle at the new width before the picture
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const body = await page.screenshot({ fullPage: true });
    await testInfo.attach(`${name}-${width}`, { body, contentType: 'image/png' });
    writeFileSync(path.join(SCREENS, `${name}-${width}.png`), body);
  }
  await page.setViewportSize(size);
}

/** Add a person at /admin/users and answer the invite link the page shows (and copies). */
async function addPerson(page: Page, who: { email: string; name: string; role: string; manager?: string }): Promise<string> {
  // the form stays open after one person, for the next
  if (await page.getByTestId('add-person').isVisible()) await page.getByTestId('add-person').click();
  await page.getByTestId('person-email').fill(who.email);
  await page.getByTestId('person-name').fill(who.name);
  await page.getByTestId('person-role').selectOption(who.role);
  if (who.manager) {
    const select = page.getByTestId('person-manager');
    await expect(select.locator('option', { hasText: who.manager })).toBeAttached();
    await select.selectOption({ label: who.manager });
  }
  await page.getByTestId('add-person-submit').click();
  const link = page.getByTestId('invite-link');
  await expect(link).toContainText(`Invite link for ${who.name}`);
  const url = await link.getByTestId('invite-url').inputValue();
  expect(url).toMatch(new RegExp(`^${E2E_ONBOARDING_BASE_URL}/invite/[A-Za-z0-9_-]{43}$`));
  await link.getByTestId('invite-url-copy').click();
  await expect(link.getByTestId('invite-url-copy')).toContainText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  return url;
}

test('a new team: first admin from the setup link, invites, a token that works', async ({ browser, request }, testInfo) => {
  test.setTimeout(180_000);

  // ── the first admin, from the link npm start wrote ──
  await expect.poll(() => existsSync(SETUP_FILE), { message: `${SETUP_FILE} written by npm start` }).toBe(true);
  const setupUrl = readFileSync(SETUP_FILE, 'utf8').trim();
  expect(setupUrl).toMatch(new RegExp(`^${E2E_ONBOARDING_BASE_URL}/setup\\?token=`));

  const adminContext = await browser.newContext({ baseURL: E2E_ONBOARDING_BASE_URL, permissions: ['clipboard-read', 'clipboard-write'] });
  const admin = await adminContext.newPage();
  await admin.goto(setupUrl);
  await expect(admin.getByRole('heading', { name: 'Set up Ops Alerts' })).toBeVisible();
  await hydrated(admin);
  await screens(admin, testInfo, 'setup');
  await admin.locator('#email').fill(ADMIN.email);
  await admin.locator('#name').fill(ADMIN.name);
  await admin.locator('#password').fill(ADMIN.password);
  await admin.locator('#confirm').fill(ADMIN.password);
  await admin.getByTestId('setup-submit').click();
  // admins land on the team view
  await expect(admin).toHaveURL((url) => url.pathname === '/');
  await expect(admin.getByTestId('viewer')).toContainText(ADMIN.name);
  // the link is used up: its file is gone and the page says so
  await expect.poll(() => existsSync(SETUP_FILE)).toBe(false);
  await admin.goto(setupUrl);
  await expect(admin.getByTestId('setup-done')).toBeVisible();

  // ── the admin invites a manager, and a staff member reporting to them ──
  await admin.goto('/admin/users');
  await hydrated(admin);
  await expect(admin.getByTestId('person-row')).toHaveCount(1);
  const managerLink = await addPerson(admin, { ...MANAGER, role: 'manager' });
  const staffLink = await addPerson(admin, { ...STAFF, role: 'staff', manager: MANAGER.name });
  expect(staffLink).not.toBe(managerLink);
  const staffRow = admin.locator(`[data-testid="person-row"][data-email="${STAFF.email}"]`);
  await expect(staffRow).toContainText(`Reports to ${MANAGER.name}`);
  await expect(staffRow.getByTestId('invite-status')).toHaveText('Invited');
  await screens(admin, testInfo, 'admin-users');

  // ── the staff member, in a browser of their own, accepts the invite ──
  const staffContext = await browser.newContext({ baseURL: E2E_ONBOARDING_BASE_URL, permissions: ['clipboard-read', 'clipboard-write'] });
  const staff = await staffContext.newPage();
  await staff.goto(staffLink);
  await expect(staff.getByRole('heading', { name: `Welcome, ${STAFF.name}` })).toBeVisible();
  await hydrated(staff);
  await expect(staff.getByTestId('invite-form')).toContainText(STAFF.email);
  await screens(staff, testInfo, 'invite');
  await staff.locator('#password').fill(STAFF.password);
  await staff.locator('#confirm').fill('not the same password');
  await staff.getByTestId('invite-submit').click();
  await expect(staff.locator('#confirm-error')).toHaveText('The two passwords differ');
  await staff.locator('#confirm').fill(STAFF.password);
  await staff.getByTestId('invite-submit').click();
  await expect(staff).toHaveURL(/\/notifications(?:[?#]|$)/);
  await expect(staff.getByTestId('viewer')).toContainText(STAFF.name);
  await expect(staff.getByTestId('viewer')).toContainText('Staff');

  // the link worked once
  const reuse = await staffContext.newPage();
  await reuse.goto(staffLink);
  await expect(reuse.getByTestId('invite-invalid')).toContainText('ask your admin');
  await reuse.close();

  // ── signs out, and in again with the new password ──
  await staff.getByRole('button', { name: 'Sign out' }).click();
  await expect(staff).toHaveURL(/\/login/);
  await submitLogin(staff, STAFF.email, STAFF.password);
  await expect(staff).toHaveURL(/\/notifications(?:[?#]|$)/);

  // ── makes an API token and uses it ──
  await staff.goto('/settings');
  await staff.getByTestId('tokens-link').click();
  await expect(staff).toHaveURL(/\/settings\/tokens$/);
  await hydrated(staff);
  await expect(staff.getByTestId('tokens-empty')).toBeVisible();
  // a staff member can give a token only what they have
  await expect(staff.locator('[data-testid^="token-scope-"]')).toHaveCount(1);
  await staff.getByTestId('token-name').fill('Wallboard');
  await staff.getByTestId('token-expiry').selectOption('30');
  await staff.getByTestId('create-token').click();
  const secret = staff.getByTestId('token-secret');
  await expect(secret).toBeVisible();
  const token = await secret.getByTestId('token-value').inputValue();
  expect(token).toMatch(/^oat_/);
  await expect(secret.getByTestId('token-curl')).toHaveText(`curl -H "Authorization: Bearer ${token}" ${E2E_ONBOARDING_BASE_URL}/api/v1/alerts/unread/count`);
  await expect(staff.locator('[data-testid="token-row"][data-name="Wallboard"]')).toContainText('last used never');
  await screens(staff, testInfo, 'settings-tokens');

  // a client of its own, without the browser's cookies: only the token speaks for it
  const res = await request.get('/api/v1/alerts/unread/count', { headers: { authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ unread_count: 0 });

  // the admin's list now shows the staff member as joined, the manager still invited
  await admin.reload();
  await hydrated(admin);
  await expect(staffRow.getByTestId('invite-status')).toHaveCount(0);
  const managerRow = admin.locator(`[data-testid="person-row"][data-email="${MANAGER.email}"]`);
  await expect(managerRow.getByTestId('invite-status')).toHaveText('Invited');

  // managers cannot form a loop: the manager cannot report to their own report
  await managerRow.getByTestId('edit-person').click();
  const editor = managerRow.getByTestId('person-editor');
  await editor.getByTestId('edit-manager').selectOption({ label: STAFF.name });
  await editor.getByTestId('save-person').click();
  await expect(editor).toContainText('managers cannot form a loop');
  await screens(admin, testInfo, 'admin-users-edit');
  await editor.getByTestId('edit-manager').selectOption({ label: 'No manager' });
  await editor.getByTestId('edit-role').selectOption('admin');
  await editor.getByTestId('save-person').click();
  await expect(editor).toHaveCount(0);
  await expect(managerRow).toContainText('Admin');

  await Promise.all([adminContext.close(), staffContext.close()]);
});
