import { DEMO_USERS, expect, holdRequests, hydrated, screen, test } from '../fixtures';

test.describe('app shell', () => {
  test('an unknown address is a 404 inside the app: header, bell and navigation stay', async ({ loggedInPage }, testInfo) => {
    const page = await loggedInPage(DEMO_USERS.staff2);
    const res = await page.goto('/no-such-page/at-all');
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId('not-found')).toContainText('Page not found');
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(page.getByTestId('notification-bell')).toBeVisible();
    await expect(page.getByTestId('viewer')).toContainText('Riley Staff');
    await screen(page, testInfo, 'not-found-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByTestId('not-found')).toBeInViewport();
    await screen(page, testInfo, 'not-found-390');

    // the way back is one click
    await page.getByTestId('not-found').getByRole('link', { name: 'Go to notifications' }).click();
    await expect(page).toHaveURL(/\/notifications$/);

    // an admin page is not there for staff: the same 404, in the same layout
    const admin = await page.goto('/admin/rules');
    expect(admin?.status()).toBe(404);
    await expect(page.getByTestId('not-found')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    expect((await page.goto('/admin'))?.status()).toBe(404);
    await expect(page.getByTestId('not-found')).toBeVisible();
  });

  test('signed out, an unknown address is a plain 404 that leads to sign-in', async ({ page }) => {
    const res = await page.goto('/no-such-page');
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId('not-found')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/login$/);
  });

  test('/admin opens the first admin tab', async ({ loggedInPage }) => {
    const page = await loggedInPage(DEMO_USERS.admin);
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/admin\/rules$/);
    await expect(page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Rules' })).toHaveAttribute('aria-current', 'page');
  });

  test('a thin bar at the top shows a navigation on its way, and goes when the page lands', async ({ loggedInPage }) => {
    const page = await loggedInPage(DEMO_USERS.staff2);
    await hydrated(page);
    const bar = page.getByTestId('nav-progress');
    await expect(bar).toHaveAttribute('data-state', 'idle');

    const release = await holdRequests(page, (url) => url.pathname === '/settings');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await expect(bar).toHaveAttribute('data-state', 'loading');
    const box = (await bar.boundingBox())!;
    expect(box.y).toBe(0);
    await expect(page).toHaveURL(/\/notifications$/);

    release();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(bar).toHaveAttribute('data-state', 'idle');

    // a link to the page already shown starts nothing
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await expect(bar).toHaveAttribute('data-state', 'idle');
  });

  test('the web app manifest is served and every icon it lists is a PNG', async ({ page, request }) => {
    const res = await request.get('/manifest.webmanifest');
    expect(res.status()).toBe(200);
    const manifest = (await res.json()) as { name: string; short_name: string; start_url: string; display: string; icons: { src: string; purpose?: string }[] };
    expect(manifest).toMatchObject({ name: 'Ops Alerts', short_name: 'Ops Alerts', start_url: '/', display: 'standalone' });
    expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
    for (const icon of manifest.icons) {
      const img = await request.get(icon.src);
      expect(img.status(), icon.src).toBe(200);
      expect(img.headers()['content-type'], icon.src).toBe('image/png');
    }
    const apple = await request.get('/apple-touch-icon.png');
    expect(apple.status()).toBe(200);
    expect(apple.headers()['content-type']).toBe('image/png');

    // every page links them
    await page.goto('/login');
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
    await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute('href', '/apple-touch-icon.png');
    await expect(page.locator('meta[name="theme-color"]').first()).toHaveAttribute('content', /^#/);
  });
});
