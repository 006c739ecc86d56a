import { request, type FullConfig } from '@playwright/test';
import { E2E_CRON_SECRET } from './env';

/**
 * `npm start` answers /api/health before its start-up SLA run has committed the demo alerts.
 * Run the SLA job ourselves until one run succeeds: then every spec starts from the same inbox.
 */
export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0]?.use.baseURL;
  const api = await request.newContext({ baseURL });
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await api.get('/api/cron/sla', { headers: { authorization: `Bearer ${E2E_CRON_SECRET}` } });
      const body = (await res.json().catch(() => ({}))) as { status?: string };
      if (res.ok() && body.status === 'succeeded') return;
      // 'skipped': the scheduler's start-up run holds the job lock right now
      if (Date.now() > deadline) throw new Error(`SLA cron never succeeded: ${res.status()} ${JSON.stringify(body)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await api.dispose();
  }
}
