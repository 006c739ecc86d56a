/** What the e2e web server is started with (playwright.config.ts) and what the specs rely on. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
/** The second server (project `onboarding`): a real, non-demo deployment on an empty database. */
export const E2E_ONBOARDING_PORT = E2E_PORT + 10;
export const E2E_ONBOARDING_BASE_URL = `http://127.0.0.1:${E2E_ONBOARDING_PORT}`;
export const E2E_CRON_SECRET = 'e2e-cron-secret';
export const E2E_AUTH_SECRET = 'e2e-auth-secret-not-for-production-0123456789';
// GET /api/metrics answers with this token
export const E2E_METRICS_TOKEN = 'e2e-metrics-token';
// signs the server's webhooks, so a spec can check what its receiver got
export const E2E_WEBHOOK_SECRET = 'whsec_ZTJlLXdlYmhvb2stc2VjcmV0LW5vdC1mb3ItcHJvZHVjdGlvbg==';

/** Seeded by `npm start` in demo mode (db/seed.ts). */
export const DEMO_PASSWORD = 'demo-password';
export const DEMO_USERS = {
  admin: 'admin@demo.local',
  manager: 'manager@demo.local',
  staff1: 'staff1@demo.local',
  staff2: 'staff2@demo.local',
  staff3: 'staff3@demo.local',
} as const;
