import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_USERS, E2E_AUTH_SECRET, E2E_BASE_URL, E2E_CRON_SECRET, expect, test, unreadCount, type ApiClient } from '../fixtures';
import { spawnWeb } from '../../scripts/lib/web-app';
import type { Page } from '@playwright/test';

/** An API token with events.write, made by the demo admin through the tokens API. */
async function ingestToken(loggedInPage: (email: string) => Promise<Page>): Promise<string> {
  const admin = await loggedInPage(DEMO_USERS.admin);
  const res = await admin.request.post('/api/v1/tokens', {
    data: { name: `e2e ${Date.now()}`, scopes: ['events.write'], expires_in_days: 1 },
    headers: { origin: E2E_BASE_URL },
  });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

let seq = 0;
const criticalComplaint = (api: ApiClient, token: string, assignee: string, baseUrl?: string) =>
  api.post(
    `${baseUrl ?? ''}/api/v1/events`,
    { type: 'complaint.created', complaint: { reference: `E2E-${Date.now()}-${seq++}`, title: 'Flooded basement', priority: 'critical', assignee_email: assignee } },
    { token },
  );

test('an event posted to the API reaches an open page: bell count and a critical toast, without reload', async ({ loggedInPage, api }) => {
  const token = await ingestToken(loggedInPage);
  const page = await loggedInPage(DEMO_USERS.staff1);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
  const before = await unreadCount(page);
  const items = await page.getByTestId('notification-item').count();

  const res = await criticalComplaint(api, token, DEMO_USERS.staff1);
  expect(res.status()).toBe(200);

  await expect.poll(() => unreadCount(page)).toBe(before + 1);
  await expect(page.getByTestId('critical-toast')).toContainText('Flooded basement');
  await expect.poll(() => page.getByTestId('notification-item').count()).toBeGreaterThan(Math.min(items, 19));
});

test.describe('two app instances on one database', () => {
  let second: ChildProcess | undefined;
  const SECOND_PORT = 3101;
  const secondUrl = `http://127.0.0.1:${SECOND_PORT}`;

  test.beforeAll(async () => {
    const runtime = JSON.parse(readFileSync(path.join(process.env.OPS_ALERTS_E2E_DATA_DIR!, 'runtime.json'), 'utf8')) as { database_url: string };
    second = spawnWeb('start', SECOND_PORT, { ...process.env, DATABASE_URL: runtime.database_url, AUTH_SECRET: E2E_AUTH_SECRET, CRON_SECRET: E2E_CRON_SECRET }, 'ignore');
    await expect.poll(async () => (await fetch(`${secondUrl}/api/health`).catch(() => null))?.status, { timeout: 60_000 }).toBe(200);
  });

  test.afterAll(() => {
    second?.kill('SIGTERM');
  });

  test('an alert fired through instance 1 reaches a viewer connected to instance 2', async ({ loggedInPage, api, browser }) => {
    const token = await ingestToken(loggedInPage);
    const context = await browser.newContext({ baseURL: secondUrl });
    const page = await context.newPage();
    await page.goto('/login');
    await page.locator('input[name="email"]').fill(DEMO_USERS.staff2);
    await page.locator('input[name="password"]').fill('demo-password');
    await page.getByTestId('login-submit').click();
    await expect(page).toHaveURL(new RegExp(`^${secondUrl}/notifications`));
    await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
    const before = await unreadCount(page);

    const res = await criticalComplaint(api, token, DEMO_USERS.staff2, E2E_BASE_URL);
    expect(res.status()).toBe(200);
    await expect.poll(() => unreadCount(page)).toBe(before + 1);
    await context.close();
  });
});
