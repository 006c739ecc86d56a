import { defineConfig, devices } from '@playwright/test';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { E2E_AUTH_SECRET, E2E_BASE_URL, E2E_CRON_SECRET, E2E_METRICS_TOKEN, E2E_ONBOARDING_BASE_URL, E2E_ONBOARDING_PORT, E2E_PORT, E2E_WEBHOOK_SECRET } from './e2e/env';

/**
 * A fresh data directory per run for the app's embedded PostgreSQL. The runner makes it once and
 * hands it to the workers through the environment; the process that made it removes it on exit,
 * after Playwright has stopped the web server (set E2E_KEEP_DATA=1 to keep it for a post-mortem).
 */
function runDataDir(envName = 'OPS_ALERTS_E2E_DATA_DIR'): string {
  const existing = process.env[envName];
  if (existing) return existing;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ops-alerts-e2e-'));
  chmodSync(dir, 0o755); // the embedded server runs as the `postgres` system user when we are root
  process.env[envName] = dir;
  if (!process.env.E2E_KEEP_DATA) {
    process.on('exit', () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }));
  }
  return dir;
}

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    navigationTimeout: 30_000,
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /onboarding\//,
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS },
      },
    },
    {
      // a real deployment's first day: no demo data, no ADMIN_EMAIL, the setup link, invites
      name: 'onboarding',
      testMatch: /onboarding\/.*\.spec\.ts/,
      use: {
        ...devices['Desktop Chrome'],
        baseURL: E2E_ONBOARDING_BASE_URL,
        launchOptions: { executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS },
      },
    },
  ],
  // started in order: the first builds the app when sources changed, the second reuses that build
  webServer: [
    {
      command: 'npx tsx scripts/start.ts',
      url: `${E2E_BASE_URL}/api/health`,
      timeout: 240_000, // a clean checkout runs `next build` first
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      // SIGTERM lets start.ts stop its embedded PostgreSQL before the data directory goes
      gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
      env: {
        PORT: String(E2E_PORT),
        DATA_DIR: runDataDir(),
        DEMO: '1',
        DEMO_ACTIVITY: '0',
        // the suite drives the cron routes itself, so nothing fires between a count and its check
        LOCAL_CRON: '0',
        CRON_SECRET: E2E_CRON_SECRET,
        AUTH_SECRET: E2E_AUTH_SECRET,
        WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
        METRICS_TOKEN: E2E_METRICS_TOKEN,
        // email and Slack stay unconfigured: their deliveries are recorded as skipped
        SMTP_URL: '',
        // the specs' webhook receivers listen on loopback, which the outbound guard refuses otherwise
        OUTBOUND_ALLOW: '127.0.0.1/32',
        SLACK_WEBHOOK_URL: '',
        // Playwright merges this over process.env: blank out a DATABASE_URL meant for the integration suite
        DATABASE_URL: process.env.E2E_DATABASE_URL ?? '',
      },
    },
    {
      command: 'npx tsx scripts/start.ts',
      url: `${E2E_ONBOARDING_BASE_URL}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
      env: {
        PORT: String(E2E_ONBOARDING_PORT),
        // its own empty database; e2e/onboarding reads the setup link from setup-url.txt here
        DATA_DIR: runDataDir('OPS_ALERTS_E2E_ONBOARDING_DATA_DIR'),
        DEMO: '0',
        ADMIN_EMAIL: '',
        ADMIN_PASSWORD: '',
        LOCAL_CRON: '0',
        APP_URL: E2E_ONBOARDING_BASE_URL,
        CRON_SECRET: E2E_CRON_SECRET,
        AUTH_SECRET: E2E_AUTH_SECRET,
        WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
        SMTP_URL: '',
        SLACK_WEBHOOK_URL: '',
        OUTBOUND_ALLOW: '127.0.0.1/32',
        DATABASE_URL: '',
      },
    },
  ],
});
