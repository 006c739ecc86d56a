import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { test as base, expect, type APIRequestContext, type APIResponse, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERS, E2E_BASE_URL, E2E_CRON_SECRET } from './env';

export { expect };
export * from './env';

/** Thin client for the app's HTTP API: no cookies, optional bearer token. */
export class ApiClient {
  constructor(private readonly request: APIRequestContext) {}

  get(path: string, opts: { token?: string; headers?: Record<string, string> } = {}): Promise<APIResponse> {
    return this.request.get(path, { headers: this.headers(opts), failOnStatusCode: false });
  }

  post(path: string, data: unknown, opts: { token?: string; headers?: Record<string, string> } = {}): Promise<APIResponse> {
    return this.request.post(path, { data, headers: this.headers(opts), failOnStatusCode: false });
  }

  /** GET /api/cron/<job>, as Vercel Cron calls it; `secret: null` sends no Authorization. */
  cron(job: string, secret: string | null = E2E_CRON_SECRET): Promise<APIResponse> {
    return this.get(`/api/cron/${job}`, secret === null ? {} : { token: secret });
  }

  private headers({ token, headers }: { token?: string; headers?: Record<string, string> }): Record<string, string> {
    return { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers };
  }
}

/** An RFC 9457 error answer with the given status. */
export async function expectProblem(res: APIResponse, status: number): Promise<Record<string, unknown>> {
  expect(res.status(), `${res.url()} → ${res.status()}`).toBe(status);
  expect(res.headers()['content-type']).toContain('application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, title: expect.any(String) });
  return body;
}

/** Fill the login form and submit it; does not wait for where it lands. */
export async function submitLogin(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByTestId('login-submit').click();
}

/** The bell's unread badge as a number; a bell without a badge counts as 0. */
export async function unreadCount(page: Page): Promise<number> {
  const bell = page.getByTestId('notification-bell');
  await expect(bell).toBeVisible();
  const badge = bell.getByTestId('unread-count');
  if ((await badge.count()) === 0) return 0;
  const text = (await badge.innerText()).trim();
  expect(text, 'unread-count shows a plain number').toMatch(/^\d+$/);
  return Number(text);
}

type Fixtures = {
  /** A page in its own browser context, signed in through the login form, on /notifications. */
  loggedInPage: (email: string, password?: string) => Promise<Page>;
  api: ApiClient;
};

export const test = base.extend<Fixtures>({
  loggedInPage: async ({ browser, baseURL, viewport }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (email, password = DEMO_PASSWORD) => {
      const context = await browser.newContext({ baseURL, viewport });
      contexts.push(context);
      const page = await context.newPage();
      await submitLogin(page, email, password);
      // leads land on the team view (/), staff on /notifications; the specs start from the notification center
      await expect(page).toHaveURL(/^https?:\/\/[^/]+\/(?:notifications)?(?:[?#]|$)/);
      if (!/\/notifications(?:[?#]|$)/.test(page.url())) await page.goto('/notifications');
      return page;
    });
    await Promise.all(contexts.map((c) => c.close()));
  },
  api: async ({ playwright, baseURL }, use) => {
    const request = await playwright.request.newContext({ baseURL });
    await use(new ApiClient(request));
    await request.dispose();
  },
});

/** An API token with events.write, made by the demo admin through the tokens API. */
export async function ingestToken(loggedInPage: (email: string) => Promise<Page>): Promise<string> {
  const admin = await loggedInPage(DEMO_USERS.admin);
  const res = await admin.request.post('/api/v1/tokens', {
    data: { name: `e2e ${Date.now()}`, scopes: ['events.write'], expires_in_days: 1 },
    headers: { origin: E2E_BASE_URL },
  });
  expect(res.status()).toBe(201);
  const { token } = (await res.json()) as { token: string };
  await admin.context().close();
  return token;
}

/** A tag no other test uses, to find one test's alerts with the center's search. */
export const uniqueTag = (prefix: string) => `${prefix}${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1296).toString(36).toUpperCase()}`;

/**
 * New critical complaints through the events API, one alert each for the assignee (and the
 * managers); titles and references carry `tag`. Returns the references, oldest first.
 */
export async function raiseComplaintAlerts(api: ApiClient, token: string, opts: { tag: string; count: number; assignee: string | null }): Promise<string[]> {
  const refs = Array.from({ length: opts.count }, (_, i) => `${opts.tag}-${i + 1}`);
  const events = refs.map((reference) => ({
    type: 'complaint.created',
    complaint: { reference, title: `${opts.tag} customer waiting`, priority: 'critical', customer_name: 'E2E Customer', assignee_email: opts.assignee },
  }));
  const res = await api.post('/api/v1/events', { events }, { token });
  expect(res.status(), await res.text()).toBe(200);
  return refs;
}

/** Server-rendered rows show before React has hydrated them; keys and clicks count only after. */
export async function hydrated(page: Page): Promise<void> {
  await expect(page.locator('[data-hydrated="true"]').first()).toBeAttached();
}

/**
 * Click, and wait until the app's write request (POST/PUT/DELETE to a URL containing `path`) has
 * answered: the UI updates optimistically, so a reload straight after could abort the request.
 */
export async function clickAndSettle(page: Page, target: { click: () => Promise<void> }, path: string): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().includes(path) && r.request().method() !== 'GET');
  await target.click();
  expect((await answered).ok(), `${path} answered`).toBe(true);
}

/** A screenshot of what is on screen, attached to the report and kept under test-results/screens/<name>.png. */
export async function screen(page: Page, testInfo: TestInfo, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  const dir = path.join('test-results', 'screens');
  mkdirSync(dir, { recursive: true });
  const body = await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: opts.fullPage ?? false });
  await testInfo.attach(name, { body, contentType: 'image/png' });
}

/** Holds the requests `route` matches until the returned release() is called: a slow network on demand. */
export async function holdRequests(page: Page, match: (url: URL) => boolean): Promise<() => void> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route(match, async (route) => {
    await gate;
    await route.continue().catch(() => {});
  });
  return release;
}
